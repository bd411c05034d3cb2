import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { INITIAL_STATE, refresh } from "../../src/catalogue/refresh.js";
import type { Snapshot } from "../../src/catalogue/snapshot.js";
import { createMemorySourceStore } from "../../src/content/source-store.js";
import type { FeedAddress } from "../../src/core/feeds/feed-paths.js";
import { createSite, type Site } from "../../src/publish/create-site.js";
import {
  extractJson,
  extractXml,
  parseWithFeedparser,
  parseWithRssParser,
} from "../helpers/parse-feed.js";
import { testConfig } from "../helpers/test-server.js";
import {
  checkWellFormedXmlBatch,
  validateAtomBatch,
  validateJsonFeed,
} from "../helpers/validate-feed.js";

/** A fixed clock and config: a golden diff then means a real change in what is served. */
const NOW = Date.UTC(2026, 10, 20);
const CONTENT = resolve(__dirname, "../../content");
const config = testConfig({ contentDir: CONTENT, feedLimit: 4 });

let snapshot: Snapshot;
let site: Site;

beforeAll(async () => {
  const store = createMemorySourceStore();
  const result = await refresh(INITIAL_STATE, {
    contentDir: config.contentDir,
    maxFileBytes: config.maxFileBytes,
    baseUrl: config.baseUrl,
    idPrefix: null,
    ...(config.site.author ? { defaultAuthor: config.site.author } : {}),
    store,
    now: () => NOW,
  });
  snapshot = result.snapshot;
  site = createSite(config, store);
});

async function text(address: FeedAddress): Promise<string> {
  const doc = await site.render(snapshot, { kind: "feed", address });
  if (!doc) throw new Error(`no document for ${JSON.stringify(address)}`);
  return doc.body.toString("utf8");
}

const main = (format: FeedAddress["format"], archive: number | null = null): FeedAddress => ({
  format,
  tag: null,
  archive,
});

describe("the bundled content", () => {
  it("normalises to the reviewed catalogue", async () => {
    const catalogue = {
      articles: snapshot.articles,
      errors: snapshot.errors,
      warnings: snapshot.warnings,
      tags: [...snapshot.tags.values()].map((t) => ({
        slug: t.slug,
        name: t.name,
        count: t.articles.length,
      })),
    };
    await expect(`${JSON.stringify(catalogue, null, 2)}\n`).toMatchFileSnapshot(
      "../golden/content.catalogue.json",
    );
  });

  it("has ten live articles and leaves out the draft and the scheduled one", () => {
    expect(snapshot.articles).toHaveLength(10);
    const slugs = snapshot.articles.map((a) => a.slug);
    expect(slugs).not.toContain("guides/choosing-a-feed-reader");
    expect(slugs).not.toContain("scheduled/reading-list-2027");
    expect(snapshot.errors).toEqual([]);
  });

  it.each([
    ["rss.xml", main("rss")],
    ["atom.xml", main("atom")],
    ["feed.json", main("json")],
    ["archive-1.rss.xml", main("rss", 1)],
    ["archive-2.atom.xml", main("atom", 2)],
    ["tag-podcasts.rss.xml", { format: "rss", tag: "podcasts", archive: null } as FeedAddress],
  ])("renders %s as reviewed", async (name, address) => {
    await expect(await text(address)).toMatchFileSnapshot(`../golden/content.${name}`);
  });

  it("gives well-formed RSS, schema-valid Atom and valid JSON Feed for every document", async () => {
    const byFormat: Record<FeedAddress["format"], { where: string; body: string }[]> = {
      rss: [],
      atom: [],
      json: [],
    };
    for (const key of site.keys(snapshot)) {
      if (key.kind !== "feed") continue;
      byFormat[key.address.format].push({
        where: JSON.stringify(key.address),
        body: await text(key.address),
      });
    }
    expect(byFormat.atom.length).toBeGreaterThan(10);
    // One xmllint and one jing run for all documents: a JVM start per document is too slow.
    const verdicts = [
      ...checkWellFormedXmlBatch(byFormat.rss.map((d) => d.body)).map((v, i) => [
        byFormat.rss[i]?.where,
        v,
      ]),
      ...validateAtomBatch(byFormat.atom.map((d) => d.body)).map((v, i) => [
        byFormat.atom[i]?.where,
        v,
      ]),
      ...byFormat.json.map((d) => [d.where, validateJsonFeed(d.body)]),
    ];
    for (const [where, verdict] of verdicts)
      expect(verdict, String(where)).toEqual({ ok: true, errors: [] });
  });
});

describe("real clients read what the catalogue holds", () => {
  const expected = () =>
    snapshot.articles.slice(0, config.feedLimit).map((a) => ({
      title: a.title,
      link: a.link,
      id: a.id,
      date: new Date(Math.floor(a.published / 1000) * 1000).toISOString(),
    }));

  it("rss-parser reads the RSS feed", async () => {
    const feed = await parseWithRssParser(await text(main("rss")));
    expect(
      feed.items.map((i) => ({
        title: i.title,
        link: i.link,
        id: i.guid,
        date: new Date(i.pubDate ?? "").toISOString(),
      })),
    ).toEqual(expected());
  });

  it("rss-parser reads the Atom feed", async () => {
    const feed = await parseWithRssParser(await text(main("atom")));
    expect(
      feed.items.map((i) => ({
        title: i.title,
        link: i.link,
        id: i.id,
        date: new Date(i.pubDate ?? "").toISOString(),
      })),
    ).toEqual(expected());
  });

  it("feedparser reads the RSS and Atom feeds", async () => {
    for (const format of ["rss", "atom"] as const) {
      const { items } = await parseWithFeedparser(await text(main(format)));
      expect(
        items.map((i) => ({
          title: i.title,
          link: i.link,
          id: i.guid,
          date: i.pubdate?.toISOString(),
        })),
        format,
      ).toEqual(expected());
    }
  });

  it("feed-extractor reads all three formats", async () => {
    for (const format of ["rss", "atom", "json"] as const) {
      const body = await text(main(format));
      const feed = format === "json" ? extractJson(body) : extractXml(body);
      expect(
        (feed.entries ?? []).map((e) => ({ title: e.title, link: e.link })),
        format,
      ).toEqual(expected().map(({ title, link }) => ({ title, link })));
    }
  });

  it("carries the episode's audio as the one enclosure, with the length read from the file", async () => {
    const episode = snapshot.articles.find((a) => a.enclosure);
    expect(episode?.enclosure).toMatchObject({ type: "audio/mpeg", length: 65100, duration: 16 });
    const feed = await parseWithRssParser(
      await text({ format: "rss", tag: "podcasts", archive: null }),
    );
    const item = feed.items.find((i) => i.title === episode?.title);
    expect(item?.enclosure).toEqual({
      url: "http://feeds.test/episodes/feedmill-001.mp3",
      length: "65100",
      type: "audio/mpeg",
    });
    const json = JSON.parse(await text({ format: "json", tag: "podcasts", archive: null }));
    const jsonItem = json.items.find((i: { title: string }) => i.title === episode?.title);
    expect(jsonItem.attachments).toEqual([
      {
        url: "http://feeds.test/episodes/feedmill-001.mp3",
        mime_type: "audio/mpeg",
        size_in_bytes: 65100,
        duration_in_seconds: 16,
      },
    ]);
  });
});
