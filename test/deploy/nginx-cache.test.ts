import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import {
  type RawResponse,
  rawRequest,
  startTestServer,
  type TestServer,
} from "../helpers/test-server.js";
import {
  freePort,
  HAS_NGINX,
  type RunningNginx,
  readDeployConfig,
  renderConfig,
  startNginx,
} from "./start-nginx.js";

// Short freshness keeps the expiry tests quick; nginx counts it in whole seconds.
const MAX_AGE = 2;
const TOKEN = "deploy-test-admin-token";
const DATE = Date.UTC(2026, 3, 1) / 1000;
// Rescans only when a test asks for one, so nothing changes behind a test's back.
const NEVER = "0 0 1 1 *";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Responses counted by feedmill, minus its own /metrics and /admin traffic. */
interface Counts {
  readonly total: number;
  readonly notModified: number;
}

async function countRequests(server: TestServer): Promise<Counts> {
  const text = (await rawRequest(`${server.url}/metrics`)).body.toString();
  let total = 0;
  let notModified = 0;
  for (const match of text.matchAll(
    /^feedmill_http_requests_total\{route="([^"]*)",status="(\d+)"\} (\d+)$/gm,
  )) {
    const [, route, status, value] = match;
    if (route === "metrics" || route === "admin") continue;
    total += Number(value);
    if (status === "304") notModified += Number(value);
  }
  return { total, notModified };
}

async function countBoth(servers: readonly TestServer[]): Promise<Counts> {
  const counts = await Promise.all(servers.map(countRequests));
  return {
    total: counts.reduce((sum, c) => sum + c.total, 0),
    notModified: counts.reduce((sum, c) => sum + c.notModified, 0),
  };
}

/** Retry `probe` every 100 ms until it returns a value, or fail after `ms`. */
async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.skipIf(!HAS_NGINX)("two replicas behind deploy/nginx/feedmill-cache.conf", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  let dir: ContentDir;
  let replicas: TestServer[];
  let primary: TestServer;
  let nginx: RunningNginx;

  const viaCache = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(nginx.url + path, { headers });

  beforeAll(async () => {
    dir = createContentDir();
    cleanups.push(() => dir.cleanup());
    // Five articles, two per feed document: archives exist; two tags give tag feeds.
    for (let i = 1; i <= 5; i++) {
      dir.article(`post-${i}.txt`, {
        title: `Post ${i}`,
        date: DATE + i * 3600,
        keywords: i % 2 ? "alpha, beta" : "alpha",
      });
    }
    const options = {
      contentDir: dir.root,
      cacheControl: `public, max-age=${MAX_AGE}`,
      adminToken: TOKEN,
      feedLimit: 2,
      scanCron: NEVER,
    };
    replicas = [];
    for (let i = 0; i < 2; i++) {
      const replica = await startTestServer(options);
      cleanups.push(() => replica.stop());
      replicas.push(replica);
    }
    primary = replicas[0] as TestServer;
    const port = await freePort();
    const config = renderConfig(readDeployConfig("feedmill-cache.conf"), {
      port,
      upstreams: replicas.map((r) => Number(new URL(r.url).port)),
    });
    nginx = await startNginx(config, port);
    cleanups.push(() => nginx.stop());
  });

  afterAll(async () => {
    // nginx first: it holds keep-alive connections to the replicas.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("serves repeated polls from the cache without asking either replica", async () => {
    const first = await viaCache("/rss.xml");
    expect(first.status).toBe(200);
    const before = await countBoth(replicas);
    const polls: RawResponse[] = [];
    for (let i = 0; i < 5; i++) polls.push(await viaCache("/rss.xml"));
    for (const poll of polls) {
      expect(poll.status).toBe(200);
      expect(poll.headers["x-cache-status"]).toBe("HIT");
      expect(poll.body.equals(first.body)).toBe(true);
      expect(poll.headers.etag).toBe(first.headers.etag);
    }
    expect(await countBoth(replicas)).toEqual(before);
  });

  it("revalidates an expired entry with a conditional request that feedmill answers 304", async () => {
    const first = await viaCache("/atom.xml");
    expect(first.status).toBe(200);
    const before = await countBoth(replicas);
    // nginx stores an expiry time in whole seconds: max-age plus up to one second.
    await sleep((MAX_AGE + 1.2) * 1000);

    // proxy_cache_background_update: the client gets the stale copy at once, without waiting
    // for a replica, and the revalidation runs as a subrequest logged with its own status.
    const expired = await viaCache("/atom.xml");
    expect(expired.headers["x-cache-status"]).toBe("STALE");
    expect(expired.body.equals(first.body)).toBe(true);
    const logLine = await waitFor("a REVALIDATED line in the access log", 3000, async () =>
      nginx
        .readAccessLog()
        .split("\n")
        .find((line) => line.includes('"GET /atom.xml ') && line.includes("cache=REVALIDATED")),
    );
    expect(logLine).toContain("upstream_status=304");

    const after = await waitFor("feedmill to count the 304", 3000, async () => {
      const counts = await countBoth(replicas);
      return counts.notModified > before.notModified ? counts : undefined;
    });
    // One conditional request, answered 304, and nothing else reached the replicas.
    expect(after.notModified - before.notModified).toBe(1);
    expect(after.total - before.total).toBe(1);

    const refreshed = await viaCache("/atom.xml");
    expect(refreshed.headers["x-cache-status"]).toBe("HIT");
    expect(refreshed.headers.etag).toBe(first.headers.etag);
    expect(refreshed.body.equals(first.body)).toBe(true);
  });

  it("answers a client's If-None-Match and If-Modified-Since with 304 from the cache", async () => {
    const path = "/tags/alpha/rss.xml";
    const first = await viaCache(path);
    expect(first.status).toBe(200);
    const etag = first.headers.etag as string;
    const lastModified = first.headers["last-modified"] as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const before = await countBoth(replicas);

    const byEtag = await viaCache(path, { "If-None-Match": etag });
    expect(byEtag.status).toBe(304);
    expect(byEtag.body.length).toBe(0);
    expect(byEtag.headers.etag).toBe(etag);
    const byDate = await viaCache(path, { "If-Modified-Since": lastModified });
    expect(byDate.status).toBe(304);
    const otherEtag = await viaCache(path, { "If-None-Match": '"not-the-current-one"' });
    expect(otherEtag.status).toBe(200);
    expect(otherEtag.body.equals(first.body)).toBe(true);

    expect(await countBoth(replicas)).toEqual(before);
  });

  it.each([
    ["gzip", "gzip", "gzip"],
    ["brotli", "br", "br"],
    ["brotli over gzip", "gzip, deflate, br", "br"],
    ["gzip when brotli is refused", "br;q=0, gzip", "gzip"],
  ])(
    "passes feedmill's precompressed %s bytes through unchanged",
    async (_name, accept, coding) => {
      const path = "/archive/1/rss.xml";
      const direct = await rawRequest(primary.url + path, {
        headers: { "Accept-Encoding": accept },
      });
      expect(direct.headers["content-encoding"]).toBe(coding);
      const cached = await viaCache(path, { "Accept-Encoding": accept });
      expect(cached.status).toBe(200);
      expect(cached.headers["content-encoding"]).toBe(coding);
      expect(cached.headers.vary).toBe("Accept-Encoding");
      expect(cached.body.equals(direct.body)).toBe(true);
    },
  );

  it("keeps one cache entry per encoding: identity clients never get compressed bytes", async () => {
    const path = "/tags/beta/atom.xml";
    // `*` normalises to identity. Were the raw header passed on, feedmill would answer brotli
    // and the identity entry would hold brotli bytes for every later client.
    const star = await viaCache(path, { "Accept-Encoding": "*" });
    expect(star.headers["content-encoding"]).toBeUndefined();
    const plain = await viaCache(path);
    expect(plain.headers["x-cache-status"]).toBe("HIT");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const gzipped = await viaCache(path, { "Accept-Encoding": "gzip" });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    // Another spelling of "gzip" shares that entry.
    const again = await viaCache(path, { "Accept-Encoding": "deflate, gzip;q=0.8" });
    expect(again.headers["x-cache-status"]).toBe("HIT");
    expect(again.body.equals(gzipped.body)).toBe(true);
  });

  it.each([
    "/rss.xml",
    "/atom.xml",
    "/feed.json",
    "/",
    "/feeds.opml",
    "/archive/1/atom.xml",
    "/tags/alpha/feed.json",
  ])("has replicas that agree byte for byte and on the ETag of %s", async (path) => {
    for (const encoding of ["", "gzip", "br"]) {
      const headers: Record<string, string> = encoding ? { "Accept-Encoding": encoding } : {};
      const [a, b] = await Promise.all(
        replicas.map((replica) => rawRequest(replica.url + path, { headers })),
      );
      expect(a?.status).toBe(200);
      expect(b?.status).toBe(200);
      expect(a?.body.equals(b?.body as Buffer)).toBe(true);
      expect(a?.headers.etag).toBeDefined();
      expect(a?.headers.etag).toBe(b?.headers.etag);
      // Last-Modified is each replica's own (when it first produced these bytes), but a copy
      // fetched from one is revalidated by the other with 304: If-None-Match decides.
      expect(a?.headers["last-modified"]).toBeDefined();
      const revalidated = await rawRequest(replicas[1]?.url + path, {
        headers: {
          ...headers,
          "If-None-Match": a?.headers.etag as string,
          "If-Modified-Since": a?.headers["last-modified"] as string,
        },
      });
      expect(revalidated.status).toBe(304);
    }
  });

  // Last: it changes the content every other test reads.
  it("delivers a content change within max-age once both replicas have rescanned", async () => {
    const old = await viaCache("/feed.json");
    expect(old.status).toBe(200);
    dir.article("post-6.txt", { title: "Breaking news", date: DATE + 6 * 3600 });
    for (const replica of replicas) {
      const res = await rawRequest(`${replica.url}/admin/rescan`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(200);
    }
    const rescanned = Date.now();
    const fresh = await waitFor(
      "the new article through the cache",
      (MAX_AGE + 3) * 1000,
      async () => {
        const res = await viaCache("/feed.json");
        return res.body.toString().includes("Breaking news") ? res : undefined;
      },
    );
    // max-age, nginx's whole-second expiry, and the one stale answer a background update gives.
    expect(Date.now() - rescanned).toBeLessThanOrEqual((MAX_AGE + 2) * 1000);
    expect(fresh.headers.etag).not.toBe(old.headers.etag);
    const direct = await Promise.all(replicas.map((r) => rawRequest(`${r.url}/feed.json`)));
    for (const res of direct) {
      expect(res.headers.etag).toBe(fresh.headers.etag);
      expect(res.body.equals(fresh.body)).toBe(true);
    }
  });

  // After the content change: the replicas go away for good.
  it("keeps serving the last good copy when every replica is down", async () => {
    // A HIT is the copy the cache holds now (a STALE answer would be replaced in the background).
    const last = await waitFor("a fresh cached copy", 5000, async () => {
      const res = await viaCache("/rss.xml");
      return res.headers["x-cache-status"] === "HIT" ? res : undefined;
    });
    for (const replica of replicas) await replica.stop();
    await sleep((MAX_AGE + 1.2) * 1000);
    const res = await viaCache("/rss.xml");
    expect(res.status).toBe(200);
    expect(res.headers["x-cache-status"]).toBe("STALE");
    expect(res.body.equals(last.body)).toBe(true);
  });
});
