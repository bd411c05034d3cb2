import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import {
  createTestClock,
  rawRequest,
  startTestServer,
  type TestServer,
} from "../helpers/test-server.js";

const TOKEN = "s3cret-token-for-tests-only";
const DATE = Date.UTC(2026, 5, 1) / 1000;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(overrides: Record<string, unknown> = {}, fill?: (dir: ContentDir) => void) {
  const dir = createContentDir();
  cleanups.push(() => dir.cleanup());
  if (fill) fill(dir);
  else dir.article("first.txt", { title: "First", date: DATE });
  const server = await startTestServer({ contentDir: dir.root, adminToken: TOKEN, ...overrides });
  cleanups.push(() => server.stop());
  return { dir, server };
}

const rescan = (server: TestServer, token = TOKEN) =>
  rawRequest(`${server.url}/admin/rescan`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
  });

const titles = async (server: TestServer) => {
  const feed = JSON.parse((await rawRequest(`${server.url}/feed.json`)).body.toString());
  return (feed.items as { title: string }[]).map((item) => item.title);
};

describe("POST /admin/rescan", () => {
  it("is 404 when no token is configured", async () => {
    const { server } = await setup({ adminToken: null });
    expect((await rescan(server)).status).toBe(404);
  });

  it.each([
    ["a wrong token", `${TOKEN}x`],
    ["an empty token", ""],
    ["a prefix of the token", TOKEN.slice(0, 8)],
  ])("is 401 with %s", async (_name, token) => {
    const { server } = await setup();
    const res = await rescan(server, token);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain("Bearer");
  });

  it("is 401 without an Authorization header", async () => {
    const { server } = await setup();
    expect((await rawRequest(`${server.url}/admin/rescan`, { method: "POST" })).status).toBe(401);
  });

  it("rescans and returns the scan summary", async () => {
    const { dir, server } = await setup();
    dir.article("second.txt", { title: "Second", date: DATE + 60 });
    const res = await rescan(server);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({ added: 1, articles: 2 });
  });
});

describe("rescanning", () => {
  it("picks up an added, a changed and a deleted article", async () => {
    const { dir, server } = await setup({}, (d) => {
      d.article("a.txt", { title: "A", date: DATE });
      d.article("b.txt", { title: "B", date: DATE + 1 });
    });
    const before = await rawRequest(`${server.url}/rss.xml`);
    dir.article("c.txt", { title: "C", date: DATE + 2 });
    dir.article("a.txt", { title: "A edited", date: DATE });
    dir.remove("b.txt");
    await rescan(server);
    expect(await titles(server)).toEqual(["C", "A edited"]);
    const after = await rawRequest(`${server.url}/rss.xml`, {
      headers: { "If-None-Match": before.headers.etag as string },
    });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it("keeps serving the last good version of a file that breaks, and reports it", async () => {
    const { dir, server } = await setup({}, (d) => {
      d.article("a.txt", { title: "A", date: DATE, body: "<p>The original body.</p>" });
      d.article("b.txt", { title: "B", date: DATE + 1 });
    });
    dir.write("a.txt", "--- \ntitle: [broken\n--- \n<p>new</p>");
    await rescan(server);
    expect(await titles(server)).toEqual(["B", "A"]);
    const rss = (await rawRequest(`${server.url}/rss.xml`)).body.toString();
    expect(rss).toContain("The original body.");
    const health = JSON.parse((await rawRequest(`${server.url}/healthz`)).body.toString());
    expect(health.status).toBe("degraded");
    expect(health.errors).toEqual([expect.objectContaining({ path: "a.txt", code: "bad-yaml" })]);
  });

  it("keeps an unchanged feed's ETag across a rescan that changed nothing", async () => {
    const { server } = await setup();
    const before = await rawRequest(`${server.url}/atom.xml`);
    await rescan(server);
    const after = await rawRequest(`${server.url}/atom.xml`);
    expect(after.headers.etag).toBe(before.headers.etag);
  });

  it("publishes a future-dated article once its time has passed", async () => {
    const soon = Math.ceil(Date.now() / 1000) + 2;
    const { server } = await setup({}, (d) => {
      d.article("now.txt", { title: "Now", date: DATE });
      d.article("soon.txt", { title: "Soon", date: soon });
    });
    expect(await titles(server)).toEqual(["Now"]);
    await new Promise((resolve) => setTimeout(resolve, soon * 1000 - Date.now() + 50));
    await rescan(server);
    expect(await titles(server)).toEqual(["Soon", "Now"]);
  });

  it("keeps the last good feeds while the folder is gone, and recovers", async () => {
    const { dir, server } = await setup();
    const { renameSync } = await import("node:fs");
    renameSync(dir.root, `${dir.root}-away`);
    try {
      expect((await rescan(server)).status).toBe(503);
      expect(await titles(server)).toEqual(["First"]);
      const health = JSON.parse((await rawRequest(`${server.url}/healthz`)).body.toString());
      expect(health.status).toBe("degraded");
      expect(health.scanError).toContain("not readable");
    } finally {
      renameSync(`${dir.root}-away`, dir.root);
    }
    expect((await rescan(server)).status).toBe(200);
    const health = JSON.parse((await rawRequest(`${server.url}/healthz`)).body.toString());
    expect(health.status).toBe("ok");
  });
});

describe("replicas", () => {
  it("send identical bytes and ETags from the same folder, and answer each other's validators 304", async () => {
    const { dir, server } = await setup();
    dir.article("more.md", { title: "More", date: DATE + 5 });
    server.clock.advance();
    await rescan(server);
    // Started later: its Last-Modified times are its own, later ones.
    const clock = createTestClock(server.clock.now() + 5000);
    // The same configuration, as replicas have (the admin token decides the polling interval).
    const other = await startTestServer({ contentDir: dir.root, adminToken: TOKEN }, clock);
    cleanups.push(() => other.stop());
    for (const path of ["/rss.xml", "/atom.xml", "/feed.json", "/", "/feeds.opml"]) {
      for (const encoding of ["identity", "gzip", "br"]) {
        const headers = { "Accept-Encoding": encoding };
        const a = await rawRequest(server.url + path, { headers });
        const b = await rawRequest(other.url + path, { headers });
        expect(b.body.equals(a.body), `${path} ${encoding}`).toBe(true);
        expect(b.headers.etag).toBe(a.headers.etag);
        expect(Date.parse(b.headers["last-modified"] as string)).toBeGreaterThan(
          Date.parse(a.headers["last-modified"] as string),
        );
        // What a cache in front sends when it revalidates a copy fetched from the other one.
        const revalidated = await rawRequest(other.url + path, {
          headers: {
            ...headers,
            "If-None-Match": a.headers.etag as string,
            "If-Modified-Since": a.headers["last-modified"] as string,
          },
        });
        expect(revalidated.status, `${path} ${encoding}`).toBe(304);
      }
    }
  });
});

describe("media", () => {
  const fill = (d: ContentDir) => {
    d.article("ep.txt", { title: "Episode", date: DATE });
    d.write("audio/ep.mp3", Buffer.alloc(10_000, 7));
    d.write("notes.json", '{"private": true}');
    d.write(".secret.png", "x");
    d.write("img/.hidden/a.png", "x");
  };

  it("serves an allow-listed media file with byte ranges", async () => {
    const { server } = await setup({}, fill);
    const full = await rawRequest(`${server.url}/audio/ep.mp3`);
    expect(full.status).toBe(200);
    expect(full.headers["accept-ranges"]).toBe("bytes");
    expect(full.headers["content-type"]).toBe("audio/mpeg");
    const part = await rawRequest(`${server.url}/audio/ep.mp3`, {
      headers: { Range: "bytes=100-199" },
    });
    expect(part.status).toBe(206);
    expect(part.headers["content-range"]).toBe("bytes 100-199/10000");
    expect(part.body.length).toBe(100);
  });

  it.each([
    ["a private JSON file", "/notes.json"],
    ["an article source", "/ep.txt"],
    ["a hidden file", "/.secret.png"],
    ["a file in a hidden folder", "/img/.hidden/a.png"],
    ["an encoded traversal", "/..%2f..%2fetc%2fpasswd"],
    ["a NUL byte", "/audio/ep.mp3%00.png"],
  ])("does not serve %s", async (_name, path) => {
    const { server } = await setup({}, fill);
    const res = await rawRequest(server.url + path);
    expect(res.status).toBe(404);
  });

  it("does not serve a media file through a symlink out of the folder", async () => {
    const outside = createContentDir();
    cleanups.push(() => outside.cleanup());
    outside.write("photo.png", "not yours");
    const { server } = await setup({}, (d) => {
      fill(d);
      symlinkSync(join(outside.root, "photo.png"), join(d.root, "photo.png"));
    });
    expect((await rawRequest(`${server.url}/photo.png`)).status).toBe(404);
  });
});
