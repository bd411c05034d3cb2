import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import {
  rawRequest,
  startTestServer,
  type TestServer,
  testConfig,
} from "../helpers/test-server.js";

let dir: ContentDir;
let server: TestServer;

beforeAll(async () => {
  dir = createContentDir();
  dir.write("ep.mp3", Buffer.alloc(100, 1));
  dir.write(
    "ep.md",
    "---\ntitle: One\ndate: 1700000000\ntags: podcasts\nenclosure: ep.mp3\n---\nNotes.\n",
  );
  server = await startTestServer({
    contentDir: dir.root,
    moved: { "/podcast.xml": "/rss.xml", "/old/feed": "https://new.example/rss" },
    podcast: { newFeedUrl: "https://elsewhere.example/feed.xml" },
  });
});

afterAll(async () => {
  await server.stop();
  dir.cleanup();
});

describe("feeds that moved", () => {
  it.each([
    ["/podcast.xml", "http://feeds.test/rss.xml"],
    ["/old/feed", "https://new.example/rss"],
  ])("answers %s with 301 to %s, never 302", async (path, location) => {
    for (const method of ["GET", "HEAD"]) {
      const response = await rawRequest(`${server.url}${path}`, { method });
      expect(response.status, method).toBe(301);
      expect(response.headers.location).toBe(location);
    }
  });

  it("leaves every other path alone", async () => {
    expect((await rawRequest(`${server.url}/podcast.xml/x`)).status).toBe(404);
  });

  it("names the new home of a feed that moved away in the main feed only", async () => {
    const main = await (await server.get("/rss.xml")).text();
    expect(main).toContain(
      "<itunes:new-feed-url>https://elsewhere.example/feed.xml</itunes:new-feed-url>",
    );
    const tag = await (await server.get("/tags/podcasts/rss.xml")).text();
    expect(tag).not.toContain("itunes:new-feed-url");
  });
});

describe("config of moved paths", () => {
  it.each([
    [{ "podcast.xml": "/rss.xml" }, /moved\.podcast\.xml: /],
    [{ "/a": "javascript:alert(1)" }, /moved.*http\(s\) URL/],
  ])("refuses %j", (moved, message) => {
    expect(() => testConfig({ moved })).toThrow(message);
  });
});
