import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INITIAL_STATE, type RefreshState, refresh } from "../../src/catalogue/refresh.js";
import { createMemorySourceStore } from "../../src/content/source-store.js";
import { createSite } from "../../src/publish/create-site.js";
import { warmFeeds } from "../../src/server.js";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { testConfig } from "../helpers/test-server.js";

const DATE = Date.UTC(2026, 5, 1) / 1000;
let dir: ContentDir;

beforeEach(() => {
  dir = createContentDir();
  for (let i = 0; i < 30; i++) {
    dir.article(`a${i}.txt`, {
      title: `Article ${i}`,
      date: DATE - i * 60,
      keywords: "feeds, caching",
      body: `<p>${"Words of the body. ".repeat(200)}</p>`,
    });
  }
});
afterEach(() => dir.cleanup());

describe("the rendered-document cache", () => {
  it("keeps only the newest version of the documents that change with every edit", async () => {
    const config = testConfig({ contentDir: dir.root });
    const store = createMemorySourceStore();
    const site = createSite(config, store);
    const deps = {
      contentDir: dir.root,
      maxFileBytes: 1 << 20,
      baseUrl: config.baseUrl,
      idPrefix: null,
      store,
      now: Date.now,
    };
    let state: RefreshState = await refresh(INITIAL_STATE, deps);
    const renderAll = async () => {
      const snapshot = state.snapshot;
      if (!snapshot) throw new Error("no snapshot");
      await warmFeeds(site, snapshot);
      for (const format of ["rss", "atom", "json"] as const) {
        await site.render(snapshot, {
          kind: "feed",
          address: { format, tag: "feeds", archive: null },
        });
      }
      await site.render(snapshot, { kind: "index" });
      await site.render(snapshot, { kind: "opml" });
    };
    await renderAll();
    const oneVersion = site.cachedBytes;
    expect(oneVersion).toBeGreaterThan(0);
    for (let edit = 0; edit < 5; edit++) {
      dir.article("a0.txt", { title: `Article 0, edit ${edit}`, date: DATE, keywords: "feeds" });
      state = await refresh(state, deps, ["a0.txt"]);
      await renderAll();
    }
    // Five edits later the cache holds one version of each document (sizes vary a little).
    expect(site.cachedBytes).toBeLessThan(oneVersion * 1.2);
  });
});

describe("a document heavier than the whole cache", () => {
  it("is rendered once per version, not on every request", async () => {
    const config = testConfig({ contentDir: dir.root });
    const store = createMemorySourceStore();
    // Every document outweighs this budget.
    const site = createSite(config, store, { documentCacheBytes: 100 });
    const { snapshot } = await refresh(INITIAL_STATE, {
      contentDir: dir.root,
      maxFileBytes: 1 << 20,
      baseUrl: config.baseUrl,
      idPrefix: null,
      store,
      now: Date.now,
    });
    const opml = await site.render(snapshot, { kind: "opml" });
    const archive = { kind: "feed", address: { format: "rss", tag: null, archive: 1 } } as const;
    const feed = await site.render(snapshot, archive);
    expect(site.cachedBytes).toBe(0);
    expect(await site.render(snapshot, { kind: "opml" })).toBe(opml);
    expect(await site.render(snapshot, archive)).toBe(feed);
  });
});
