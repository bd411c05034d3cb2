import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import {
  createTestClock,
  type RawResponse,
  rawRequest,
  startTestServer,
  type TestClock,
  type TestServer,
} from "../helpers/test-server.js";

const TOKEN = "validators-test-admin-token";
const DAY = 86_400;
const BASE = Date.UTC(2026, 0, 1) / 1000;
const FEEDS = ["/rss.xml", "/atom.xml", "/feed.json", "/tags/news/rss.xml", "/tags/news/feed.json"];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function fill(dir: ContentDir): void {
  for (let i = 1; i <= 5; i++) {
    dir.article(`posts/post-${i}.txt`, {
      title: `Post ${i}`,
      date: BASE + i * DAY,
      keywords: "news",
    });
  }
}

async function start(
  overrides: Record<string, unknown> = {},
  clock?: TestClock,
  dir: ContentDir = createContentDir(),
) {
  if (!overrides.contentDir) {
    fill(dir);
    cleanups.push(() => dir.cleanup());
  }
  const server = await startTestServer(
    { contentDir: dir.root, adminToken: TOKEN, feedLimit: 10, ...overrides },
    clock,
  );
  cleanups.push(() => server.stop());
  return { dir, server };
}

function tempStateDir(): string {
  const stateDir = mkdtempSync(join(tmpdir(), "feedmill-validators-"));
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
  return stateDir;
}

async function rescan(server: TestServer): Promise<void> {
  const res = await rawRequest(`${server.url}/admin/rescan`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status).toBe(200);
}

const get = (server: TestServer, path: string, headers: Record<string, string> = {}) =>
  rawRequest(server.url + path, { headers });

const lastModifiedOf = (res: RawResponse) => Date.parse(res.headers["last-modified"] as string);

describe("Last-Modified is when these bytes were first served", () => {
  it.each(FEEDS)(
    "%s: a back-dated article and a deletion are each answered 200 to If-Modified-Since alone",
    async (path) => {
      const { dir, server } = await start();
      const first = await get(server, path);
      expect(first.status).toBe(200);

      // Scraped after the fact: older than the newest article, so no content date moves.
      server.clock.advance();
      dir.article("posts/late.txt", { title: "Late", date: BASE + 2.5 * DAY, keywords: "news" });
      await rescan(server);
      const added = await get(server, path, {
        "If-Modified-Since": first.headers["last-modified"] as string,
      });
      expect(added.status).toBe(200);
      expect(added.body.toString()).toContain("Late");
      expect(lastModifiedOf(added)).toBeGreaterThan(lastModifiedOf(first));

      server.clock.advance();
      dir.remove("posts/post-5.txt");
      await rescan(server);
      const deleted = await get(server, path, {
        "If-Modified-Since": added.headers["last-modified"] as string,
      });
      expect(deleted.status).toBe(200);
      expect(deleted.body.toString()).not.toContain("Post 5");
      expect(lastModifiedOf(deleted)).toBeGreaterThan(lastModifiedOf(added));

      server.clock.advance();
      await rescan(server);
      const unchanged = await get(server, path, {
        "If-Modified-Since": deleted.headers["last-modified"] as string,
      });
      expect(unchanged.status).toBe(304);
      expect(unchanged.headers["last-modified"]).toBe(deleted.headers["last-modified"]);
    },
  );

  it("holds back the Last-Modified of a second version within one second until that second", async () => {
    const { dir, server } = await start();
    const first = await get(server, "/rss.xml");
    dir.article("posts/late.txt", { title: "Late", date: BASE + 2.5 * DAY });
    await rescan(server);
    // Same second on the clock: the new bytes' time is the next second, not yet sendable.
    const early = await get(server, "/rss.xml", {
      "If-Modified-Since": first.headers["last-modified"] as string,
    });
    expect(early.status).toBe(200);
    expect(early.headers["last-modified"]).toBeUndefined();
    expect(early.headers.etag).not.toBe(first.headers.etag);
    server.clock.advance();
    const later = await get(server, "/rss.xml");
    expect(lastModifiedOf(later)).toBe(lastModifiedOf(first) + 1000);
    expect(later.headers.etag).toBe(early.headers.etag);
  });

  it("keeps the Last-Modified of a document whose bytes did not change while others changed", async () => {
    const { dir, server } = await start({ feedLimit: 2 });
    const archive = await get(server, "/archive/1/rss.xml");
    expect(archive.status).toBe(200);
    server.clock.advance(5000);
    dir.article("posts/new.txt", { title: "New", date: BASE + 9 * DAY });
    await rescan(server);
    const again = await get(server, "/archive/1/rss.xml");
    expect(again.headers.etag).toBe(archive.headers.etag);
    expect(again.headers["last-modified"]).toBe(archive.headers["last-modified"]);
    expect(lastModifiedOf(await get(server, "/rss.xml"))).toBe(server.clock.now());
  });

  it("is never later than Date, and on a real clock no earlier than the start", async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const { server } = await start({}, { now: Date.now, advance: () => {} });
    let res = await get(server, "/atom.xml");
    // At most one second without it: the first bytes' time is the start rounded up.
    for (let i = 0; i < 30 && res.headers["last-modified"] === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      res = await get(server, "/atom.xml");
    }
    expect(lastModifiedOf(res)).toBeGreaterThanOrEqual(before);
    expect(lastModifiedOf(res)).toBeLessThanOrEqual(Date.parse(res.headers.date as string));
  });
});

describe("Last-Modified across restarts", () => {
  const PATHS = [...FEEDS, "/archive/1/atom.xml", "/feeds.opml", "/", "/articles/posts/post-1"];

  async function lastModifiedTimes(server: TestServer) {
    const times = new Map<string, string | undefined>();
    for (const path of PATHS) {
      const res = await get(server, path);
      expect(res.status, path).toBe(200);
      times.set(path, `${res.headers.etag} ${res.headers["last-modified"]}`);
    }
    return times;
  }

  it("keeps every document's Last-Modified with STATE_DIR and unchanged content", async () => {
    const stateDir = tempStateDir();
    const dir = createContentDir();
    fill(dir);
    cleanups.push(() => dir.cleanup());
    const clock = createTestClock();
    const first = await startTestServer({ contentDir: dir.root, stateDir, feedLimit: 2 }, clock);
    const before = await lastModifiedTimes(first);
    await first.stop();

    clock.advance(60_000);
    const second = await startTestServer({ contentDir: dir.root, stateDir, feedLimit: 2 }, clock);
    cleanups.push(() => second.stop());
    expect(await lastModifiedTimes(second)).toEqual(before);
  });

  it("gives a document changed while stopped the new start's time, and keeps the others", async () => {
    const stateDir = tempStateDir();
    const dir = createContentDir();
    fill(dir);
    cleanups.push(() => dir.cleanup());
    const clock = createTestClock();
    const first = await startTestServer({ contentDir: dir.root, stateDir, feedLimit: 2 }, clock);
    const archive = await get(first, "/archive/1/rss.xml");
    await get(first, "/rss.xml");
    await first.stop();

    clock.advance(60_000);
    dir.article("posts/late.txt", { title: "Late", date: BASE + 4.5 * DAY });
    const second = await startTestServer({ contentDir: dir.root, stateDir, feedLimit: 2 }, clock);
    cleanups.push(() => second.stop());
    expect(lastModifiedOf(await get(second, "/rss.xml"))).toBe(clock.now());
    const archiveAgain = await get(second, "/archive/1/rss.xml");
    expect(archiveAgain.headers.etag).toBe(archive.headers.etag);
    expect(archiveAgain.headers["last-modified"]).toBe(archive.headers["last-modified"]);
  });

  it("writes a new Last-Modified to STATE_DIR before sending it (a crash cannot lose it)", async () => {
    const stateDir = tempStateDir();
    const { server } = await start({ stateDir });
    const res = await get(server, "/tags/news/atom.xml");
    const log = readFileSync(join(stateDir, "last-modified.jsonl"), "utf8");
    expect(log).toContain(
      JSON.stringify(["/tags/news/atom.xml", res.headers.etag, lastModifiedOf(res)]).slice(0, -1),
    );
  });

  it("without STATE_DIR, restarts at the start time or later", async () => {
    const dir = createContentDir();
    fill(dir);
    cleanups.push(() => dir.cleanup());
    const clock = createTestClock();
    const first = await startTestServer({ contentDir: dir.root }, clock);
    const before = await get(first, "/rss.xml");
    await first.stop();
    clock.advance(60_000);
    const started = clock.now();
    const second = await startTestServer({ contentDir: dir.root }, clock);
    cleanups.push(() => second.stop());
    const after = await get(second, "/rss.xml");
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(lastModifiedOf(after)).toBeGreaterThanOrEqual(started);
  });
});

describe("one strong ETag per content-coding", () => {
  it.each(["/rss.xml", "/feeds.opml", "/archive/1/feed.json"])(
    "%s: identity, gzip and brotli each have their own, each answered 304 plain and weak",
    async (path) => {
      const { server } = await start({ feedLimit: 2 });
      const codings = { identity: "identity", gzip: "gzip", br: "br" } as const;
      const tags = new Map<string, string>();
      for (const [name, accept] of Object.entries(codings)) {
        const res = await get(server, path, { "Accept-Encoding": accept });
        expect(res.status).toBe(200);
        expect(res.headers["content-encoding"]).toBe(name === "identity" ? undefined : name);
        tags.set(name, res.headers.etag as string);
      }
      expect(new Set(tags.values()).size).toBe(3);
      for (const [name, etag] of tags) {
        expect(etag, name).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
        for (const accept of Object.values(codings)) {
          for (const sent of [etag, `W/${etag}`]) {
            const res = await get(server, path, {
              "Accept-Encoding": accept,
              "If-None-Match": sent,
            });
            expect(res.status, `${name} tag ${sent} asked as ${accept}`).toBe(304);
            // The 304 names the representation the client holds.
            expect(res.headers.etag).toBe(etag);
          }
        }
      }
      const other = await get(server, path, { "If-None-Match": '"something-else"' });
      expect(other.status).toBe(200);
    },
  );
});

describe("CORS for browser-based readers", () => {
  it.each([...FEEDS, "/feeds.opml", "/archive/1/rss.xml"])(
    "%s exposes its validators on 200, 304 and HEAD",
    async (path) => {
      const { server } = await start({ feedLimit: 2 });
      const origin = { Origin: "https://reader.example" };
      const ok = await get(server, path, origin);
      const notModified = await get(server, path, {
        ...origin,
        "If-None-Match": ok.headers.etag as string,
      });
      const head = await rawRequest(server.url + path, { method: "HEAD", headers: origin });
      expect([ok.status, notModified.status, head.status]).toEqual([200, 304, 200]);
      for (const res of [ok, notModified, head]) {
        expect(res.headers["access-control-allow-origin"]).toBe("*");
        const exposed = String(res.headers["access-control-expose-headers"]).split(/,\s*/);
        expect(exposed).toEqual(expect.arrayContaining(["ETag", "Last-Modified"]));
        expect(res.headers["x-content-type-options"]).toBe("nosniff");
      }
    },
  );
});

describe("CORS preflight", () => {
  it.each(["/rss.xml", "/tags/news/feed.json", "/feeds.opml"])(
    "%s allows a script's conditional GET from any origin",
    async (path) => {
      const { server } = await start();
      const res = await rawRequest(server.url + path, {
        method: "OPTIONS",
        headers: {
          Origin: "https://reader.example",
          "Access-Control-Request-Method": "GET",
          "Access-Control-Request-Headers": "if-none-match",
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers["access-control-allow-origin"]).toBe("*");
      expect(String(res.headers["access-control-allow-headers"])).toContain("If-None-Match");
    },
  );
});
