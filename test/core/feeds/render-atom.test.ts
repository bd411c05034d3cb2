import { afterEach, describe, expect, it, vi } from "vitest";
import { renderAtom } from "../../../src/core/feeds/render-atom.js";
import type { FeedDocument } from "../../../src/core/types.js";
import {
  createArchiveDocument,
  createBlogDocument,
  createFeedDocument,
  createFeedItem,
  createPodcastDocument,
  createSiteMeta,
  createTagDocument,
  JAN_15,
  SCENARIOS,
} from "../../factories/feed-document.js";
import {
  attrOf,
  extractXml,
  isoSeconds,
  parseWithFeedparser,
  parseWithRssParser,
  readXml,
  select,
  textOf,
  type XmlNode,
} from "../../helpers/parse-feed.js";
import {
  checkWellFormedXml,
  validateAtom,
  validateAtomBatch,
} from "../../helpers/validate-feed.js";

const scenarios = Object.entries(SCENARIOS).map(([name, create]) => ({
  name,
  doc: create("atom"),
}));

function feedOf(doc: FeedDocument): XmlNode | undefined {
  return select(readXml(renderAtom(doc)), "feed")[0];
}

function entriesOf(doc: FeedDocument): XmlNode[] {
  return select(feedOf(doc), "entry");
}

function texts(node: XmlNode | undefined, ...path: string[]): string[] {
  return select(node, ...path).map(textOf);
}

function links(node: XmlNode | undefined): (string | undefined)[][] {
  return select(node, "link").map((link) =>
    ["rel", "type", "length", "href"].map((name) => attrOf(link, name)),
  );
}

/** feedparser strips HTML tags from every title, whatever the format says the title is. */
function withoutTags(title: string): string {
  return title.replace(/<[a-z][^>]*>/gi, "");
}

describe("renderAtom", () => {
  it.each(scenarios)("matches the golden file for the $name document", async ({ name, doc }) => {
    await expect(renderAtom(doc)).toMatchFileSnapshot(`../../golden/${name}.atom.xml`);
  });

  it.each(scenarios)("writes well-formed XML for the $name document", ({ doc }) => {
    expect(checkWellFormedXml(renderAtom(doc))).toEqual({ ok: true, errors: [] });
  });

  it("writes documents valid against the RFC 4287 RELAX NG schema", () => {
    const verdicts = validateAtomBatch(scenarios.map(({ doc }) => renderAtom(doc)));
    expect(verdicts.map((verdict, i) => [scenarios[i]?.name, verdict])).toEqual(
      scenarios.map(({ name }) => [name, { ok: true, errors: [] }]),
    );
  });

  it.each([
    { name: "a date that is not xsd:dateTime", from: /<updated>[^<]*</, to: "<updated>yesterday<" },
    { name: "a missing id", from: /<id>[^<]*<\/id>/, to: "" },
    { name: "an unknown Atom element", from: "<title>", to: "<colour>red</colour><title>" },
    { name: "a link without href", from: 'rel="self" type', to: 'rel="self" hreff="x" type' },
  ])("is judged by a schema that rejects $name", ({ from, to }) => {
    const broken = renderAtom(createBlogDocument("atom")).replace(from, to);
    expect(validateAtom(broken).ok).toBe(false);
  });

  // The RFC's Schematron rules, which jing does not check (Appendix B annotations).
  it.each(scenarios)(
    "gives every entry of the $name document an author and an alternate link",
    ({ doc }) => {
      for (const entry of entriesOf(doc)) {
        expect(texts(entry, "author", "name")[0]).toBeTruthy();
        expect(links(entry).filter(([rel]) => rel === "alternate")).toHaveLength(1);
      }
    },
  );

  describe("read back by client libraries", () => {
    it.each(scenarios)(
      "rss-parser reads the $name document's entries as given",
      async ({ doc }) => {
        const feed = await parseWithRssParser(renderAtom(doc));
        expect([feed.title, feed.link, feed.feedUrl]).toEqual([
          doc.title,
          doc.links.home,
          doc.links.self,
        ]);
        expect(feed.items.map((item) => [item.id, item.title, item.link, item.isoDate])).toEqual(
          doc.items.map(({ article }) => [
            article.id,
            article.title,
            article.link,
            isoSeconds(article.published),
          ]),
        );
        const enclosures = feed.items.map((item) =>
          (item.links ?? [])
            .filter((link) => link.$.rel === "enclosure")
            .map(({ $ }) => ({ url: $.href, type: $.type, length: $.length })),
        );
        expect(enclosures).toEqual(
          doc.items.map(({ article: { enclosure } }) =>
            enclosure
              ? [
                  {
                    url: enclosure.url,
                    type: enclosure.type,
                    length: enclosure.length === undefined ? undefined : String(enclosure.length),
                  },
                ]
              : [],
          ),
        );
      },
    );

    // feed-extractor recognises Atom only by an `entry` element, so it refuses an empty feed,
    // and it reports an entry's `updated` as its `published`.
    it.each(scenarios.filter(({ doc }) => doc.items.length > 0))(
      "feed-extractor reads the $name document's entries as given",
      ({ doc }) => {
        const feed = extractXml(renderAtom(doc));
        expect(feed.title).toBe(doc.title);
        expect((feed.entries ?? []).map((e) => [e.id, e.title, e.link, e.published])).toEqual(
          doc.items.map(({ article }) => [
            article.id,
            article.title,
            article.link,
            isoSeconds(article.updated),
          ]),
        );
      },
    );

    it.each(scenarios)(
      "feedparser reads the $name document's entries as given",
      async ({ doc }) => {
        const { meta, items } = await parseWithFeedparser(renderAtom(doc));
        expect([meta.title, meta.link, meta.xmlurl]).toEqual([
          doc.title,
          doc.links.home,
          doc.links.self,
        ]);
        expect(meta.date?.toISOString()).toBe(isoSeconds(doc.updated));
        expect(
          items.map((item) => [
            item.guid,
            item.title,
            item.link,
            item.pubdate?.toISOString(),
            item.date?.toISOString(),
          ]),
        ).toEqual(
          doc.items.map(({ article }) => [
            article.id,
            withoutTags(article.title),
            article.link,
            isoSeconds(article.published),
            isoSeconds(article.updated),
          ]),
        );
        expect(items.map((item) => item.enclosures)).toEqual(
          doc.items.map(({ article: { enclosure } }) =>
            enclosure
              ? [
                  {
                    url: enclosure.url,
                    type: enclosure.type,
                    length: enclosure.length === undefined ? null : String(enclosure.length),
                  },
                ]
              : [],
          ),
        );
        expect(items.map((item) => item.image.url ?? null)).toEqual(
          doc.items.map(({ article }) => article.image ?? null),
        );
      },
    );
  });

  describe("entries", () => {
    it("links an episode's audio as the one enclosure, typed by its media type", () => {
      const [episode, trailer] = entriesOf(createPodcastDocument("atom"));
      expect(links(episode)).toEqual([
        ["alternate", "text/html", undefined, "https://blog.example.org/articles/episode-1"],
        ["enclosure", "audio/mpeg", "12345678", "https://blog.example.org/episodes/1/audio.mp3"],
      ]);
      expect(links(trailer)[1]).toEqual([
        "enclosure",
        "audio/x-m4a",
        undefined,
        "https://blog.example.org/episodes/0/trailer.m4a",
      ]);
    });

    it("gives the lead image as media:thumbnail, not as an enclosure", () => {
      const [episode] = entriesOf(createPodcastDocument("atom"));
      expect(select(episode, "media:thumbnail").map((node) => attrOf(node, "url"))).toEqual([
        "https://blog.example.org/episodes/1/cover.jpg",
      ]);
      expect(select(episode, "media:content")).toEqual([]);
    });

    it("writes plain-text title and summary, and the full HTML as escaped html content", () => {
      const [entry] = entriesOf(createBlogDocument("atom"));
      const [title] = select(entry, "title");
      expect([textOf(title), attrOf(title, "type")]).toEqual([
        "Feeds done right: <title> & friends",
        undefined,
      ]);
      expect(texts(entry, "summary")).toEqual(["Why ]]> and & need care."]);
      const [content] = select(entry, "content");
      expect(attrOf(content, "type")).toBe("html");
      expect(textOf(content)).toContain("<code>a &lt; b &amp;&amp; c</code>, ]]&gt; and &nbsp;.");
    });

    it("writes published and updated in whole seconds, with Z", () => {
      const [entry] = entriesOf(createBlogDocument("atom"));
      expect([texts(entry, "published")[0], texts(entry, "updated")[0]]).toEqual([
        "2026-01-17T09:30:05Z",
        "2026-01-17T11:30:05Z",
      ]);
    });

    it("writes tags as category terms and the article's language as xml:lang", () => {
      const [first, second] = entriesOf(createBlogDocument("atom"));
      expect(select(first, "category").map((node) => attrOf(node, "term"))).toEqual([
        "Web",
        "RSS & Atom",
      ]);
      expect(attrOf(first, "xml:lang")).toBeUndefined();
      expect(attrOf(second, "xml:lang")).toBe("fr");
    });

    it.each([
      {
        name: "the article's own authors",
        authors: [{ name: "Grace Guest", email: "grace@example.org" }],
        site: createSiteMeta(),
        expected: [["Grace Guest", "grace@example.org"]],
      },
      {
        name: "the feed author when the article has none",
        authors: [],
        site: createSiteMeta(),
        expected: [["Ada Example", "ada@example.org"]],
      },
      {
        name: "the site title when neither has one",
        authors: [],
        site: createSiteMeta({ author: undefined }),
        expected: [["Example Blog", undefined]],
      },
    ])("names $name as the entry's author (RFC 4287 §4.1.2)", ({ authors, site, expected }) => {
      const doc = createFeedDocument({ site, items: [createFeedItem({ authors })] });
      const [entry] = entriesOf(doc);
      expect(
        select(entry, "author").map((author) => [
          texts(author, "name")[0],
          texts(author, "email")[0],
        ]),
      ).toEqual(expected);
    });
  });

  describe("feed", () => {
    it("carries the site's metadata and the document's date, not the clock", () => {
      const feed = feedOf(createBlogDocument("atom"));
      expect(attrOf(feed, "xml:lang")).toBe("en");
      expect(texts(feed, "id")).toEqual(["https://blog.example.org/atom.xml"]);
      expect(texts(feed, "title")).toEqual(["Example Blog"]);
      expect(texts(feed, "subtitle")).toEqual(["Notes on feeds & the web"]);
      expect(texts(feed, "updated")).toEqual(["2026-01-17T11:30:05Z"]);
      expect(texts(feed, "author", "name")).toEqual(["Ada Example"]);
      expect(texts(feed, "author", "uri")).toEqual(["https://blog.example.org/about"]);
      expect(texts(feed, "rights")).toEqual(["© 2026 Ada Example"]);
      expect(texts(feed, "generator")).toEqual(["feedmill 0.1.0"]);
      expect(texts(feed, "icon")).toEqual(["https://blog.example.org/icon.png"]);
      expect(texts(feed, "logo")).toEqual(["https://blog.example.org/logo.png"]);
    });

    it("links self, the page, the other formats, current and hubs", () => {
      expect(links(feedOf(createBlogDocument("atom")))).toEqual([
        ["self", "application/atom+xml", undefined, "https://blog.example.org/atom.xml"],
        ["alternate", "text/html", undefined, "https://blog.example.org/"],
        ["alternate", "application/rss+xml", undefined, "https://blog.example.org/rss.xml"],
        ["alternate", "application/feed+json", undefined, "https://blog.example.org/feed.json"],
        ["current", "application/atom+xml", undefined, "https://blog.example.org/atom.xml"],
        ["hub", undefined, undefined, "https://hub.example.net/"],
      ]);
    });

    it("marks an archive, links its neighbours and keeps the feed's id (RFC 5005 §4)", () => {
      const feed = feedOf(createArchiveDocument("atom"));
      expect(select(feed, "fh:archive")).toHaveLength(1);
      expect(texts(feed, "id")).toEqual(["https://blog.example.org/atom.xml"]);
      expect(links(feed).filter(([rel]) => rel?.endsWith("archive") || rel === "current")).toEqual([
        ["current", "application/atom+xml", undefined, "https://blog.example.org/atom.xml"],
        [
          "prev-archive",
          "application/atom+xml",
          undefined,
          "https://blog.example.org/archive/1/atom.xml",
        ],
        [
          "next-archive",
          "application/atom+xml",
          undefined,
          "https://blog.example.org/archive/3/atom.xml",
        ],
      ]);
    });

    it("marks a complete feed with fh:complete (RFC 5005 §2)", () => {
      expect(select(feedOf(createTagDocument("atom")), "fh:complete")).toHaveLength(1);
    });
  });

  describe("safety and determinism", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it.each([
      { name: "entity-like text", title: "Use &amp; and &nbsp; and &#38; literally" },
      { name: "CDATA terminators", title: "a ]]> b ]]> c" },
      { name: "markup", title: "<b>not bold</b> & <script>" },
    ])("keeps $name in a title as text", async ({ title }) => {
      const doc = createFeedDocument({ items: [createFeedItem({ title })] });
      const feed = await parseWithRssParser(renderAtom(doc));
      expect(feed.items[0]?.title).toBe(title);
    });

    it("removes characters XML 1.0 forbids from every string", () => {
      const dirty = "a\u0000b\u0008c\uFFFEd\uDC00e";
      const doc = createFeedDocument({
        title: dirty,
        description: dirty,
        site: createSiteMeta({ copyright: dirty, author: { name: dirty } }),
        items: [createFeedItem({ title: dirty, summary: dirty, tags: [dirty] }, `<p>${dirty}</p>`)],
      });
      const xml = renderAtom(doc);
      expect(checkWellFormedXml(xml).ok).toBe(true);
      expect(validateAtom(xml).ok).toBe(true);
      expect(texts(select(readXml(xml), "feed", "entry")[0], "title")).toEqual(["abcde"]);
    });

    it("leaves out a malformed language tag rather than write an invalid xml:lang", () => {
      const doc = createFeedDocument({
        site: createSiteMeta({ language: "en_GB" }),
        items: [createFeedItem({ language: "not a tag" })],
      });
      const feed = feedOf(doc);
      expect(attrOf(feed, "xml:lang")).toBeUndefined();
      expect(attrOf(select(feed, "entry")[0], "xml:lang")).toBeUndefined();
    });

    it("does not read the clock", () => {
      const doc = createBlogDocument("atom");
      vi.useFakeTimers();
      vi.setSystemTime(JAN_15);
      const first = renderAtom(doc);
      vi.setSystemTime(Date.UTC(2031, 5, 1));
      expect(renderAtom(doc)).toBe(first);
      expect(renderAtom(createBlogDocument("atom"))).toBe(first);
    });
  });
});
