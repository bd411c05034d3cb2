import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import Parser from "rss-parser";
import { afterAll, describe, expect, it } from "vitest";
import { renderBody } from "../../src/core/clean/render-body.js";
import { buildFeedDocument, type FeedContext } from "../../src/core/feeds/build-feed-document.js";
import { renderAtom } from "../../src/core/feeds/render-atom.js";
import { renderJsonFeed } from "../../src/core/feeds/render-json-feed.js";
import { renderRss } from "../../src/core/feeds/render-rss.js";
import { stripIllegalXmlChars } from "../../src/core/feeds/xml/xml-chars.js";
import { normalizeArticle } from "../../src/core/normalize/normalize-article.js";
import { isContentError } from "../../src/core/parse/content-error.js";
import { parseArticle } from "../../src/core/parse/parse-article.js";
import { paginateFeed } from "../../src/core/select/paginate-feed.js";
import type { Article, ContentErrorCode, FeedFormat } from "../../src/core/types.js";
import { mediaBaseUrl, tagSlug } from "../../src/core/urls.js";
import { testConfig } from "../helpers/test-server.js";
import {
  checkWellFormedXmlBatch,
  validateAtomBatch,
  validateJsonFeed,
} from "../helpers/validate-feed.js";

/**
 * Arbitrary files through the whole pure pipeline: parse → normalise → clean → the three
 * renderers. Whatever goes in, nothing throws, XML is well-formed and JSON Feed is valid.
 */

const RUNS = 200;
const config = testConfig();
const CONTEXT: FeedContext = { site: config.site, podcast: config.podcast, hubs: [] };
const MTIME = Date.UTC(2025, 5, 1);
const encoder = new TextEncoder();

const ERROR_CODES: readonly ContentErrorCode[] = [
  "read-failed",
  "too-large",
  "empty",
  "binary",
  "invalid-utf8",
  "no-front-matter",
  "unterminated-front-matter",
  "bad-yaml",
  "yaml-too-complex",
  "bad-date",
  "bad-field",
];

const KNOWN_FIELDS = [
  "title",
  "description",
  "excerpt",
  "summary",
  "date",
  "updated",
  "lastmod",
  "modified",
  "keywords",
  "tags",
  "categories",
  "slug",
  "permalink",
  "url",
  "link",
  "image",
  "cover",
  "thumbnail",
  "author",
  "authors",
  "lang",
  "language",
  "draft",
  "published",
  "enclosure",
  "audio",
  "extends",
  "section",
  "featured",
];

// ---------------------------------------------------------------------------------------------
// A YAML emitter whose output js-yaml always reads back as the same value: every string is a
// double-quoted scalar with everything outside printable ASCII escaped (js-yaml refuses raw
// C1 controls, U+FFFE and lone surrogates in the stream, but accepts their escapes).

/** A value the emitter can write: what YAML front matter holds. */
type YamlValue =
  | string
  | number
  | boolean
  | null
  | Date
  | YamlValue[]
  | { [key: string]: YamlValue };

function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f && code !== 0x22 && code !== 0x5c) out += text[i];
    else out += `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}

function emitScalar(value: YamlValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return quote(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (Number.isNaN(value)) return ".nan";
    if (!Number.isFinite(value)) return value > 0 ? ".inf" : "-.inf";
    return Object.is(value, -0) ? "-0.0" : String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(emitScalar).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([key, inner]) => `${quote(key)}: ${emitScalar(inner)}`)
    .join(", ")}}`;
}

/** A block mapping, one field per line, in the seed files' `--- ` delimiters. */
function emitFrontMatter(fields: Record<string, YamlValue>, crlf: boolean): string {
  const lines = [
    "--- ",
    ...Object.entries(fields).map(([k, v]) => `${quote(k)}: ${emitScalar(v)}`),
    "--- ",
  ];
  return lines.join(crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "\n");
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const anyText = fc.string({ unit: "binary", maxLength: 60 });
const dateLike = fc.oneof(
  fc.constantFrom("1603335031.6184926", "2021-03-06", "2024-05-01T09:30:00Z", "yesterday", "0", ""),
  fc.double({ min: -1e13, max: 1e13, noNaN: true }),
  fc.integer(),
  fc.date({ noInvalidDate: true }),
);
const urlLike = fc.oneof(
  fc.webUrl(),
  fc.constantFrom(
    "/relative/x.png",
    "x.mp3",
    "javascript:alert(1)",
    "data:,x",
    "//h.example/a",
    "",
  ),
  anyText,
);

const { value: yamlValue } = fc.letrec<{ value: YamlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    anyText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: true }),
    dateLike,
    urlLike,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.constantFrom("name", "email", "url", "length", "type", "duration"), anyText),
      tie("value"),
      {
        maxKeys: 4,
      },
    ),
  ),
}));

const frontMatterFields = fc.dictionary(
  fc.oneof(fc.constantFrom(...KNOWN_FIELDS), anyText),
  yamlValue,
  { maxKeys: 10 },
);

const HTML_BITS = [
  "<p>",
  "</p>",
  "<div class='ad-slot'>",
  "</div>",
  "<h1>",
  "</h1>",
  "<img src='x.png'>",
  "<a href='javascript:alert(1)'>",
  "<a href='#n'>",
  "</a>",
  "<script>alert(1)</script>",
  "<pre>\n",
  "</pre>",
  "]]>",
  "<![CDATA[",
  "&amp;",
  "&nbsp;",
  "&#0;",
  "&#x1F600;",
  "&bogus;",
  "<!--",
  "-->",
  "<svg onload=x>",
  "<table><tr><td>",
  "```js\n",
  "\n```\n",
  "# ",
  "\n\n",
  "---\n",
  "\r\n",
  "\u0000",
  "\u0008",
  "\uFFFE",
  "\uD800",
];
const htmlish = fc
  .array(fc.oneof(fc.constantFrom(...HTML_BITS), anyText), { maxLength: 25 })
  .map((parts) => parts.join(""));
const body = fc.oneof(anyText, htmlish, fc.string({ unit: "grapheme", maxLength: 200 }));
/** A body that cannot make the file binary (a NUL byte is refused by design). */
const textBody = body.map((text) => text.replaceAll("\u0000", ""));

const path = fc.constantFrom(
  "post.md",
  "post.html",
  "notes/post.txt",
  "2024-05-01-dated.md",
  "dir with space/ü.markdown",
  "x.htm",
);

/** A file as bytes: valid YAML front matter, raw text around delimiters, or arbitrary bytes. */
const fileBytes = fc.oneof(
  fc
    .record({ fields: frontMatterFields, body, crlf: fc.boolean(), bom: fc.boolean() })
    .map(({ fields, body: text, crlf, bom }) =>
      encoder.encode(`${bom ? "\uFEFF" : ""}${emitFrontMatter(fields, crlf)}${text}`),
    ),
  fc
    .record({ yaml: fc.string({ unit: "binary", maxLength: 200 }), body })
    .map(({ yaml, body: text }) => encoder.encode(`---\n${yaml}\n---\n${text}`)),
  fc.string({ unit: "binary", maxLength: 300 }).map((text) => encoder.encode(text)),
  fc.uint8Array({ maxLength: 200 }),
);

// ---------------------------------------------------------------------------------------------
// The pipeline under test

interface Rendered {
  readonly article: Article;
  readonly documents: Readonly<Record<FeedFormat, string>>;
}

const RENDERERS = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;

/** Run one file through every stage; undefined when it is (rightly) refused with an error. */
function runPipeline(
  filePath: string,
  bytes: Uint8Array,
  idPrefix: string | null,
): Rendered | undefined {
  const parsed = parseArticle(filePath, bytes);
  if (isContentError(parsed)) {
    expect(ERROR_CODES).toContain(parsed.code);
    return undefined;
  }
  const result = normalizeArticle(parsed, {
    baseUrl: config.baseUrl,
    idPrefix,
    mtimeMs: MTIME,
    hash: "fuzz-hash",
  });
  if (!result.ok) {
    expect(ERROR_CODES).toContain(result.error.code);
    return undefined;
  }
  const { article } = result;
  // What a feed cannot print must be refused by normalisation, never reach a renderer.
  expect(unprintable(article)).toBeUndefined();
  const html = renderBody(parsed.body, article.bodyFormat, {
    baseUrl: mediaBaseUrl(config.baseUrl, article.path),
    title: article.title,
    junkSelectors: config.junkSelectors,
  });
  const firstTag = article.tags.find((tag) => tagSlug(tag) !== "");
  const subject = {
    tag: firstTag === undefined ? null : { slug: tagSlug(firstTag), name: firstTag },
    articles: [article],
  };
  const page = paginateFeed([article], config.feedLimit, null);
  if (!page) throw new Error("the subscription page always exists");
  const render = (format: FeedFormat) =>
    RENDERERS[format](buildFeedDocument(CONTEXT, subject, format, page, [html]));
  return { article, documents: { rss: render("rss"), atom: render("atom"), json: render("json") } };
}

// Earliest and latest instants RFC 3339 can write (years 0000 and 9999), in epoch ms.
const RFC3339_MIN = -62_167_219_200_000; // 0000-01-01T00:00:00Z (Date.UTC maps year 0 to 1900)
const RFC3339_MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
// What RFC 3986 lets stand unescaped in a `mailto:` URI.
const URI_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/** A field no feed format can write: a date outside RFC 3339's years, an email that is not URI text. */
function unprintable(article: Article): string | undefined {
  for (const instant of [article.published, article.updated]) {
    if (!(instant >= RFC3339_MIN && instant <= RFC3339_MAX)) return "date out of range";
  }
  const oddEmail = article.authors.some(
    (author) =>
      author.url === undefined && author.email !== undefined && !URI_CHARS.test(author.email),
  );
  return oddEmail ? "email that is not URI text" : undefined;
}

/** A sample of XML documents, judged again at the end by xmllint (and jing for Atom). */
const xmlSample: string[] = [];
const SAMPLE_SIZE = 150;

function expectValid(rendered: Rendered): void {
  for (const format of ["rss", "atom"] as const) {
    const xml = rendered.documents[format];
    const verdict = XMLValidator.validate(xml);
    expect(verdict === true ? true : verdict.err).toBe(true);
    if (xmlSample.length < SAMPLE_SIZE) xmlSample.push(xml);
  }
  expect(validateJsonFeed(rendered.documents.json).errors).toEqual([]);
}

// ---------------------------------------------------------------------------------------------

describe("the pipeline on arbitrary files", () => {
  afterAll(() => {
    // One xmllint run over the sample (libxml2 is the stricter judge of well-formedness), and
    // one jing run over its Atom documents against the RFC 4287 schema.
    const wellFormed = checkWellFormedXmlBatch(xmlSample);
    const atom = xmlSample.filter((xml) => xml.includes("<feed xmlns"));
    const valid = validateAtomBatch(atom);
    const bad = [
      ...wellFormed.flatMap((v, i) => (v.ok ? [] : [`xmllint #${i}: ${v.errors.join("; ")}`])),
      ...valid.flatMap((v, i) => (v.ok ? [] : [`jing #${i}: ${v.errors.join("; ")}`])),
    ];
    expect(bad).toEqual([]);
  });

  it("never throws, and renders well-formed XML and valid JSON Feed", () => {
    let published = 0;
    fc.assert(
      fc.property(path, fileBytes, fc.boolean(), (filePath, bytes, prefixed) => {
        const rendered = runPipeline(filePath, bytes, prefixed ? "tag:feeds.test,2026:" : null);
        if (rendered) {
          expectValid(rendered);
          published += 1;
        }
      }),
      { numRuns: RUNS },
    );
    // Most arbitrary files are refused; enough must get through for the renderers to be tested.
    expect(published).toBeGreaterThanOrEqual(RUNS / 20);
  });

  it("never refuses front matter the YAML emitter wrote as bad YAML", () => {
    fc.assert(
      fc.property(frontMatterFields, body, (fields, text) => {
        const parsed = parseArticle(
          "post.md",
          encoder.encode(emitFrontMatter(fields, false) + text),
        );
        if (isContentError(parsed)) expect(parsed.code).not.toBe("bad-yaml");
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps a good article good whatever its body holds", () => {
    fc.assert(
      fc.property(textBody, path, (text, filePath) => {
        const fields = { title: "Fixed", date: "2024-05-01T09:30:00Z" };
        const rendered = runPipeline(
          filePath,
          encoder.encode(emitFrontMatter(fields, false) + text),
          null,
        );
        expect(rendered?.article.title).toBe("Fixed");
        if (rendered) expectValid(rendered);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * What a title becomes by design: soft hyphens and zero-width characters dropped, whitespace
 * runs folded to one space (vertical tab and form feed count as whitespace, so they become a
 * space rather than vanish), characters XML forbids removed, trimmed.
 */
function expectedTitle(title: string): string {
  const folded = title.replace(/[\u00AD\u200B\uFEFF]/g, "").replace(/\s+/g, " ");
  return stripIllegalXmlChars(folded).replace(/ +/g, " ").trim();
}

// Markup and character references are the one thing a title does not keep as written: a title
// is read as HTML (tags stripped, entities decoded), so they are left out of this property.
const titleText = fc
  .string({
    unit: fc.oneof(
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
      fc.constantFrom(" ", "\t", "\n", "\u00A0", "\u2028", "]]>", "'", '"', ">"),
    ),
    maxLength: 80,
  })
  .filter((title) => !/[<&]/.test(title) && expectedTitle(title) !== "");

const rssParser = new Parser();

describe("titles", () => {
  it("come out of rss-parser (RSS and Atom) and JSON Feed as the same text", async () => {
    await fc.assert(
      fc.asyncProperty(titleText, async (title) => {
        const text = `--- \ntitle: ${quote(title)}\ndate: 1603335031.6184926\n--- \n<p>Body.</p>`;
        const rendered = runPipeline("post.html", encoder.encode(text), null);
        expect(rendered).toBeDefined();
        if (!rendered) return;
        const want = expectedTitle(title);
        const rss = await rssParser.parseString(rendered.documents.rss);
        expect(rss.items[0]?.title).toBe(want);
        const atom = await rssParser.parseString(rendered.documents.atom);
        expect(atom.items[0]?.title).toBe(want);
        expect(JSON.parse(rendered.documents.json).items[0].title).toBe(want);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("dates found by fuzzing", () => {
  const file = (dates: string) => encoder.encode(`--- \ntitle: Dated\n${dates}\n--- \n<p>x</p>`);
  const PAST = "date: 1603335031.6184926";

  it("does not throw on an update date JavaScript cannot print (updated: 1e20)", () => {
    // `new Date(1e20).toISOString()` throws a RangeError: such a date must be refused (bad-date)
    // before it reaches formatRfc3339, or it takes down the whole rescan (see hostile-content).
    const rendered = runPipeline("post.md", file(`${PAST}\nupdated: 1e20`), null);
    if (rendered) expectValid(rendered);
  });

  it("writes only RFC 3339 dates, or refuses the file, for a year before 0000", () => {
    // Epoch ms −62167219200001 is 31 Dec of year −1: Atom and JSON Feed get `-000001-12-31T23:59Z`.
    const rendered = runPipeline("post.md", file("date: -62167219200001"), null);
    if (rendered) expectValid(rendered);
  });

  it("writes only RFC 3339 dates, or refuses the file, for a year after 9999", () => {
    // Epoch ms 253402300800000 is 1 Jan 10000: `+010000-01-01T00:00Z`.
    const rendered = runPipeline("post.md", file(`${PAST}\nupdated: 253402300800000`), null);
    if (rendered) expectValid(rendered);
  });
});
