import { parseFeed } from "podcast-partytime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderRss } from "../../../src/core/feeds/render-rss.js";
import type { FeedDocument } from "../../../src/core/types.js";
import {
  BASE_URL,
  createArchiveDocument,
  createBlogDocument,
  createFeedDocument,
  createFeedItem,
  createPodcastDocument,
  createPodcastMeta,
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
  simplePieEnclosures,
  textOf,
  ttrssAttachments,
  type XmlNode,
} from "../../helpers/parse-feed.js";
import { checkWellFormedXml } from "../../helpers/validate-feed.js";

const scenarios = Object.entries(SCENARIOS).map(([name, create]) => ({
  name,
  doc: create("rss"),
}));

function channelOf(doc: FeedDocument): XmlNode | undefined {
  return select(readXml(renderRss(doc)), "rss", "channel")[0];
}

function itemsOf(doc: FeedDocument): XmlNode[] {
  return select(channelOf(doc), "item");
}

/** feedparser strips HTML tags from every title, whatever the format says the title is. */
function withoutTags(title: string): string {
  return title.replace(/<[a-z][^>]*>/gi, "");
}

function texts(node: XmlNode | undefined, ...path: string[]): string[] {
  return select(node, ...path).map(textOf);
}

describe("renderRss", () => {
  it.each(scenarios)("matches the golden file for the $name document", async ({ name, doc }) => {
    await expect(renderRss(doc)).toMatchFileSnapshot(`../../golden/${name}.rss.xml`);
  });

  it.each(scenarios)("writes well-formed XML for the $name document", ({ doc }) => {
    expect(checkWellFormedXml(renderRss(doc))).toEqual({ ok: true, errors: [] });
  });

  it("is judged by a well-formedness check that can fail", () => {
    const broken = renderRss(createBlogDocument("rss")).replace("</channel>", "");
    expect(checkWellFormedXml(broken).ok).toBe(false);
  });

  describe("read back by client libraries", () => {
    it.each(scenarios)("rss-parser reads the $name document's items as given", async ({ doc }) => {
      const feed = await parseWithRssParser(renderRss(doc));
      expect(feed.title).toBe(doc.title);
      expect(feed.link).toBe(doc.links.home);
      expect(feed.items.map((item) => [item.guid, item.title, item.link, item.isoDate])).toEqual(
        doc.items.map(({ article }) => [
          article.id,
          article.title,
          article.link,
          isoSeconds(article.published),
        ]),
      );
      expect(feed.items.map((item) => item.enclosure ?? null)).toEqual(
        doc.items.map(({ article }) =>
          article.enclosure
            ? {
                url: article.enclosure.url,
                type: article.enclosure.type,
                length: String(article.enclosure.length ?? 0),
              }
            : null,
        ),
      );
    });

    it.each(scenarios)("feed-extractor reads the $name document's items as given", ({ doc }) => {
      const feed = extractXml(renderRss(doc));
      expect(feed.title).toBe(doc.title);
      expect(feed.link).toBe(doc.links.home);
      expect((feed.entries ?? []).map((e) => [e.id, e.title, e.link, e.published])).toEqual(
        doc.items.map(({ article }) => [
          article.id,
          article.title,
          article.link,
          isoSeconds(article.published),
        ]),
      );
    });

    it.each(scenarios)("feedparser reads the $name document's items as given", async ({ doc }) => {
      const { meta, items } = await parseWithFeedparser(renderRss(doc));
      expect([meta.title, meta.link, meta.xmlurl]).toEqual([
        doc.title,
        doc.links.home,
        doc.links.self,
      ]);
      expect(meta.date?.toISOString()).toBe(isoSeconds(doc.updated));
      expect(
        items.map((item) => [item.guid, item.title, item.link, item.pubdate?.toISOString()]),
      ).toEqual(
        doc.items.map(({ article }) => [
          article.id,
          withoutTags(article.title),
          article.link,
          isoSeconds(article.published),
        ]),
      );
      // feedparser also lists Media RSS `media:content` images among enclosures; the audio
      // `<enclosure>` comes first.
      expect(
        items.map((item) => item.enclosures.find((e) => e.type !== "image")?.url ?? null),
      ).toEqual(doc.items.map(({ article }) => article.enclosure?.url ?? null));
    });
  });

  describe("items", () => {
    it.each([
      { name: "the id is the link", id: undefined, permalink: "true" },
      { name: "the id is a tag: URI", id: "tag:blog.example.org,2026:x", permalink: "false" },
      {
        name: "the id is another URL",
        id: "https://old.example.org/x",
        permalink: "false",
      },
    ])("marks the guid isPermaLink=$permalink when $name", ({ id, permalink }) => {
      const [item] = itemsOf(
        createFeedDocument({ items: [createFeedItem(id ? { slug: "x", id } : { slug: "x" })] }),
      );
      const [guid] = select(item, "guid");
      expect(attrOf(guid, "isPermaLink")).toBe(permalink);
      expect(textOf(guid)).toBe(id ?? "https://blog.example.org/articles/x");
    });

    it("gives an episode exactly one enclosure, the audio, and the lead image as Media RSS", () => {
      const [episode] = itemsOf(createPodcastDocument("rss"));
      const enclosures = select(episode, "enclosure");
      expect(enclosures).toHaveLength(1);
      expect(["url", "length", "type"].map((name) => attrOf(enclosures[0], name))).toEqual([
        "https://blog.example.org/episodes/1/audio.mp3",
        "12345678",
        "audio/mpeg",
      ]);
      const cover = "https://blog.example.org/episodes/1/cover.jpg";
      expect(select(episode, "media:content")).toHaveLength(0);
      expect(select(episode, "media:thumbnail").map((node) => attrOf(node, "url"))).toEqual([
        cover,
      ]);
    });

    it("gives SimplePie the audio as the first enclosure, and Tiny Tiny RSS each file once", () => {
      const [episode] = itemsOf(createPodcastDocument("rss"));
      expect(simplePieEnclosures(episode)[0]).toBe("https://blog.example.org/episodes/1/audio.mp3");
      const attachments = ttrssAttachments(episode);
      expect(new Set(attachments).size).toBe(attachments.length);
    });

    it("dates each item's update with atom:updated in RFC 3339, as Atom and JSON Feed do", () => {
      const [item] = itemsOf(createBlogDocument("rss"));
      expect(texts(item, "atom:updated")).toEqual(["2026-01-17T11:30:05Z"]);
    });

    it("writes length 0 when the enclosure's size is unknown", () => {
      const [, trailer] = itemsOf(createPodcastDocument("rss"));
      expect(attrOf(select(trailer, "enclosure")[0], "length")).toBe("0");
    });

    it("writes the summary as HTML-escaped text and the full HTML as content:encoded", () => {
      const [item] = itemsOf(createBlogDocument("rss"));
      expect(texts(item, "description")).toEqual(["Why ]]&gt; and &amp; need care."]);
      expect(texts(item, "content:encoded")[0]).toContain(
        "<code>a &lt; b &amp;&amp; c</code>, ]]&gt; and &nbsp;.",
      );
    });

    it("names every author with dc:creator and gives <author> only with an email", () => {
      const [withEmail, withoutAuthors] = itemsOf(createBlogDocument("rss"));
      expect(texts(withEmail, "dc:creator")).toEqual(["Ada Example", "Grace Guest"]);
      expect(texts(withEmail, "author")).toEqual(["ada@example.org (Ada Example)"]);
      expect(select(withoutAuthors, "author")).toEqual([]);
      expect(select(withoutAuthors, "dc:creator")).toEqual([]);
    });

    it("writes tags as categories and dates as RFC 822 in whole seconds", () => {
      const [item] = itemsOf(createBlogDocument("rss"));
      expect(texts(item, "category")).toEqual(["Web", "RSS & Atom"]);
      expect(texts(item, "pubDate")).toEqual(["Sat, 17 Jan 2026 09:30:05 +0000"]);
    });

    it("gives itunes tags to episodes only, and only in a podcast", () => {
      const [episode] = itemsOf(createPodcastDocument("rss"));
      expect(
        [
          "itunes:author",
          "itunes:image",
          "itunes:duration",
          "itunes:explicit",
          "itunes:episodeType",
        ].map((name) => {
          const [node] = select(episode, name);
          return textOf(node) || attrOf(node, "href");
        }),
      ).toEqual([
        "Ada Example",
        "https://blog.example.org/episodes/1/cover.jpg",
        "1834",
        "false",
        "full",
      ]);
      const notPodcast = { ...createPodcastDocument("rss"), podcast: undefined };
      const [stillAnEnclosure] = itemsOf(notPodcast);
      expect(
        Object.keys(stillAnEnclosure ?? {}).filter((key) => key.startsWith("itunes:")),
      ).toEqual([]);
      expect(renderRss(notPodcast)).not.toContain("xmlns:itunes");
    });
  });

  describe("channel", () => {
    it("carries the site's metadata and the document's date, not the clock", () => {
      const channel = channelOf(createBlogDocument("rss"));
      const one = (name: string) => texts(channel, name);
      expect(one("title")).toEqual(["Example Blog"]);
      expect(one("link")).toEqual(["https://blog.example.org/"]);
      expect(one("description")).toEqual(["Notes on feeds & the web"]);
      expect(one("language")).toEqual(["en"]);
      expect(one("copyright")).toEqual(["© 2026 Ada Example"]);
      expect(one("managingEditor")).toEqual(["ada@example.org (Ada Example)"]);
      expect(one("generator")).toEqual(["feedmill 0.1.0"]);
      expect(one("lastBuildDate")).toEqual(["Sat, 17 Jan 2026 11:30:05 +0000"]);
      expect(texts(channel, "image", "url")).toEqual(["https://blog.example.org/logo.png"]);
    });

    it("links self, current, the other formats and hubs with atom:link", () => {
      const links = select(channelOf(createBlogDocument("rss")), "atom:link").map((link) => [
        attrOf(link, "rel"),
        attrOf(link, "href"),
        attrOf(link, "type"),
      ]);
      expect(links).toEqual([
        ["self", "https://blog.example.org/rss.xml", "application/rss+xml"],
        ["current", "https://blog.example.org/rss.xml", "application/rss+xml"],
        ["alternate", "https://blog.example.org/atom.xml", "application/atom+xml"],
        ["alternate", "https://blog.example.org/feed.json", "application/feed+json"],
        ["hub", "https://hub.example.net/", undefined],
      ]);
    });

    it("marks an archive with fh:archive and links its neighbours (RFC 5005 §4)", () => {
      const channel = channelOf(createArchiveDocument("rss"));
      expect(select(channel, "fh:archive")).toHaveLength(1);
      expect(select(channel, "fh:complete")).toEqual([]);
      const rels = Object.fromEntries(
        select(channel, "atom:link").map((link) => [attrOf(link, "rel"), attrOf(link, "href")]),
      );
      expect(rels).toMatchObject({
        self: "https://blog.example.org/archive/2/rss.xml",
        current: "https://blog.example.org/rss.xml",
        "prev-archive": "https://blog.example.org/archive/1/rss.xml",
        "next-archive": "https://blog.example.org/archive/3/rss.xml",
      });
    });

    it("marks a complete feed with fh:complete (RFC 5005 §2)", () => {
      expect(select(channelOf(createTagDocument("rss")), "fh:complete")).toHaveLength(1);
    });

    it.each([
      { ttl: 15, period: "hourly", frequency: "4" },
      { ttl: 60, period: "hourly", frequency: "1" },
      { ttl: 90, period: "daily", frequency: "16" },
      { ttl: 7, period: "weekly", frequency: "1440" },
      { ttl: 11, period: "hourly", frequency: "5" },
      { ttl: 91, period: "daily", frequency: "15" },
      { ttl: 30 * 24 * 60, period: "yearly", frequency: "12" },
      { ttl: 2 * 365 * 24 * 60, period: undefined, frequency: undefined },
    ])(
      "writes ttl $ttl with sy:updatePeriod $period / $frequency",
      ({ ttl, period, frequency }) => {
        const channel = channelOf(createFeedDocument({ ttlMinutes: ttl }));
        expect(texts(channel, "ttl")).toEqual([String(ttl)]);
        expect(texts(channel, "sy:updatePeriod")).toEqual(period ? [period] : []);
        expect(texts(channel, "sy:updateFrequency")).toEqual(frequency ? [frequency] : []);
      },
    );

    it("leaves ttl out when there is none", () => {
      expect(select(channelOf(createFeedDocument({ ttlMinutes: undefined })), "ttl")).toEqual([]);
    });

    it("writes the channel tags Apple Podcasts requires", () => {
      const channel = channelOf(createPodcastDocument("rss"));
      expect(texts(channel, "itunes:author")).toEqual(["Ada Example"]);
      expect(texts(channel, "itunes:owner", "itunes:name")).toEqual(["Ada Example"]);
      expect(texts(channel, "itunes:owner", "itunes:email")).toEqual(["podcast@example.org"]);
      expect(attrOf(select(channel, "itunes:image")[0], "href")).toBe(
        "https://blog.example.org/show.jpg",
      );
      const [category] = select(channel, "itunes:category");
      expect(attrOf(category, "text")).toBe("Technology");
      expect(attrOf(select(category, "itunes:category")[0], "text")).toBe("Tech News");
      expect(texts(channel, "itunes:explicit")).toEqual(["false"]);
      expect(texts(channel, "itunes:type")).toEqual(["episodic"]);
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
      const feed = await parseWithRssParser(renderRss(doc));
      expect(feed.items[0]?.title).toBe(title);
    });

    it("removes characters XML 1.0 forbids from every string", () => {
      const dirty = "a\u0000b\u0008c\uFFFEd\uD800e";
      const doc = createFeedDocument({
        title: dirty,
        description: dirty,
        site: createSiteMeta({ copyright: dirty }),
        items: [createFeedItem({ title: dirty, summary: dirty, tags: [dirty] }, `<p>${dirty}</p>`)],
      });
      const xml = renderRss(doc);
      expect(checkWellFormedXml(xml).ok).toBe(true);
      expect(texts(select(readXml(xml), "rss", "channel", "item")[0], "title")).toEqual(["abcde"]);
    });

    it("does not read the clock", () => {
      const doc = createBlogDocument("rss");
      vi.useFakeTimers();
      vi.setSystemTime(JAN_15);
      const first = renderRss(doc);
      vi.setSystemTime(Date.UTC(2031, 5, 1));
      expect(renderRss(doc)).toBe(first);
      expect(renderRss(createBlogDocument("rss"))).toBe(first);
    });
  });
});

describe("renderRss: Podcasting 2.0 and feed moves", () => {
  const show = createPodcastMeta({
    guid: "9b024349-ccf0-5f69-a609-6b82873eab3c",
    locked: true,
    funding: [{ url: "https://example.org/give", text: "Support the show!" }],
    persons: [{ name: "Ada Example", role: "host", img: "https://example.org/ada.jpg" }],
    newFeedUrl: "https://new.example.org/rss.xml",
  });
  const episode = createFeedItem({
    slug: "special",
    enclosure: { url: `${BASE_URL}/special.mp3`, type: "audio/mpeg", length: 10 },
    episode: {
      explicit: true,
      episodeType: "bonus",
      season: { number: 2, name: "Second" },
      episode: { number: 3.5, display: "Ch. 3½" },
      transcripts: [
        { url: `${BASE_URL}/special.srt`, type: "application/x-subrip", rel: "captions" },
      ],
      chapters: `${BASE_URL}/special.chapters.json`,
      persons: [{ name: "Grace Guest", role: "guest" }],
    },
  });
  const channel = () => channelOf(createFeedDocument({ podcast: show, items: [episode] }));

  it("writes guid, locked with its owner, funding, persons and the new feed URL", () => {
    const root = channel();
    expect(texts(root, "podcast:guid")).toEqual(["9b024349-ccf0-5f69-a609-6b82873eab3c"]);
    const [locked] = select(root, "podcast:locked");
    expect([textOf(locked), attrOf(locked, "owner")]).toEqual(["yes", "podcast@example.org"]);
    const [funding] = select(root, "podcast:funding");
    expect([textOf(funding), attrOf(funding, "url")]).toEqual([
      "Support the show!",
      "https://example.org/give",
    ]);
    const [person] = select(root, "podcast:person");
    expect([textOf(person), attrOf(person, "role"), attrOf(person, "img")]).toEqual([
      "Ada Example",
      "host",
      "https://example.org/ada.jpg",
    ]);
    expect(texts(root, "itunes:new-feed-url")).toEqual(["https://new.example.org/rss.xml"]);
  });

  it("writes an episode's own tags, and a decimal episode number only in podcast:", () => {
    const [item] = select(channel(), "item");
    expect(texts(item, "itunes:explicit")).toEqual(["true"]);
    expect(texts(item, "itunes:episodeType")).toEqual(["bonus"]);
    expect(texts(item, "itunes:season")).toEqual(["2"]);
    expect(texts(item, "itunes:episode")).toEqual([]);
    expect(attrOf(select(item, "podcast:season")[0], "name")).toBe("Second");
    const [number] = select(item, "podcast:episode");
    expect([textOf(number), attrOf(number, "display")]).toEqual(["3.5", "Ch. 3½"]);
    const [transcript] = select(item, "podcast:transcript");
    expect(["url", "type", "rel"].map((name) => attrOf(transcript, name))).toEqual([
      `${BASE_URL}/special.srt`,
      "application/x-subrip",
      "captions",
    ]);
    expect(attrOf(select(item, "podcast:chapters")[0], "type")).toBe("application/json+chapters");
    expect(texts(item, "podcast:person")).toEqual(["Grace Guest"]);
  });

  it("says podcast:podping only when changes are announced through Podping", () => {
    const quiet = channelOf(createFeedDocument({ podcast: show, items: [episode] }));
    expect(select(quiet, "podcast:podping")).toHaveLength(0);
    const podcast = { ...show, usesPodping: true };
    const announced = channelOf(createFeedDocument({ podcast, items: [episode] }));
    expect(attrOf(select(announced, "podcast:podping")[0], "usesPodping")).toBe("true");
  });

  it("is read by podcast-partytime", () => {
    const feed = parseFeed(renderRss(createFeedDocument({ podcast: show, items: [episode] })));
    expect(feed?.guid).toBe("9b024349-ccf0-5f69-a609-6b82873eab3c");
    expect(feed?.locked).toBe(true);
    expect(feed?.items[0]?.podcastEpisode).toEqual({ number: 3.5, display: "Ch. 3½" });
  });
});
