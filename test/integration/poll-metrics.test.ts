import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { rawRequest, startTestServer, type TestServer } from "../helpers/test-server.js";

const BASE = Date.UTC(2026, 2, 1) / 1000;
let dir: ContentDir;
let server: TestServer;

beforeAll(async () => {
  dir = createContentDir();
  for (let i = 1; i <= 3; i++) {
    dir.article(`post-${i}.txt`, { title: `Post ${i}`, date: BASE + i * 3600, keywords: "news" });
  }
  server = await startTestServer({ contentDir: dir.root });
});
afterAll(async () => {
  await server.stop();
  dir.cleanup();
});

const metrics = async () => (await rawRequest(`${server.url}/metrics`)).body.toString();
const poll = (path: string, userAgent: string, headers: Record<string, string> = {}) =>
  rawRequest(server.url + path, { headers: { "User-Agent": userAgent, ...headers } });

describe("/metrics counts feed polling by client", () => {
  it.each([
    [
      "/rss.xml",
      "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )",
      "Feedly",
      462,
    ],
    [
      "/atom.xml",
      "Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 31 subscribers; )",
      "Inoreader",
      31,
    ],
    [
      "/tags/news/rss.xml",
      "NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/1234/feedmill (Mozilla/5.0)",
      "NewsBlur",
      12,
    ],
    [
      "/feed.json",
      "Overcast/1.0 Podcast Sync (123 subscribers; feed-id=456789; +http://overcast.fm/)",
      "Overcast",
      123,
    ],
    ["/feeds.opml", "Feedbin - 7 subscribers", "Feedbin", 7],
  ])("shows the subscribers %s has on %s's User-Agent", async (path, agent, client, count) => {
    expect((await poll(path, agent)).status).toBe(200);
    expect(await metrics()).toContain(
      `feedmill_feed_subscribers{feed="${path}",client="${client}"} ${count}`,
    );
  });

  it("keeps the last count a client reported", async () => {
    await poll("/rss.xml", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 463 subscribers; )");
    expect(await metrics()).toContain(
      'feedmill_feed_subscribers{feed="/rss.xml",client="Feedly"} 463',
    );
  });

  it("counts requests by client family and outcome: 200, 304 and HEAD", async () => {
    const agent = "Tiny Tiny RSS/24.02 (https://tt-rss.org/)";
    const first = await poll("/rss.xml", agent);
    await poll("/rss.xml", agent, {
      "If-Modified-Since": first.headers["last-modified"] as string,
    });
    await poll("/archive/1/rss.xml", agent).catch(() => undefined);
    await rawRequest(`${server.url}/atom.xml`, {
      method: "HEAD",
      headers: { "User-Agent": agent },
    });
    const text = await metrics();
    const count = (outcome: string) =>
      Number(
        new RegExp(
          `^feedmill_feed_requests_total\\{client="Tiny Tiny RSS",outcome="${outcome}"\\} (\\d+)$`,
          "m",
        ).exec(text)?.[1] ?? 0,
      );
    expect(count("200")).toBeGreaterThanOrEqual(1);
    expect(count("304")).toBe(1);
    expect(count("HEAD")).toBe(1);
  });

  it("counts an unknown client as other, without a subscriber gauge for a missing count", async () => {
    await poll("/rss.xml", "curl/8.5.0");
    const text = await metrics();
    expect(text).toMatch(/^feedmill_feed_requests_total\{client="other",outcome="200"\} \d+$/m);
    expect(text).not.toContain('client="curl');
  });

  it("does not count pages or unknown feeds as polls", async () => {
    const agent = "Miniflux/2.2.3";
    await poll("/", agent);
    await poll("/tags/nothing/rss.xml", agent);
    expect(await metrics()).not.toContain('client="Miniflux"');
  });

  it("serves Node's default process metrics", async () => {
    const text = await metrics();
    for (const name of [
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_p99_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });
});
