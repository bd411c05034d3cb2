import { load } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INITIAL_STATE, refresh } from "../../src/catalogue/refresh.js";
import type { Snapshot } from "../../src/catalogue/snapshot.js";
import { createMemorySourceStore } from "../../src/content/source-store.js";
import { createSite, type DocumentKey } from "../../src/publish/create-site.js";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import {
  extractJson,
  extractXml,
  parseWithFeedparser,
  parseWithRssParser,
} from "../helpers/parse-feed.js";
import { testConfig } from "../helpers/test-server.js";

/** A front-matter title is plain text: every format and page shows it exactly as written. */

const TITLE = "Tag-like text <b>not bold</b> and &amp; entity";
const DATE = Date.UTC(2025, 0, 1) / 1000;

let dir: ContentDir;
let snapshot: Snapshot;
let site: ReturnType<typeof createSite>;

async function text(key: DocumentKey): Promise<string> {
  const doc = await site.render(snapshot, key);
  return doc?.body.toString("utf8") ?? "";
}

beforeAll(async () => {
  dir = createContentDir();
  dir.write("as-written.md", `---\ntitle: "${TITLE}"\ndate: ${DATE}\n---\nBody.\n`);
  const config = testConfig({ contentDir: dir.root });
  const store = createMemorySourceStore();
  ({ snapshot } = await refresh(INITIAL_STATE, {
    contentDir: dir.root,
    maxFileBytes: config.maxFileBytes,
    baseUrl: config.baseUrl,
    idPrefix: config.idPrefix,
    store,
    now: () => Date.UTC(2026, 0, 1),
  }));
  site = createSite(config, store);
});

afterAll(() => dir.cleanup());

const feed = (format: "rss" | "atom" | "json"): DocumentKey => ({
  kind: "feed",
  address: { format, tag: null, archive: null },
});

describe("a title with tag-like and entity-like text", () => {
  it("is kept as written by the article", () => {
    expect(snapshot.articles[0]?.title).toBe(TITLE);
  });

  it.each(["rss", "atom"] as const)(
    "comes out literally in %s for rss-parser and feed-extractor",
    async (format) => {
      const xml = await text(feed(format));
      expect((await parseWithRssParser(xml)).items[0]?.title).toBe(TITLE);
      expect(extractXml(xml).entries?.[0]?.title).toBe(TITLE);
    },
  );

  it.each(["rss", "atom"] as const)(
    "keeps the entity-like text for feedparser in %s",
    async (format) => {
      // feedparser strips whatever looks like a tag from every title, however it is escaped.
      const { items } = await parseWithFeedparser(await text(feed(format)));
      expect(items[0]?.title).toBe("Tag-like text not bold and &amp; entity");
    },
  );

  it("comes out literally in JSON Feed", async () => {
    const json = await text(feed("json"));
    expect((JSON.parse(json) as { items: { title: string }[] }).items[0]?.title).toBe(TITLE);
    expect(extractJson(json).entries?.[0]?.title).toBe(TITLE);
  });

  it("is the text of the article page's heading and title, with no <b> element", async () => {
    const slug = snapshot.articles[0]?.slug ?? "";
    const $ = load(await text({ kind: "article", slug }));
    expect($("h1").first().text()).toBe(TITLE);
    expect($("title").text()).toContain(TITLE);
    expect($("h1 b")).toHaveLength(0);
  });
});
