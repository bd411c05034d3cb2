import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleText, type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { rawRequest, startTestServer, type TestServer } from "../helpers/test-server.js";

const DAY = 86_400;
const BASE = Date.UTC(2026, 0, 1) / 1000;
let dir: ContentDir;
let server: TestServer;

beforeAll(async () => {
  dir = createContentDir();
  for (let i = 1; i <= 25; i++) {
    dir.article(`posts/post-${String(i).padStart(2, "0")}.txt`, {
      title: `Post number ${i}`,
      date: BASE + i * DAY,
      keywords: i % 2 === 0 ? "even, Numbers" : "odd, numbers",
      description: `Summary of post ${i}.`,
    });
  }
  // With a token, POST /admin/rescan can change the feeds at any time: max-age stays as set.
  server = await startTestServer({
    contentDir: dir.root,
    feedLimit: 10,
    adminToken: "feeds-test-admin-token",
  });
});
afterAll(async () => {
  await server.stop();
  dir.cleanup();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  rawRequest(server.url + path, { headers });

describe("feed responses", () => {
  it.each([
    ["/rss.xml", "application/rss+xml; charset=utf-8"],
    ["/atom.xml", "application/atom+xml; charset=utf-8"],
    ["/feed.json", "application/feed+json; charset=utf-8"],
  ])("serves %s as %s with validators and caching headers", async (path, type) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe(type);
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    // When these bytes were first produced: the server's (standing) clock at its first scan.
    expect(res.headers["last-modified"]).toBe(new Date(server.clock.now()).toUTCString());
    expect(res.headers["cache-control"]).toBe("public, max-age=300");
    expect(res.headers.vary).toBe("Accept-Encoding");
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["access-control-expose-headers"]).toBe("ETag, Last-Modified");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
  });

  it("answers 304 when If-None-Match is the ETag", async () => {
    const { headers } = await get("/rss.xml");
    const res = await get("/rss.xml", { "If-None-Match": headers.etag as string });
    expect(res.status).toBe(304);
    expect(res.body.length).toBe(0);
    expect(res.headers.etag).toBe(headers.etag);
  });

  it("answers 304 when If-None-Match lists the ETag among others", async () => {
    const { headers } = await get("/atom.xml");
    const res = await get("/atom.xml", { "If-None-Match": `"nope", ${headers.etag}, "other"` });
    expect(res.status).toBe(304);
  });

  it("answers 304 to the weak form of the ETag (weak comparison, RFC 9110 §13.1.2)", async () => {
    const { headers } = await get("/feed.json");
    const res = await get("/feed.json", { "If-None-Match": `W/${headers.etag}` });
    expect(res.status).toBe(304);
  });

  it.each(["/rss.xml", "/archive/1/atom.xml"])(
    "answers %s with 304 to a matching ETag sent with Cache-Control: no-cache, as fetch() sends it",
    async (path) => {
      const { headers } = await get(path);
      expect(headers.etag).toBeDefined();
      const res = await get(path, {
        "If-None-Match": headers.etag as string,
        "Cache-Control": "no-cache",
        Pragma: "no-cache",
      });
      expect(res.status).toBe(304);
    },
  );

  it("answers 304 to If-None-Match: *", async () => {
    expect((await get("/rss.xml", { "If-None-Match": "*" })).status).toBe(304);
  });

  it("answers 200 when If-None-Match does not match, even with a fresh If-Modified-Since", async () => {
    const res = await get("/rss.xml", {
      "If-None-Match": '"stale"',
      "If-Modified-Since": new Date().toUTCString(),
    });
    expect(res.status).toBe(200);
  });

  it("answers 304 when If-Modified-Since is the Last-Modified", async () => {
    const { headers } = await get("/rss.xml");
    const res = await get("/rss.xml", { "If-Modified-Since": headers["last-modified"] as string });
    expect(res.status).toBe(304);
  });

  it("answers 200 when If-Modified-Since is older than the newest article", async () => {
    const res = await get("/rss.xml", { "If-Modified-Since": new Date(BASE * 1000).toUTCString() });
    expect(res.status).toBe(200);
  });

  it("ignores an unparseable If-Modified-Since", async () => {
    const res = await get("/rss.xml", { "If-Modified-Since": "yesterday-ish" });
    expect(res.status).toBe(200);
  });

  it("sends gzip when asked, the same bytes once decompressed, with an ETag of its own", async () => {
    const plain = await get("/rss.xml");
    const res = await get("/rss.xml", { "Accept-Encoding": "gzip" });
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(res.body).equals(plain.body)).toBe(true);
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(res.headers.etag).not.toBe(plain.headers.etag);
  });

  it("prefers brotli when both are accepted", async () => {
    const plain = await get("/atom.xml");
    const res = await get("/atom.xml", { "Accept-Encoding": "gzip, deflate, br" });
    expect(res.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(res.body).equals(plain.body)).toBe(true);
  });

  it("honours q=0", async () => {
    const res = await get("/atom.xml", { "Accept-Encoding": "br;q=0, gzip" });
    expect(res.headers["content-encoding"]).toBe("gzip");
  });

  it("answers HEAD with the headers of GET and no body", async () => {
    const full = await get("/feed.json", { "Accept-Encoding": "gzip" });
    const head = await rawRequest(`${server.url}/feed.json`, {
      method: "HEAD",
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers.etag).toBe(full.headers.etag);
    expect(head.headers["content-length"]).toBe(full.headers["content-length"]);
  });

  it("links the subscription document to an archive that exists (RFC 5005)", async () => {
    const rss = (await get("/rss.xml")).body.toString();
    const prev = /<atom:link[^>]*rel="prev-archive"[^>]*>/.exec(rss)?.[0] ?? "";
    const href = /href="http:\/\/feeds\.test([^"]+)"/.exec(prev)?.[1];
    // 25 articles, 10 a document: archives 1 (oldest 10) and 2 (next 10); the newest is 2.
    expect(href).toBe("/archive/2/rss.xml");
    const archive = await get(href as string);
    expect(archive.status).toBe(200);
    expect(archive.body.toString()).toContain("fh:archive");
  });

  it("serves JSON Feed archives through next_url", async () => {
    const feed = JSON.parse((await get("/feed.json")).body.toString());
    expect(feed.items).toHaveLength(10);
    expect(feed.next_url).toBe("http://feeds.test/archive/2/feed.json");
    const archive = JSON.parse((await get("/archive/2/feed.json")).body.toString());
    expect(archive.items).toHaveLength(10);
    expect(archive.next_url).toBe("http://feeds.test/archive/1/feed.json");
    const oldest = JSON.parse((await get("/archive/1/feed.json")).body.toString());
    expect(oldest.next_url).toBeUndefined();
    expect(oldest.items.map((i: { title: string }) => i.title).at(-1)).toBe("Post number 1");
  });

  it.each([
    "/archive/0/rss.xml",
    "/archive/3/rss.xml",
    "/archive/x/rss.xml",
    "/archive/-1/feed.json",
  ])("answers 404 for the archive %s that does not exist", async (path) => {
    expect((await get(path)).status).toBe(404);
  });

  it("serves one feed per tag, merging tags that differ in case", async () => {
    const res = await get("/tags/numbers/feed.json");
    expect(res.status).toBe(200);
    const feed = JSON.parse(res.body.toString());
    expect(feed.title).toContain("numbers");
    expect(feed.items).toHaveLength(10);
    expect((await get("/tags/even/rss.xml")).status).toBe(200);
    // Another case of the slug names the same tag (and the same bytes).
    const upper = await get("/tags/NUMBERS/feed.json");
    expect(upper.status).toBe(200);
    expect(upper.headers.etag).toBe(res.headers.etag);
    expect((await get("/tags/unknown/rss.xml")).status).toBe(404);
  });

  it("lists every feed in OPML", async () => {
    const res = await get("/feeds.opml");
    expect(res.status).toBe(200);
    const opml = res.body.toString();
    for (const url of ["/rss.xml", "/tags/even/rss.xml", "/tags/numbers/rss.xml"]) {
      expect(opml).toContain(`http://feeds.test${url}`);
    }
  });
});

describe("pages", () => {
  it("serves every item link as an HTML page", async () => {
    const feed = JSON.parse((await get("/feed.json")).body.toString());
    for (const item of feed.items as { url: string }[]) {
      const res = await get(item.url.replace("http://feeds.test", ""));
      expect(res.status, item.url).toBe(200);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
    }
  });

  it("serves the index with autodiscovery links", async () => {
    const html = (await get("/")).body.toString();
    expect(html).toMatch(/<link[^>]+rel="alternate"[^>]+application\/rss\+xml/);
    expect(html).toContain("Post number 25");
  });

  it("answers unknown paths with a 404 page", async () => {
    const res = await get("/articles/nope");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
  });

  it("answers an unknown method with 405", async () => {
    const res = await rawRequest(`${server.url}/rss.xml`, { method: "DELETE" });
    expect(res.status).toBe(405);
  });
});

describe("health", () => {
  it("reports status, article count and the last scan", async () => {
    const health = JSON.parse((await get("/healthz")).body.toString());
    expect(health).toMatchObject({ status: "ok", articles: 25, errors: [] });
    expect(health.lastScan).toMatchObject({ added: 25 });
    expect(typeof health.lastScan.durationMs).toBe("number");
  });

  it("serves Prometheus metrics", async () => {
    const text = (await get("/metrics")).body.toString();
    expect(text).toContain("feedmill_articles 25");
    expect(text).toMatch(/feedmill_http_requests_total\{route="feed",status="304"\} \d+/);
  });
});

describe("articles written in the seed format", () => {
  it("renders the helper's text as the seed files do", () => {
    expect(articleText({ title: "T", date: 1 })).toMatch(/^--- \nextends: _layouts.post \n/);
  });
});
