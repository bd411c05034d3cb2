import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Health } from "../../src/catalogue/service.js";
import { createContentDir } from "../helpers/content-dir.js";
import { attrOf, readXml, select, textOf } from "../helpers/parse-feed.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const DATE = Date.UTC(2026, 5, 1) / 1000;
const dir = createContentDir();
let server: TestServer;

beforeAll(async () => {
  // Tag uses: t1 ×3, t2 ×2, every other tag once; `many.txt` gives ten.
  const many = Array.from({ length: 10 }, (_, i) => `t${i + 1}`).join(", ");
  dir.article("many.txt", { title: "Many", date: DATE, keywords: many });
  dir.article("two.txt", { title: "Two", date: DATE - 60, keywords: "t1, t2, solo" });
  dir.article("one.txt", { title: "One", date: DATE - 120, keywords: "t1" });
  server = await startTestServer({ contentDir: dir.root, maxTagsPerArticle: 4, maxTagFeeds: 3 });
});
afterAll(async () => {
  await server.stop();
  dir.cleanup();
});

describe("tag limits", () => {
  it("reports tags past either limit in /healthz as warnings, without degrading", async () => {
    const health = (await (await server.get("/healthz")).json()) as Health;
    expect(health.status).toBe("ok");
    expect(health.warnings).toEqual([
      { path: ".", code: "too-many-tag-feeds", reason: expect.stringMatching(/^5 tags; the 3/) },
      { path: "many.txt", code: "too-many-tags", reason: expect.stringMatching(/^10 tags;/) },
    ]);
  });

  it("keeps the first tags of an article past the per-article limit", async () => {
    const rss = readXml(await (await server.get("/rss.xml")).text());
    const items = select(rss, "rss", "channel", "item");
    const categories = select(items[0], "category").map(textOf);
    expect(categories).toEqual(["t1", "t2", "t3", "t4"]);
  });

  it("lists only the most used tags in the OPML, and serves no feed for the others", async () => {
    const first = await server.get("/feeds.opml");
    const outlines = select(readXml(await first.text()), "opml", "body", "outline");
    expect(outlines.map((o) => attrOf(o, "xmlUrl"))).toEqual([
      "http://feeds.test/rss.xml",
      // Used once each, like t3 … t10: `solo` sorts first.
      "http://feeds.test/tags/solo/rss.xml",
      "http://feeds.test/tags/t1/rss.xml",
      "http://feeds.test/tags/t2/rss.xml",
    ]);
    expect((await server.get("/feeds.opml")).headers.get("etag")).toBe(first.headers.get("etag"));
    expect((await server.get("/tags/t3/rss.xml")).status).toBe(404);
    expect((await server.get("/tags/solo/rss.xml")).status).toBe(200);
  });
});
