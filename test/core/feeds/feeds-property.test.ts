import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../../../src/core/feeds/render-atom.js";
import { renderJsonFeed } from "../../../src/core/feeds/render-json-feed.js";
import { renderRss } from "../../../src/core/feeds/render-rss.js";
import { foldLine } from "../../../src/core/text/feed-text.js";
import type { FeedDocument, FeedFormat, FeedItem } from "../../../src/core/types.js";
import {
  BASE_URL,
  createFeedDocument,
  createFeedItem,
  createPodcastMeta,
  createSiteMeta,
  JAN_15,
  SCENARIOS,
} from "../../factories/feed-document.js";
import { parseWithRssParser, readXml, type XmlNode } from "../../helpers/parse-feed.js";
import {
  checkWellFormedXmlBatch,
  validateAtomBatch,
  validateJsonFeed,
} from "../../helpers/validate-feed.js";

const RUNS = 100;

const RENDERERS: Readonly<Record<FeedFormat, (doc: FeedDocument) => string>> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** What breaks feeds: markup, CDATA ends, entity look-alikes, controls, lone surrogates, emoji. */
const TRICKY = [
  "]]>",
  "<",
  ">",
  "&",
  "&amp;",
  "&nbsp;",
  "&#38;",
  "&lt;script&gt;",
  '"',
  "'",
  "<![CDATA[",
  "-->",
  "<?xml",
  "\u0000",
  "\u0001",
  "\u0008",
  "\u000B",
  "\u000C",
  "\u001F",
  "\u007F",
  "\u0085",
  "\uFFFE",
  "\uFFFF",
  "\uD800",
  "\uDBFF",
  "\uDC00",
  "\uDFFF",
  "😀",
  "👩‍👩‍👧",
  "\r\n",
  "\r",
  "\n",
  "\t",
  " ",
  "\u00A0",
  "\u2028",
];

const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY) },
  // Any UTF-16 code unit, lone surrogates included.
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 3 }) },
);

const text = fc.string({ unit, maxLength: 30 });

const itemArbitrary = fc.record({
  title: text,
  summary: text,
  body: text,
  tags: fc.array(text, { maxLength: 3 }),
  author: text,
  idTail: text,
  language: fc.constantFrom(undefined, "en", "pt-BR", "not a tag"),
  image: fc.boolean(),
  enclosure: fc.boolean(),
});

type ItemFields = typeof itemArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toFeedItem(fields: ItemFields, i: number): FeedItem {
  const slug = `post-${i}`;
  return createFeedItem(
    {
      slug,
      id: `tag:blog.example.org,2026:${fields.idTail}`,
      title: fields.title,
      summary: fields.summary,
      tags: fields.tags,
      authors: [{ name: fields.author }],
      published: JAN_15 - i * 3_600_000,
      updated: JAN_15 - i * 3_600_000,
      ...(fields.language ? { language: fields.language } : {}),
      ...(fields.image ? { image: `${BASE_URL}/${slug}/lead.jpg` } : {}),
      ...(fields.enclosure
        ? { enclosure: { url: `${BASE_URL}/${slug}/audio.mp3`, type: "audio/mpeg", length: i } }
        : {}),
    },
    `<p>${fields.body}</p>`,
  );
}

const documentArbitrary = fc
  .record({
    format: fc.constantFrom<FeedFormat>("rss", "atom", "json"),
    title: text,
    description: text,
    copyright: text,
    author: text,
    items: fc.array(itemArbitrary, { maxLength: 4 }),
    archive: fc.boolean(),
    complete: fc.boolean(),
    podcast: fc.boolean(),
    ttlMinutes: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: undefined }),
  })
  .map(
    (fields): FeedDocument =>
      createFeedDocument({
        format: fields.format,
        title: fields.title,
        description: fields.description,
        site: createSiteMeta({ copyright: fields.copyright, author: { name: fields.author } }),
        archive: fields.archive,
        complete: fields.complete,
        ttlMinutes: fields.ttlMinutes,
        ...(fields.podcast ? { podcast: createPodcastMeta() } : {}),
        items: fields.items.map((item, i) => toFeedItem(item, i)),
      }),
  );

/** Where each item's bytes are: from its opening line to its closing one. */
function itemSpans(output: string, format: FeedFormat): [number, number][] {
  const [open, close, from] =
    format === "rss"
      ? ["\n    <item>", "\n    </item>", 0]
      : format === "atom"
        ? ["\n  <entry", "\n  </entry>", 0]
        : ["\n    {", "\n    }", output.indexOf('"items": [')];
  const spans: [number, number][] = [];
  for (
    let start = output.indexOf(open, from);
    start !== -1;
    start = output.indexOf(open, start + 1)
  ) {
    const end = output.indexOf(close, start) + close.length;
    spans.push([start, end]);
  }
  return spans;
}

describe("every renderer, on arbitrary text", () => {
  it("writes well-formed RSS and Atom, RFC 4287-valid Atom and valid JSON Feed", () => {
    const xml: string[] = [];
    const atoms: string[] = [];
    fc.assert(
      fc.property(documentArbitrary, (doc) => {
        const rss = renderRss(doc);
        const atom = renderAtom(doc);
        // In-process checks, so a failure shrinks; libxml2 and jing judge the lot afterwards.
        expect(XMLValidator.validate(rss)).toBe(true);
        expect(XMLValidator.validate(atom)).toBe(true);
        expect(validateJsonFeed(renderJsonFeed(doc))).toEqual({ ok: true, errors: [] });
        xml.push(rss, atom);
        atoms.push(atom);
      }),
      { numRuns: RUNS },
    );
    const illFormed = checkWellFormedXmlBatch(xml).flatMap((verdict, i) =>
      verdict.ok ? [] : [{ document: xml[i], errors: verdict.errors }],
    );
    expect(illFormed).toEqual([]);
    const invalid = validateAtomBatch(atoms).flatMap((verdict, i) =>
      verdict.ok ? [] : [{ document: atoms[i], errors: verdict.errors }],
    );
    expect(invalid).toEqual([]);
  });

  it("round-trips titles through rss-parser, less forbidden characters, folded", async () => {
    await fc.assert(
      fc.asyncProperty(text, text, async (title, itemTitle) => {
        const doc = createFeedDocument({ title, items: [createFeedItem({ title: itemTitle })] });
        for (const render of [renderRss, renderAtom]) {
          const feed = await parseWithRssParser(render(doc));
          expect(feed.title ?? "").toBe(foldLine(title));
          expect(feed.items[0]?.title ?? "").toBe(foldLine(itemTitle));
        }
        const json = JSON.parse(renderJsonFeed(doc)) as { items: { title: string }[] };
        expect(json.items[0]?.title).toBe(foldLine(itemTitle));
      }),
      { numRuns: RUNS },
    );
  });

  it("writes the same bytes for the same document, and for an equal copy of it", () => {
    fc.assert(
      fc.property(documentArbitrary, (doc) => {
        for (const render of Object.values(RENDERERS)) {
          expect(render(doc)).toBe(render(doc));
          expect(render(structuredClone(doc))).toBe(render(doc));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("changes only an item's own bytes when only that item changes", () => {
    const changed = fc.record({
      doc: documentArbitrary.filter((doc) => doc.items.length > 0),
      pick: fc.nat(),
      field: fc.constantFrom("title", "summary", "contentHtml", "tags"),
      value: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 10 }),
    });
    fc.assert(
      fc.property(changed, ({ doc, pick, field, value }) => {
        const index = pick % doc.items.length;
        const items = doc.items.map((item, i): FeedItem => {
          if (i !== index) return item;
          if (field === "contentHtml")
            return { ...item, contentHtml: `${item.contentHtml}${value}` };
          if (field === "tags")
            return { ...item, article: { ...item.article, tags: [...item.article.tags, value] } };
          return {
            ...item,
            article: { ...item.article, [field]: `${item.article[field]}x${value}` },
          };
        });
        const next = { ...doc, items };
        for (const [format, render] of Object.entries(RENDERERS) as [
          FeedFormat,
          typeof renderRss,
        ][]) {
          const before = render(doc);
          const after = render(next);
          const spansBefore = itemSpans(before, format);
          const spansAfter = itemSpans(after, format);
          expect(spansBefore).toHaveLength(doc.items.length);
          expect(spansAfter).toHaveLength(doc.items.length);
          const [startBefore, endBefore] = spansBefore[index] ?? [0, 0];
          const [startAfter, endAfter] = spansAfter[index] ?? [0, 0];
          expect(after.slice(0, startAfter)).toBe(before.slice(0, startBefore));
          expect(after.slice(endAfter)).toBe(before.slice(endBefore));
          expect(after.slice(startAfter, endAfter)).not.toBe(before.slice(startBefore, endBefore));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("every golden document", () => {
  const documents = Object.entries(SCENARIOS).flatMap(([name, create]) =>
    (Object.keys(RENDERERS) as FeedFormat[]).map((format) => ({
      name: `${name} (${format})`,
      format,
      output: RENDERERS[format](create(format)),
    })),
  );

  const URL_KEYS = new Set(
    ["href", "url", "uri", "link", "id", "guid", "icon", "logo", "image", "favicon"].concat([
      "next_url",
      "feed_url",
      "home_page_url",
      "current",
      "next_archive",
    ]),
  );

  function urlsIn(node: XmlNode | unknown, key = ""): string[] {
    if (typeof node === "string") return URL_KEYS.has(key.replace(/^@/, "")) ? [node] : [];
    if (Array.isArray(node)) return node.flatMap((inner) => urlsIn(inner, key));
    if (typeof node === "object" && node !== null) {
      // A container's own text is the whitespace between its children.
      return Object.entries(node).flatMap(([inner, value]) =>
        inner !== "#text"
          ? urlsIn(value, inner)
          : /\S/.test(String(value))
            ? urlsIn(value, key)
            : [],
      );
    }
    return [];
  }

  it.each(documents)("$name holds no relative URL", ({ format, output }) => {
    const urls = urlsIn(format === "json" ? JSON.parse(output) : readXml(output));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(URL.canParse(url), url).toBe(true);
  });
});
