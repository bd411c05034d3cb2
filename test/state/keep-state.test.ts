import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { INITIAL_STATE, refresh, refreshDepsOf } from "../../src/catalogue/refresh.js";
import { createMemorySourceStore } from "../../src/content/source-store.js";
import { createLogger } from "../../src/log.js";
import { createSite } from "../../src/publish/create-site.js";
import { keepState } from "../../src/state/keep-state.js";
import { readSavedState, stateFingerprint } from "../../src/state/saved-state.js";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { startTestServer, testConfig } from "../helpers/test-server.js";

const DATE = Date.UTC(2026, 5, 1) / 1000;
let dir: ContentDir;
let stateDir: string;

beforeEach(() => {
  dir = createContentDir();
  stateDir = mkdtempSync(join(tmpdir(), "feedmill-state-"));
  for (let i = 0; i < 30; i++) {
    dir.article(`2026/${String(i).padStart(2, "0")}.md`, {
      title: `Article ${i}`,
      date: DATE - i * 3600,
      keywords: i % 2 === 0 ? "even, feeds" : "odd",
      body: `<p>Body of article ${i}, with <a href="/x">a link</a>.</p>`,
    });
  }
});
afterEach(() => {
  dir.cleanup();
  rmSync(stateDir, { recursive: true, force: true });
});

const PATHS = [
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  "/tags/even/rss.xml",
  "/rss.xml?archive=1",
  "/articles/2026/29",
  "/",
];

async function fetchAll(server: { get(path: string): Promise<Response> }) {
  const seen: Record<string, { status: number; etag: string | null; body: string }> = {};
  for (const path of PATHS) {
    const response = await server.get(path);
    seen[path] = {
      status: response.status,
      etag: response.headers.get("etag"),
      body: await response.text(),
    };
  }
  return seen;
}

describe("a service with STATE_DIR", () => {
  it("restarts without reading a file, and serves the same bytes and ETags", async () => {
    const first = await startTestServer({ contentDir: dir.root, stateDir, feedLimit: 20 });
    const cold = await fetchAll(first);
    await first.stop();
    expect(existsSync(join(stateDir, "catalogue.v8"))).toBe(true);

    const second = await startTestServer({ contentDir: dir.root, stateDir, feedLimit: 20 });
    try {
      const health = (await (await second.get("/healthz")).json()) as {
        lastScan: { read: number };
      };
      expect(health.lastScan.read).toBe(0);
      expect(await fetchAll(second)).toEqual(cold);
      for (const path of PATHS) expect(cold[path]?.status, path).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it("serves what changed while it was down", async () => {
    const first = await startTestServer({ contentDir: dir.root, stateDir });
    await first.stop();
    dir.article("2026/00.md", { title: "Article 0, edited", date: DATE });
    dir.remove("2026/01.md");
    const second = await startTestServer({ contentDir: dir.root, stateDir });
    try {
      const json = (await (await second.get("/feed.json")).json()) as {
        items: { title: string }[];
      };
      expect(json.items.slice(0, 2).map((item) => item.title)).toEqual([
        "Article 0, edited",
        "Article 2",
      ]);
    } finally {
      await second.stop();
    }
  });

  it("starts cold, and says so, when the state cannot be used", async () => {
    const first = await startTestServer({ contentDir: dir.root, stateDir });
    await first.stop();
    // Another base URL changes every id and link: the saved articles are not this service's.
    const second = await startTestServer({
      contentDir: dir.root,
      stateDir,
      baseUrl: "https://elsewhere.example",
    });
    try {
      const health = (await (await second.get("/healthz")).json()) as {
        lastScan: { read: number };
      };
      expect(health.lastScan.read).toBe(30);
      const rss = await (await second.get("/rss.xml")).text();
      expect(rss).toContain("https://elsewhere.example/articles/2026/00");
    } finally {
      await second.stop();
    }
  });
});

describe("keepState", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function snapshotOf() {
    const config = testConfig({ contentDir: dir.root });
    return refresh(INITIAL_STATE, refreshDepsOf(config, createMemorySourceStore()));
  }

  it("saves a while after the first scan, then only changes, at most once per interval", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const config = testConfig({ contentDir: dir.root });
    const keeper = keepState(config, stateDir, createLogger("silent"), {
      firstDelayMs: 1000,
      intervalMs: 60_000,
    });
    expect(keeper.restored).toBeUndefined();
    const file = join(stateDir, "catalogue.v8");
    const first = await snapshotOf();
    keeper.offer(first.snapshot, first.index);
    expect(existsSync(file)).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(existsSync(file)).toBe(true);
    const savedAt = statSync(file).mtimeMs;

    // The same catalogue again: nothing to save.
    keeper.offer(first.snapshot, first.index);
    vi.advanceTimersByTime(120_000);
    expect(statSync(file).mtimeMs).toBe(savedAt);

    dir.article("2026/new.md", { title: "New", date: DATE + 60 });
    const second = await snapshotOf();
    keeper.offer(second.snapshot, second.index);
    vi.advanceTimersByTime(1000);
    const read = readSavedState(stateDir, stateFingerprint(config));
    expect("state" in read && read.state.catalogue.has("2026/new.md")).toBe(true);
  });

  it("saves what it was last offered when flushed, with the feed's bodies", async () => {
    const config = testConfig({ contentDir: dir.root });
    const keeper = keepState(config, stateDir, createLogger("silent"), {
      bodiesOf: (snapshot) =>
        snapshot.articles.slice(0, 2).map((a) => [a.path, a.hash, `<p>${a.title}</p>`] as const),
    });
    const { snapshot, index } = await snapshotOf();
    keeper.offer(snapshot, index);
    keeper.flush();
    const restarted = keepState(config, stateDir, createLogger("silent"));
    expect(restarted.restored?.catalogue.size).toBe(30);
    expect(restarted.restored?.bodies).toEqual([
      ["2026/00.md", snapshot.articles[0]?.hash, "<p>Article 0</p>"],
      ["2026/01.md", snapshot.articles[1]?.hash, "<p>Article 1</p>"],
    ]);
  });
});

describe("saved bodies", () => {
  it("are used for the articles whose source hash they were saved with, and no other", async () => {
    const config = testConfig({ contentDir: dir.root });
    const store = createMemorySourceStore();
    const { snapshot } = await refresh(INITIAL_STATE, refreshDepsOf(config, store));
    const [newest, next] = snapshot.articles;
    if (!newest || !next) throw new Error("no articles");
    const site = createSite(config, store);
    const fresh = site.contentHtml(next);
    const other = createSite(config, store);
    other.adoptBodies([
      [newest.path, newest.hash, "<p>as saved</p>"],
      [next.path, "another-version", "<p>stale</p>"],
    ]);
    expect(other.contentHtml(newest)).toBe("<p>as saved</p>");
    expect(other.contentHtml(next)).toBe(fresh);
    expect(site.feedBodies(snapshot).slice(0, 2)).toEqual([
      [newest.path, newest.hash, site.contentHtml(newest)],
      [next.path, next.hash, fresh],
    ]);
    expect(site.feedBodies(snapshot)).toHaveLength(config.feedLimit);
  });
});
