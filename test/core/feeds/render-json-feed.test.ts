import { afterEach, describe, expect, it, vi } from "vitest";
import { renderJsonFeed } from "../../../src/core/feeds/render-json-feed.js";
import type { FeedDocument } from "../../../src/core/types.js";
import {
  BASE_URL,
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
import { extractJson, isoSeconds } from "../../helpers/parse-feed.js";
import { validateJsonFeed } from "../../helpers/validate-feed.js";

const scenarios = Object.entries(SCENARIOS).map(([name, create]) => ({
  name,
  doc: create("json"),
}));

interface JsonFeedItem {
  readonly [key: string]: unknown;
  readonly attachments?: readonly Record<string, unknown>[];
}

interface JsonFeed {
  readonly [key: string]: unknown;
  readonly items: readonly JsonFeedItem[];
}

function readFeed(doc: FeedDocument): JsonFeed {
  return JSON.parse(renderJsonFeed(doc)) as JsonFeed;
}

describe("renderJsonFeed", () => {
  it.each(scenarios)("matches the golden file for the $name document", async ({ name, doc }) => {
    await expect(renderJsonFeed(doc)).toMatchFileSnapshot(`../../golden/${name}.feed.json`);
  });

  it.each(scenarios)("writes valid JSON Feed 1.1 for the $name document", ({ doc }) => {
    expect(validateJsonFeed(renderJsonFeed(doc))).toEqual({ ok: true, errors: [] });
  });

  it.each([
    {
      name: "version 1",
      edit: (f: Record<string, unknown>) => ({ ...f, version: "https://jsonfeed.org/version/1" }),
    },
    { name: "no title", edit: ({ title: _, ...f }: Record<string, unknown>) => f },
    { name: "a misspelt field", edit: (f: Record<string, unknown>) => ({ ...f, home_page: "x" }) },
    {
      name: "an item without id",
      edit: (f: JsonFeed) => ({ ...f, items: f.items.map(({ id: _, ...i }) => i) }),
    },
    {
      name: "an item without content",
      edit: (f: JsonFeed) => ({ ...f, items: f.items.map(({ content_html: _, ...i }) => i) }),
    },
    {
      name: "a date that is not RFC 3339",
      edit: (f: JsonFeed) => ({
        ...f,
        items: f.items.map((i) => ({ ...i, date_published: "2026-01-17" })),
      }),
    },
    {
      name: "an attachment without mime_type",
      edit: (f: JsonFeed) => ({
        ...f,
        items: f.items.map((i) => ({ ...i, attachments: [{ url: "https://x.example/a.mp3" }] })),
      }),
    },
    {
      name: "a lone surrogate",
      edit: (f: Record<string, unknown>) => ({ ...f, title: "a\uD800" }),
    },
  ])("is judged by a schema that rejects $name", ({ edit }) => {
    const feed = readFeed(createBlogDocument("json"));
    const broken = JSON.stringify((edit as (f: JsonFeed) => unknown)(feed));
    expect(validateJsonFeed(broken).ok).toBe(false);
  });

  it.each(scenarios)("feed-extractor reads the $name document's items as given", ({ doc }) => {
    const feed = extractJson(renderJsonFeed(doc));
    expect([feed.title, feed.link, feed.language]).toEqual([doc.title, doc.links.home, "en"]);
    expect((feed.entries ?? []).map((e) => [e.id, e.title, e.link, e.published])).toEqual(
      doc.items.map(({ article }) => [
        article.id,
        article.title,
        article.link,
        isoSeconds(article.published),
      ]),
    );
  });

  describe("items", () => {
    it("gives an episode one attachment, the audio, and the lead image as image", () => {
      const [episode, trailer] = readFeed(createPodcastDocument("json")).items;
      expect(episode?.image).toBe("https://blog.example.org/episodes/1/cover.jpg");
      expect(episode?.attachments).toEqual([
        {
          url: "https://blog.example.org/episodes/1/audio.mp3",
          mime_type: "audio/mpeg",
          size_in_bytes: 12_345_678,
          duration_in_seconds: 1834,
        },
      ]);
      expect(trailer?.attachments).toEqual([
        { url: "https://blog.example.org/episodes/0/trailer.m4a", mime_type: "audio/x-m4a" },
      ]);
    });

    it("writes whole numbers of bytes and seconds, and the id as a string", () => {
      const doc = createFeedDocument({
        items: [
          createFeedItem({
            id: "1234",
            enclosure: { url: `${BASE_URL}/a.mp3`, type: "audio/mpeg", length: 10, duration: 16.6 },
          }),
        ],
      });
      const json = renderJsonFeed(doc);
      expect(validateJsonFeed(json)).toEqual({ ok: true, errors: [] });
      const [item] = (JSON.parse(json) as JsonFeed).items;
      expect(item?.id).toBe("1234");
      expect(item?.attachments?.[0]).toMatchObject({ size_in_bytes: 10, duration_in_seconds: 17 });
    });

    it("names the first author in the 1.0 `author` as well as in `authors`", () => {
      const [first] = readFeed(createBlogDocument("json")).items;
      expect(first?.author).toEqual((first?.authors as unknown[] | undefined)?.[0]);
      expect(first?.author).toEqual({ name: "Ada Example", url: "mailto:ada@example.org" });
    });

    it("writes both dates in whole seconds, with Z", () => {
      const [item] = readFeed(createBlogDocument("json")).items;
      expect([item?.date_published, item?.date_modified]).toEqual([
        "2026-01-17T09:30:05Z",
        "2026-01-17T11:30:05Z",
      ]);
    });

    it("writes the full HTML, the plain summary, tags, authors and language", () => {
      const [first, second] = readFeed(createBlogDocument("json")).items;
      expect(first?.content_html).toContain("<code>a &lt; b &amp;&amp; c</code>");
      expect(first?.summary).toBe("Why ]]> and & need care.");
      expect(first?.tags).toEqual(["Web", "RSS & Atom"]);
      expect(first?.authors).toEqual([
        { name: "Ada Example", url: "mailto:ada@example.org" },
        { name: "Grace Guest" },
      ]);
      expect(second?.language).toBe("fr");
      expect(second?.summary).toBeUndefined();
    });
  });

  describe("feed", () => {
    it("carries the site's metadata, hubs and what JSON Feed has no field for", () => {
      const { items: _, ...feed } = readFeed(createBlogDocument("json"));
      expect(feed).toEqual({
        version: "https://jsonfeed.org/version/1.1",
        title: "Example Blog",
        home_page_url: "https://blog.example.org/",
        feed_url: "https://blog.example.org/feed.json",
        description: "Notes on feeds & the web",
        icon: "https://blog.example.org/icon.png",
        favicon: "https://blog.example.org/favicon.ico",
        authors: [{ name: "Ada Example", url: "https://blog.example.org/about" }],
        author: { name: "Ada Example", url: "https://blog.example.org/about" },
        language: "en",
        hubs: [{ type: "WebSub", url: "https://hub.example.net/" }],
        _feedmill: {
          generator: "feedmill 0.1.0",
          copyright: "© 2026 Ada Example",
          current: "https://blog.example.org/feed.json",
          archive: false,
          complete: false,
          alternates: [
            { url: "https://blog.example.org/rss.xml", type: "application/rss+xml" },
            { url: "https://blog.example.org/atom.xml", type: "application/atom+xml" },
          ],
        },
      });
    });

    it("pages to the older archive with next_url and records the archive links", () => {
      const feed = readFeed(createArchiveDocument("json"));
      expect(feed.next_url).toBe("https://blog.example.org/archive/1/feed.json");
      expect(feed.feed_url).toBe("https://blog.example.org/archive/2/feed.json");
      expect(feed._feedmill).toMatchObject({
        current: "https://blog.example.org/feed.json",
        next_archive: "https://blog.example.org/archive/3/feed.json",
        archive: true,
      });
    });

    it("has no next_url on a feed without older archives", () => {
      expect(readFeed(createTagDocument("json")).next_url).toBeUndefined();
    });
  });

  describe("safety and determinism", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("removes the characters the XML formats remove, so titles agree across formats", () => {
      const dirty = "a\u0000b\u0008c\uFFFEd\uD800e";
      const doc = createFeedDocument({
        title: dirty,
        site: createSiteMeta({ copyright: dirty }),
        items: [createFeedItem({ title: dirty, summary: dirty, tags: [dirty] }, dirty)],
      });
      const json = renderJsonFeed(doc);
      expect(validateJsonFeed(json)).toEqual({ ok: true, errors: [] });
      const feed = JSON.parse(json) as JsonFeed;
      expect([feed.title, feed.items[0]?.title, feed.items[0]?.content_html]).toEqual([
        "abcde",
        "abcde",
        "abcde",
      ]);
    });

    it("does not read the clock", () => {
      const doc = createBlogDocument("json");
      vi.useFakeTimers();
      vi.setSystemTime(JAN_15);
      const first = renderJsonFeed(doc);
      vi.setSystemTime(Date.UTC(2031, 5, 1));
      expect(renderJsonFeed(doc)).toBe(first);
      expect(renderJsonFeed(createBlogDocument("json"))).toBe(first);
    });
  });
});
