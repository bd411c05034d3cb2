import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

let dir: ContentDir;
let server: TestServer;

beforeAll(async () => {
  dir = createContentDir();
  dir.write("shows/ep.mp3", Buffer.alloc(100, 1));
  dir.write("shows/ep.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n");
  dir.write("shows/ep.chapters.json", '{"version":"1.2.0","chapters":[{"startTime":0}]}');
  dir.write("shows/other.json", "{}");
  dir.write("shows/ep.md", "---\ntitle: One\ndate: 1700000000\nenclosure: ep.mp3\n---\nNotes.\n");
  server = await startTestServer({ contentDir: dir.root });
});

afterAll(async () => {
  await server.stop();
  dir.cleanup();
});

describe("an episode's transcript and chapters", () => {
  it("are found beside the audio and named in the RSS feed", async () => {
    const rss = await (await server.get("/rss.xml")).text();
    expect(rss).toContain(
      '<podcast:transcript url="http://feeds.test/shows/ep.vtt" type="text/vtt"/>',
    );
    expect(rss).toContain(
      '<podcast:chapters url="http://feeds.test/shows/ep.chapters.json" type="application/json+chapters"/>',
    );
  });

  it.each([
    ["/shows/ep.chapters.json", "application/json+chapters"],
    ["/shows/ep.vtt", "text/vtt"],
  ])("serves %s as %s with CORS", async (path, type) => {
    const response = await server.get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")?.split(";")[0]).toBe(type);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    await response.arrayBuffer();
  });

  it("does not serve a JSON file no episode names", async () => {
    const response = await server.get("/shows/other.json");
    expect(response.status).toBe(404);
    await response.arrayBuffer();
  });
});
