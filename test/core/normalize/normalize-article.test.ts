import { readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  type NormalizeContext,
  type NormalizeResult,
  normalizeArticle,
} from "../../../src/core/normalize/normalize-article.js";
import { isContentError } from "../../../src/core/parse/content-error.js";
import { parseArticle } from "../../../src/core/parse/parse-article.js";
import type {
  Article,
  ContentError,
  ContentErrorCode,
  ContentWarning,
  ParsedArticle,
} from "../../../src/core/types.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const BASE_URL = "https://blog.example";
const MTIME = Date.UTC(2025, 5, 1, 12, 0, 0);

type Data = Record<string, unknown>;

function createParsed(data: Data, body = "", path = "posts/hello.md"): ParsedArticle {
  return { path, data, body, bodyLine: 3 };
}

function createContext(overrides: Partial<NormalizeContext> = {}): NormalizeContext {
  return { baseUrl: BASE_URL, idPrefix: null, mtimeMs: MTIME, hash: "sha256-abc", ...overrides };
}

/** Normalise an article dated so no missing-date warning muddies the test. */
function normalize(
  data: Data,
  options: { body?: string; path?: string; ctx?: Partial<NormalizeContext> } = {},
): NormalizeResult {
  const dated = "date" in data ? data : { date: "2024-05-01", ...data };
  return normalizeArticle(
    createParsed(dated, options.body, options.path),
    createContext(options.ctx),
  );
}

function article(data: Data, options: Parameters<typeof normalize>[1] = {}): Article {
  const result = normalize(data, options);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.reason}`);
  return result.article;
}

function failure(data: Data, options: Parameters<typeof normalize>[1] = {}): ContentError {
  const result = normalize(data, options);
  if (result.ok) throw new Error("expected an error");
  return result.error;
}

function warningsOf(data: Data, options: Parameters<typeof normalize>[1] = {}): ContentWarning[] {
  const result = normalizeArticle(
    createParsed(data, options.body, options.path),
    createContext(options.ctx),
  );
  if (!result.ok) throw new Error(result.error.reason);
  return result.warnings;
}

describe("normalizeArticle: slug, link and id", () => {
  it.each<{ name: string; data: Data; path?: string; slug: string }>([
    {
      name: "the path without its extension",
      data: {},
      path: "2024/hello-world.md",
      slug: "2024/hello-world",
    },
    { name: "front matter slug wins", data: { slug: "custom" }, path: "2024/x.md", slug: "custom" },
    { name: "slug trimmed, outer slashes stripped", data: { slug: " /a/b/ " }, slug: "a/b" },
    {
      name: "a blank slug falls back to the path",
      data: { slug: "  " },
      path: "p/q.md",
      slug: "p/q",
    },
  ])("slug: $name", ({ data, path, slug }) => {
    expect(article(data, path === undefined ? {} : { path }).slug).toBe(slug);
  });

  it.each<{ name: string; data: Data; link: string }>([
    {
      name: "default: BASE_URL/articles/<slug>",
      data: {},
      link: `${BASE_URL}/articles/posts/hello`,
    },
    {
      name: "segments percent-encoded",
      data: { slug: "a b/ü" },
      link: `${BASE_URL}/articles/a%20b/%C3%BC`,
    },
    {
      name: "absolute permalink",
      data: { permalink: "https://other.example/x" },
      link: "https://other.example/x",
    },
    { name: "url relative to the site", data: { url: "/2024/x/" }, link: `${BASE_URL}/2024/x/` },
    {
      name: "link relative without a slash",
      data: { link: "pages/x" },
      link: `${BASE_URL}/pages/x`,
    },
    {
      name: "permalink before url before link",
      data: { permalink: "/p", url: "/u", link: "/l" },
      link: `${BASE_URL}/p`,
    },
  ])("link: $name", ({ data, link }) => {
    expect(article(data).link).toBe(link);
  });

  it("keeps the base URL's path for site-relative permalinks", () => {
    const ctx = { baseUrl: "https://example.org/blog" };
    expect(article({ permalink: "/x" }, { ctx }).link).toBe("https://example.org/blog/x");
  });

  it.each<{ name: string; data: Data; ctx?: Partial<NormalizeContext>; id: string }>([
    { name: "default: the article URL", data: {}, id: `${BASE_URL}/articles/posts/hello` },
    {
      name: "idPrefix + slug",
      data: { slug: "2024/hello" },
      ctx: { idPrefix: "tag:blog.example,2026:" },
      id: "tag:blog.example,2026:2024/hello",
    },
    {
      name: "not the permalink override",
      data: { permalink: "https://elsewhere.example/x" },
      id: `${BASE_URL}/articles/posts/hello`,
    },
    {
      name: "an empty idPrefix counts as unset",
      data: {},
      ctx: { idPrefix: "" },
      id: `${BASE_URL}/articles/posts/hello`,
    },
  ])("id: $name", ({ data, ctx, id }) => {
    expect(article(data, ctx === undefined ? {} : { ctx }).id).toBe(id);
  });

  it("keeps the id when only the text changes", () => {
    const before = article({ title: "Draft title", description: "Old." }, { body: "<p>Old</p>" });
    const after = article({ title: "Final title", description: "New." }, { body: "<p>New</p>" });
    expect(after.id).toBe(before.id);
  });

  it.each<{ name: string; data: Data }>([
    { name: "a .. slug", data: { slug: "../../etc" } },
    { name: "a slug with a control character", data: { slug: "a\u0007b" } },
    { name: "a javascript: permalink", data: { permalink: "javascript:alert(1)" } },
    { name: "a permalink that is a list", data: { url: ["/a"] } },
  ])("refuses $name as bad-field", ({ data }) => {
    const error = failure(data);
    expect(error.code).toBe("bad-field");
    expect(error.path).toBe("posts/hello.md");
  });
});

describe("normalizeArticle: title", () => {
  it.each<{ name: string; data: Data; body?: string; path?: string; title: string }>([
    { name: "trimmed", data: { title: "  Hello  " }, title: "Hello" },
    {
      name: "a folded scalar with trailing spaces",
      data: { title: "A title \n  over lines \n" },
      title: "A title over lines",
    },
    {
      name: "entity-like text kept as written",
      data: { title: "Fish &amp; chips &#8212; hot" },
      title: "Fish &amp; chips &#8212; hot",
    },
    {
      name: "tag-like text kept as written",
      data: { title: "Tag-like text <b>not bold</b> and &amp; entity" },
      title: "Tag-like text <b>not bold</b> and &amp; entity",
    },
    { name: "a number", data: { title: 1984 }, title: "1984" },
    {
      name: "from the first <h1>",
      data: {},
      path: "a.html",
      body: "<h1>From &lt;h1&gt;</h1>",
      title: "From <h1>",
    },
    {
      name: "from a # heading",
      data: {},
      body: "Intro.\n\n# From *Markdown*\n",
      title: "From Markdown",
    },
    {
      name: "a blank title falls back",
      data: { title: "  " },
      body: "# Heading\n",
      title: "Heading",
    },
    {
      name: "from the file name",
      data: {},
      path: "2024/my-first-post.md",
      body: "No heading.",
      title: "my-first-post",
    },
  ])("$name", ({ data, body, path, title }) => {
    const options = {
      ...(body === undefined ? {} : { body }),
      ...(path === undefined ? {} : { path }),
    };
    expect(article(data, options).title).toBe(title);
  });

  it("refuses a title that is a mapping", () => {
    expect(failure({ title: { en: "Hi" } })).toMatchObject({
      code: "bad-field",
      reason: expect.stringContaining('"title"'),
    });
  });
});

describe("normalizeArticle: summary", () => {
  const paragraphBody = "<p></p><p>From the body.</p>";

  it.each<{ name: string; data: Data; body?: string; path?: string; summary: string }>([
    {
      name: "description",
      data: { description: "From description.", excerpt: "x", summary: "y" },
      summary: "From description.",
    },
    {
      name: "excerpt when description is null",
      data: { description: null, excerpt: "From excerpt.", summary: "y" },
      summary: "From excerpt.",
    },
    { name: "summary after excerpt", data: { summary: "From summary." }, summary: "From summary." },
    {
      name: "the body's first HTML paragraph",
      data: {},
      path: "a.html",
      body: paragraphBody,
      summary: "From the body.",
    },
    {
      name: "the body's first Markdown paragraph",
      data: {},
      body: "# T\n\nFrom *Markdown*.\n",
      summary: "From Markdown.",
    },
    { name: "whitespace folded", data: { description: " a \n\n b " }, summary: "a b" },
    {
      name: "every entity decoded",
      data: { description: "I &hearts; feeds" },
      summary: "I ♥ feeds",
    },
    {
      name: "every entity decoded in a first paragraph",
      data: {},
      path: "a.html",
      body: "<p>I &hearts; &check; feeds</p>",
      summary: "I ♥ ✓ feeds",
    },
    {
      name: "every entity decoded in a Markdown paragraph",
      data: {},
      body: "I &hearts; *feeds* &amp; &#9731;\n",
      summary: "I ♥ feeds & ☃",
    },
    {
      name: "run-together sentences repaired",
      data: { description: 'one campaign.These people said "no."Then' },
      summary: 'one campaign. These people said "no." Then',
    },
    {
      name: "an opening quote goes with its sentence",
      data: { description: 'it ended."We won," she said.' },
      summary: 'it ended. "We won," she said.',
    },
    {
      name: "abbreviations left alone",
      data: { description: "The U.S. and Node.js at 3.14 p.m.ET" },
      summary: "The U.S. and Node.js at 3.14 p.m.ET",
    },
    {
      name: "page-widget text loses to the first paragraph",
      data: { description: "Headline TooEnlarge this image toggle caption Someone/AP" },
      path: "a.html",
      body: paragraphBody,
      summary: "From the body.",
    },
    { name: "no text anywhere", data: {}, body: "```\ncode\n```\n", summary: "" },
  ])("$name", ({ data, body, path, summary }) => {
    const options = {
      ...(body === undefined ? {} : { body }),
      ...(path === undefined ? {} : { path }),
    };
    expect(article(data, options).summary).toBe(summary);
  });

  it("cuts at a word boundary near 300 characters with an ellipsis", () => {
    const words = Array.from({ length: 100 }, (_, index) => `word${index}`).join(" ");
    const { summary } = article({ description: words });
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary.length).toBeGreaterThan(250);
    expect(summary.endsWith("…")).toBe(true);
    expect(words.startsWith(summary.slice(0, -1))).toBe(true);
    expect(words[summary.length - 1]).toBe(" ");
  });

  it("refuses a description that is a list", () => {
    expect(failure({ description: ["a"] }).code).toBe("bad-field");
  });
});

describe("normalizeArticle: dates", () => {
  it.each<{ name: string; data: Data; path?: string; published: number }>([
    {
      name: "epoch seconds, float kept",
      data: { date: 1603335031.6184926 },
      published: Number("1603335031618.4926"),
    },
    {
      name: "epoch seconds as a string",
      data: { date: "1603335031.6184926" },
      published: Number("1603335031618.4926"),
    },
    { name: "epoch milliseconds", data: { date: 1603335031618 }, published: 1603335031618 },
    { name: "ISO date", data: { date: "2021-03-06" }, published: Date.UTC(2021, 2, 6) },
    {
      name: "ISO without offset is UTC",
      data: { date: "2021-03-06T10:00:00" },
      published: Date.UTC(2021, 2, 6, 10),
    },
    {
      name: "ISO with offset",
      data: { date: "2021-03-06T10:00:00-05:00" },
      published: Date.UTC(2021, 2, 6, 15),
    },
    {
      name: "YAML timestamp",
      data: { date: new Date(Date.UTC(2021, 2, 6, 1)) },
      published: Date.UTC(2021, 2, 6, 1),
    },
    {
      name: "file-name prefix",
      data: { date: null },
      path: "2024/2024-05-01-hello.md",
      published: Date.UTC(2024, 4, 1),
    },
  ])("published: $name", ({ data, path, published }) => {
    expect(article(data, path === undefined ? {} : { path }).published).toBe(published);
  });

  it("falls back to the mtime with a missing-date warning", () => {
    const result = normalizeArticle(createParsed({ title: "Undated" }), createContext());
    expect(result.ok && result.article.published).toBe(MTIME);
    expect(result.ok && result.warnings).toEqual([
      {
        path: "posts/hello.md",
        code: "missing-date",
        reason: expect.stringMatching(/^[A-Z].*\.$/),
      },
    ]);
  });

  it("a file-name date gives no warning", () => {
    expect(warningsOf({}, { path: "2024-05-01-hello.md" })).toEqual([]);
  });

  it.each<{ name: string; data: Data; updated: number }>([
    { name: "published when absent", data: { date: "2021-03-06" }, updated: Date.UTC(2021, 2, 6) },
    {
      name: "updated",
      data: { date: "2021-03-06", updated: "2021-04-01" },
      updated: Date.UTC(2021, 3, 1),
    },
    {
      name: "lastmod",
      data: { date: "2021-03-06", lastmod: 1617235200 },
      updated: Date.UTC(2021, 3, 1),
    },
    {
      name: "modified",
      data: { date: "2021-03-06", modified: new Date(Date.UTC(2021, 3, 1)) },
      updated: Date.UTC(2021, 3, 1),
    },
    {
      name: "updated before lastmod",
      data: { date: "2021-03-06", updated: "2021-04-01", lastmod: "2021-05-01" },
      updated: Date.UTC(2021, 3, 1),
    },
  ])("updated: $name", ({ data, updated }) => {
    expect(article(data).updated).toBe(updated);
  });

  it.each<{ name: string; data: Data; field: string }>([
    { name: "words", data: { date: "last Tuesday" }, field: "date" },
    { name: "a bare year", data: { date: 2021 }, field: "date" },
    { name: "an impossible day", data: { date: "2021-02-30" }, field: "date" },
    { name: "a bad updated", data: { date: "2021-03-06", updated: "soon" }, field: "updated" },
  ])("refuses $name as bad-date, naming the field", ({ data, field }) => {
    const error = failure(data);
    expect(error.code).toBe("bad-date");
    expect(error.reason).toContain(`"${field}"`);
  });
});

describe("normalizeArticle: tags, image, authors, language, draft", () => {
  it.each<{ name: string; data: Data; tags: string[] }>([
    { name: "keywords string", data: { keywords: "a, b ,, c \n" }, tags: ["a", "b", "c"] },
    { name: "tags list", data: { tags: ["Fathom"] }, tags: ["Fathom"] },
    { name: "categories string", data: { categories: "x, y" }, tags: ["x", "y"] },
    {
      name: "keywords, tags, categories merged and de-duplicated",
      data: {
        keywords: "Iran, voters",
        tags: ["iran", "Election"],
        categories: ["VOTERS", "news"],
      },
      tags: ["Iran", "voters", "Election", "news"],
    },
    { name: "none", data: {}, tags: [] },
  ])("tags: $name", ({ data, tags }) => {
    expect(article(data).tags).toEqual(tags);
  });

  it.each<{ name: string; data: Data; image: string | undefined }>([
    {
      name: "absolute",
      data: { image: "https://img.example/a.jpg" },
      image: "https://img.example/a.jpg",
    },
    {
      name: "relative to the article's folder",
      data: { image: "a.jpg" },
      image: `${BASE_URL}/posts/a.jpg`,
    },
    { name: "root-relative", data: { cover: "/media/a.jpg" }, image: `${BASE_URL}/media/a.jpg` },
    { name: "thumbnail", data: { thumbnail: "t.png" }, image: `${BASE_URL}/posts/t.png` },
    {
      name: "a mapping with src",
      data: { image: { src: "a.jpg", alt: "A" } },
      image: `${BASE_URL}/posts/a.jpg`,
    },
    { name: "javascript: dropped", data: { image: "javascript:alert(1)" }, image: undefined },
    {
      name: "data: dropped, cover used",
      data: { image: "data:image/gif;base64,R0lG", cover: "c.jpg" },
      image: `${BASE_URL}/posts/c.jpg`,
    },
    { name: "none", data: {}, image: undefined },
  ])("image: $name", ({ data, image }) => {
    expect(article(data).image).toBe(image);
  });

  it.each<{ name: string; data: Data; ctx?: Partial<NormalizeContext>; authors: object[] }>([
    { name: "a string", data: { author: "Ada" }, authors: [{ name: "Ada" }] },
    {
      name: "a list",
      data: { authors: ["Ada", "Grace"] },
      authors: [{ name: "Ada" }, { name: "Grace" }],
    },
    {
      name: "a mapping",
      data: { author: { name: "Ada", email: "ada@example.org" } },
      authors: [{ name: "Ada", email: "ada@example.org" }],
    },
    {
      name: "the default author",
      data: {},
      ctx: { defaultAuthor: { name: "Site" } },
      authors: [{ name: "Site" }],
    },
    {
      name: "own authors beat the default",
      data: { author: "Ada" },
      ctx: { defaultAuthor: { name: "Site" } },
      authors: [{ name: "Ada" }],
    },
    { name: "none and no default", data: {}, authors: [] },
  ])("authors: $name", ({ data, ctx, authors }) => {
    expect(article(data, ctx === undefined ? {} : { ctx }).authors).toEqual(authors);
  });

  it.each<{ name: string; data: Data; language: string | undefined }>([
    { name: "lang", data: { lang: "en" }, language: "en" },
    { name: "language", data: { language: "pt-BR" }, language: "pt-BR" },
    { name: "underscore form", data: { lang: "en_US" }, language: "en-US" },
    { name: "none", data: {}, language: undefined },
  ])("language: $name", ({ data, language }) => {
    expect(article(data).language).toBe(language);
  });

  it("refuses a language that is not a tag", () => {
    expect(failure({ lang: "English please" }).code).toBe("bad-field");
  });

  it.each<{ name: string; data: Data; draft: boolean }>([
    { name: "draft: true", data: { draft: true }, draft: true },
    { name: "draft: false", data: { draft: false }, draft: false },
    { name: "published: false", data: { published: false }, draft: true },
    { name: "published: true", data: { published: true }, draft: false },
    { name: "draft as a quoted word", data: { draft: "true" }, draft: true },
    { name: "neither", data: {}, draft: false },
  ])("draft: $name", ({ data, draft }) => {
    expect(article(data).draft).toBe(draft);
  });
});

describe("normalizeArticle: enclosure", () => {
  it.each<{ name: string; data: Data; enclosure: object }>([
    {
      name: "audio: a relative URL",
      data: { audio: "ep1.mp3" },
      enclosure: { url: `${BASE_URL}/posts/ep1.mp3`, type: "audio/mpeg" },
    },
    {
      name: "enclosure: a mapping",
      data: {
        enclosure: { url: "https://cdn.example/ep1.m4a", length: "1234", duration: "00:45:30" },
      },
      enclosure: {
        url: "https://cdn.example/ep1.m4a",
        type: "audio/mp4",
        length: 1234,
        duration: 2730,
      },
    },
  ])("$name", ({ data, enclosure }) => {
    expect(article(data).enclosure).toEqual(enclosure);
  });

  it.each<{ name: string; data: Data }>([
    { name: "no url", data: { enclosure: { length: 1 } } },
    { name: "a javascript: url", data: { audio: "javascript:play()" } },
    { name: "a bad length", data: { enclosure: { url: "a.mp3", length: "lots" } } },
  ])("refuses $name as bad-field", ({ data }) => {
    expect(failure(data).code).toBe("bad-field");
  });
});

describe("normalizeArticle: body format, extra, hash", () => {
  it.each([
    { path: "a.md", body: "<p>x</p>", format: "markdown" },
    { path: "a.markdown", body: "x", format: "markdown" },
    { path: "a.html", body: "x", format: "html" },
    { path: "a.htm", body: "x", format: "html" },
    { path: "a.txt", body: "<div><p>x</p></div>", format: "html" },
    { path: "a.txt", body: "Plain *text*", format: "markdown" },
  ])("$path with $body → $format", ({ path, body, format }) => {
    expect(article({}, { path, body }).bodyFormat).toBe(format);
  });

  it("warns about an unknown extension", () => {
    const warnings = warningsOf({ date: "2024-01-01" }, { path: "a.rst", body: "<p>x</p>" });
    expect(warnings.map((warning) => warning.code)).toEqual(["unknown-body-format"]);
  });

  it("keeps every field it does not interpret, JSON-safe", () => {
    const { extra } = article({
      extends: "_layouts.post",
      section: "content",
      featured: true,
      event: new Date(Date.UTC(2024, 0, 2)),
      series: { name: "Ferries", part: 2 },
      published: new Date(Date.UTC(2024, 0, 1)),
      title: "T",
      keywords: "a",
    });
    expect(extra).toEqual({
      extends: "_layouts.post",
      section: "content",
      featured: true,
      event: "2024-01-02T00:00:00.000Z",
      series: { name: "Ferries", part: 2 },
      published: "2024-01-01T00:00:00.000Z",
    });
    expect(JSON.parse(JSON.stringify(extra))).toEqual(extra);
  });

  it("does not keep published when it is a flag", () => {
    expect(article({ published: false }).extra).toEqual({});
  });

  it("carries the hash and path and returns frozen objects", () => {
    const result = article(
      { author: "Ada", tags: ["a"], audio: "a.mp3", series: { part: 1 } },
      { path: "x/y.md" },
    );
    expect(result.hash).toBe("sha256-abc");
    expect(result.path).toBe("x/y.md");
    for (const value of [
      result,
      result.tags,
      result.authors,
      result.authors[0],
      result.enclosure,
      result.extra,
      result.extra.series,
    ]) {
      expect(Object.isFrozen(value)).toBe(true);
    }
  });

  it("never reads inherited properties as fields", () => {
    const inherited = {
      title: "Inherited",
      tags: ["x"],
      draft: true,
      image: "https://x.example/a.png",
    };
    const data = Object.create(inherited) as Data;
    data.date = "2024-01-01";
    const result = article(data, { path: "a.md" });
    expect(result).toMatchObject({ title: "a", tags: [], draft: false });
    expect(result.image).toBeUndefined();
  });
});

describe("parseArticle + normalizeArticle on fixtures", () => {
  const fixtures = resolve(HERE, "../../fixtures/parse");

  function fromFixture(name: string, ctx: Partial<NormalizeContext> = {}): NormalizeResult {
    const parsed = parseArticle(name, new Uint8Array(readFileSync(resolve(fixtures, name))));
    if (isContentError(parsed)) throw new Error(parsed.reason);
    return normalizeArticle(parsed, createContext(ctx));
  }

  it("trailing-space-delimiters.txt: the scraped-article family", () => {
    const result = fromFixture("trailing-space-delimiters.txt");
    if (!result.ok) throw new Error(result.error.reason);
    expect(result.article).toMatchObject({
      slug: "trailing-space-delimiters",
      title: "Harbour ferries return to the timetable after a winter of repairs",
      summary:
        'The city\'s three harbour ferries are running again on the full timetable. Council engineers said the hulls were sound. "We are glad to be back," one skipper said. Fares stay the same until spring.',
      published: Number("1700000000123.4567"),
      tags: ["ferries", "harbour", "council", "timetable", "repairs"],
      image: "https://img.example.net/harbour/ferry-at-dawn.jpg",
      bodyFormat: "html",
      extra: { extends: "_layouts.post", section: "content" },
    });
    expect(result.warnings).toEqual([]);
  });

  it("plain-delimiters.md: a Markdown blog post", () => {
    const result = fromFixture("plain-delimiters.md");
    if (!result.ok) throw new Error(result.error.reason);
    expect(result.article).toMatchObject({
      title: "Writing a tiny parser",
      summary: "A parser turns text into structure.",
      published: Date.UTC(2021, 2, 6),
      tags: ["Parsing", "TypeScript", "Notes"],
      bodyFormat: "markdown",
    });
  });

  it("crlf-and-bom.txt: the title folds and the body sniffs as HTML", () => {
    const result = fromFixture("crlf-and-bom.txt");
    if (!result.ok) throw new Error(result.error.reason);
    expect(result.article).toMatchObject({
      title: "Line endings from another editor",
      summary: "First line.",
      published: Date.UTC(2024, 1, 29, 11),
      bodyFormat: "html",
    });
  });

  it("empty-values.md: an empty description falls back to the body", () => {
    const result = fromFixture("empty-values.md", { mtimeMs: 5 });
    if (!result.ok) throw new Error(result.error.reason);
    expect(result.article.summary).toBe("First paragraph of the body.");
    expect(result.article.tags).toEqual([]);
    expect(result.article.published).toBe(5);
  });
});

describe("the real seed files", () => {
  const seeds = resolve(HERE, "../../../../shared/seeds");
  let names: string[] = [];
  try {
    names = readdirSync(seeds)
      .filter((name) => name.endsWith(".txt"))
      .sort();
  } catch {
    names = [];
  }
  const expected: Record<string, { title: RegExp; published: number; firstTags: string[] }> = {
    "000_7c6dd46c03c5969d.txt": {
      title: /^Russia, Iran have obtained voter data .* DNI$/,
      published: Number("1603335031618.4926"),
      firstTags: ["campaign", "obtained", "trump"],
    },
    "002_ee8fc7865a6633f4.txt": {
      title: /^U\.S\. Blames Iran .* Interfere Too$/,
      published: Number("1603328389162.9581"),
      firstTags: ["russia", "say", "officials"],
    },
  };

  it.skipIf(names.length === 0)(
    "parse and normalise with the expected title, date and tags",
    () => {
      for (const name of names) {
        const parsed = parseArticle(name, new Uint8Array(readFileSync(resolve(seeds, name))));
        if (isContentError(parsed)) throw new Error(`${name}: ${parsed.reason}`);
        const result = normalizeArticle(parsed, createContext());
        if (!result.ok) throw new Error(`${name}: ${result.error.reason}`);
        const { title, summary, published, tags, bodyFormat, image } = result.article;
        expect(bodyFormat).toBe("html");
        expect(image).toMatch(/^https:\/\//);
        expect(summary.length).toBeLessThanOrEqual(300);
        expect(summary).not.toMatch(/[a-z]{2}\.[A-Z]/);
        expect(summary).not.toMatch(/Enlarge this image|toggle caption/);
        const want = expected[name];
        if (want === undefined) continue;
        expect(title).toMatch(want.title);
        expect(published).toBe(want.published);
        expect(tags.slice(0, 3)).toEqual(want.firstTags);
      }
    },
  );
});

describe("normalizeArticle never throws on odd front matter", () => {
  const odd: Data[] = [
    { title: null, date: null, tags: null, author: null, image: null, enclosure: null },
    { title: true, description: 12, keywords: 5, categories: { a: 1 }, image: 7 },
    { draft: "maybe", published: "2024-01-01", lang: null },
    { updated: null, lastmod: "", modified: undefined },
  ];
  it.each(odd.map((data, index) => ({ index, data })))("odd front matter #$index", ({ data }) => {
    const result = normalizeArticle(createParsed(data), createContext());
    expect(typeof result.ok).toBe("boolean");
    if (!result.ok)
      expect((["bad-field", "bad-date"] as ContentErrorCode[]).includes(result.error.code)).toBe(
        true,
      );
  });
});
