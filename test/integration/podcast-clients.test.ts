import { resolve } from "node:path";
import { parseFeed } from "podcast-partytime";
import { beforeAll, describe, expect, it } from "vitest";
import { INITIAL_STATE, refresh } from "../../src/catalogue/refresh.js";
import type { Snapshot } from "../../src/catalogue/snapshot.js";
import { createMemorySourceStore } from "../../src/content/source-store.js";
import type { FeedAddress } from "../../src/core/feeds/feed-paths.js";
import { podcastGuid } from "../../src/core/feeds/podcast-guid.js";
import { createSite, type Site } from "../../src/publish/create-site.js";
import {
  parseWithFeedparser,
  parseWithRssParser,
  readXml,
  select,
  simplePieEnclosures,
  textOf,
  ttrssAttachments,
} from "../helpers/parse-feed.js";
import { testConfig } from "../helpers/test-server.js";
import {
  checkWellFormedXmlBatch,
  validateAtomBatch,
  validateJsonFeed,
} from "../helpers/validate-feed.js";

/** The bundled episode as podcast apps and feed readers read it, in every format. */

const CONTENT = resolve(__dirname, "../../content");
const config = testConfig({ contentDir: CONTENT });
const AUDIO = "http://feeds.test/episodes/feedmill-001.mp3";
const EPISODE = "http://feeds.test/articles/feedmill-001-hello-feeds";

let snapshot: Snapshot;
let site: Site;
const feeds: Record<FeedAddress["format"], string> = { rss: "", atom: "", json: "" };

beforeAll(async () => {
  const store = createMemorySourceStore();
  ({ snapshot } = await refresh(INITIAL_STATE, {
    contentDir: config.contentDir,
    maxFileBytes: config.maxFileBytes,
    baseUrl: config.baseUrl,
    idPrefix: null,
    store,
    now: () => Date.UTC(2026, 10, 20),
  }));
  site = createSite(config, store);
  for (const format of ["rss", "atom", "json"] as const) {
    const address = { format, tag: "podcasts", archive: null };
    const doc = await site.render(snapshot, { kind: "feed", address });
    feeds[format] = doc?.body.toString("utf8") ?? "";
  }
});

describe("the bundled episode", () => {
  it("is read by podcast-partytime with its Podcasting 2.0 tags", () => {
    const feed = parseFeed(feeds.rss);
    expect(feed?.guid).toBe(podcastGuid("http://feeds.test/tags/podcasts/rss.xml"));
    const episode = feed?.items.find((item) => item.guid === EPISODE);
    expect(episode?.enclosure.url).toBe(AUDIO);
    expect(episode?.enclosure.length).toBe(65100);
    expect(episode?.podcastTranscripts).toEqual([
      { url: "http://feeds.test/episodes/feedmill-001.vtt", type: "text/vtt", language: "en" },
    ]);
    expect(episode?.podcastChapters).toEqual({
      url: "http://feeds.test/episodes/feedmill-001.chapters.json",
      type: "application/json+chapters",
    });
    expect([episode?.itunesSeason, episode?.itunesEpisode]).toEqual([1, 1]);
    expect([episode?.podcastSeason?.number, episode?.podcastEpisode?.number]).toEqual([1, 1]);
    expect(episode?.podcastPeople?.map((person) => person.name)).toEqual(["The feedmill authors"]);
  });

  it.each(["rss", "atom"] as const)(
    "has the audio as SimplePie's first enclosure in %s",
    (format) => {
      const root = readXml(feeds[format]);
      const items =
        format === "rss" ? select(root, "rss", "channel", "item") : select(root, "feed", "entry");
      const episode = items.find((item) =>
        [...select(item, "guid"), ...select(item, "id")].some((node) => textOf(node) === EPISODE),
      );
      expect(simplePieEnclosures(episode)[0]).toBe(AUDIO);
      const attachments = ttrssAttachments(episode);
      expect(new Set(attachments).size).toBe(attachments.length);
    },
  );

  it.each(["rss", "atom"] as const)(
    "has the audio as the enclosure for rss-parser and feedparser in %s",
    async (format) => {
      const parsed = await parseWithRssParser(feeds[format]);
      if (format === "rss") {
        expect(parsed.items.find((item) => item.guid === EPISODE)?.enclosure?.url).toBe(AUDIO);
      }
      const { items } = await parseWithFeedparser(feeds[format]);
      const episode = items.find((item) => item.guid === EPISODE);
      expect(episode?.enclosures.map((enclosure) => enclosure.url)).toEqual([AUDIO]);
    },
  );

  it("has the audio as its one JSON Feed attachment", () => {
    const feed = JSON.parse(feeds.json) as {
      items: { id: string; attachments?: { url: string }[] }[];
    };
    const episode = feed.items.find((item) => item.id === EPISODE);
    expect(episode?.attachments?.map((attachment) => attachment.url)).toEqual([AUDIO]);
  });

  it("stays well-formed and valid in every format", () => {
    expect(checkWellFormedXmlBatch([feeds.rss, feeds.atom]).flatMap((v) => v.errors)).toEqual([]);
    expect(validateAtomBatch([feeds.atom]).flatMap((v) => v.errors)).toEqual([]);
    expect(validateJsonFeed(feeds.json).errors).toEqual([]);
  });
});
