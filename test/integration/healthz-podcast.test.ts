import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { makePng } from "../helpers/make-png.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

let dir: ContentDir;
let server: TestServer;

beforeAll(async () => {
  dir = createContentDir();
  dir.write("media/podcast-cover.png", makePng(600, 600));
  dir.write("ep.mp3", Buffer.alloc(100, 1));
  dir.write("ep.md", "---\ntitle: One\ndate: 1700000000\nenclosure: ep.mp3\n---\nNotes.\n");
  server = await startTestServer({ contentDir: dir.root });
});

afterAll(async () => {
  await server.stop();
  dir.cleanup();
});

describe("/healthz on a podcast", () => {
  it("lists breaks of Apple's rules as warnings, and stays ok", async () => {
    const health = (await (await server.get("/healthz")).json()) as {
      status: string;
      warnings: { path: string; code: string }[];
    };
    expect(health.status).toBe("ok");
    expect(health.warnings.map(({ path, code }) => `${path}: ${code}`)).toEqual([
      "media/podcast-cover.png: podcast-artwork",
    ]);
  });
});
