import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
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

describe("/healthz on a podcast whose cover is a FIFO", () => {
  const TOKEN = "fifo-cover-test-token";
  let fifoDir: ContentDir;
  let fifoServer: TestServer;

  beforeAll(async () => {
    fifoDir = createContentDir();
    fifoDir.write("ep.mp3", Buffer.alloc(100, 1));
    fifoDir.write("ep.md", "---\ntitle: One\ndate: 1700000000\nenclosure: ep.mp3\n---\nNotes.\n");
    mkdirSync(join(fifoDir.root, "media"));
    execFileSync("mkfifo", [join(fifoDir.root, "media/podcast-cover.png")]);
    fifoServer = await startTestServer({ contentDir: fifoDir.root, adminToken: TOKEN });
  });

  afterAll(async () => {
    await fifoServer.stop();
    fifoDir.cleanup();
  });

  it("reports the cover as missing, never waiting on it, and still takes new episodes", async () => {
    const health = async () =>
      (await (await fifoServer.get("/healthz")).json()) as { warnings: { code: string }[] };
    expect((await health()).warnings.map((w) => w.code)).toContain("podcast-artwork");
    fifoDir.write("two.md", "---\ntitle: Two\ndate: 1700000100\nenclosure: ep.mp3\n---\nMore.\n");
    const rescan = await fifoServer.request("/admin/rescan", {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(rescan.status).toBe(200);
    expect(await (await fifoServer.get("/rss.xml")).text()).toContain("<title>Two</title>");
  });
});
