import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleText } from "../helpers/content-dir.js";
import { twoOnOneSocket } from "../helpers/keep-alive.js";
import { rawRequest, startTestServer, type TestServer } from "../helpers/test-server.js";

/**
 * Media files that try to make the service serve what it must not, or stop answering: a link
 * swapped between inside and outside while it is read, a FIFO named like an image, a folder
 * named like one.
 */

// The acceptance runs the swap for 60 s (MEDIA_SWAP_MS=60000); the suite for a few seconds.
const SWAP_MS = Number(process.env.MEDIA_SWAP_MS ?? 3000);
const SWAP_CLIENTS = 8;
const SECRET = "OUTSIDE-SECRET-must-never-be-served";
const INSIDE = "INSIDE-BYTES";
const DATE = Date.UTC(2026, 4, 1) / 1000;

let parent: string;
let contentDir: string;

beforeAll(() => {
  parent = mkdtempSync(join(tmpdir(), "feedmill-media-"));
  contentDir = join(parent, "content");
  mkdirSync(join(contentDir, "media"), { recursive: true });
  mkdirSync(join(contentDir, "posts"));
  writeFileSync(join(parent, "secret.png"), SECRET);
  writeFileSync(join(contentDir, "media", "inside.png"), INSIDE);
  writeFileSync(join(contentDir, "media", "ok.png"), "OK-BYTES");
  writeFileSync(join(contentDir, "posts", "a.md"), articleText({ title: "Alpha", date: DATE }));
});

afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
});

/** A process that points `link` at each target in turn, atomically (symlink + rename), until killed. */
function startSwapping(link: string, targets: readonly string[]) {
  const script = `
    const { symlinkSync, renameSync, rmSync } = require("node:fs");
    const [link, ...targets] = process.argv.slice(1);
    const temp = link + ".swap";
    for (let i = 0; ; i++) {
      rmSync(temp, { force: true });
      symlinkSync(targets[i % targets.length], temp);
      renameSync(temp, link);
    }`;
  const child = spawn(process.execPath, ["-e", script, link, ...targets], { stdio: "ignore" });
  return () => {
    child.kill("SIGKILL");
    return new Promise((resolve) => child.once("exit", resolve));
  };
}

interface Health {
  status: string;
  media: { path: string; reason: string; lastSeen: string }[];
}

describe("a symlink swapped while it is served", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ contentDir });
  });
  afterAll(() => server?.stop());

  it(`never serves the file outside the folder (${SWAP_MS} ms of swaps)`, async () => {
    const link = join(contentDir, "media", "swap.png");
    const stop = startSwapping(link, [
      join(contentDir, "media", "inside.png"),
      join(parent, "secret.png"),
    ]);
    const seen = { inside: 0, refused: 0, leaked: 0, other: 0 };
    const deadline = Date.now() + SWAP_MS;
    try {
      const client = async () => {
        while (Date.now() < deadline) {
          try {
            const signal = AbortSignal.timeout(5000);
            const answer = await fetch(`${server.url}/media/swap.png`, { signal });
            const body = await answer.text();
            if (body.includes(SECRET)) seen.leaked++;
            else if (answer.status === 200 && body === INSIDE) seen.inside++;
            else if (answer.status === 404) seen.refused++;
            else seen.other++;
          } catch {
            seen.other++;
          }
        }
      };
      await Promise.all(Array.from({ length: SWAP_CLIENTS }, client));
    } finally {
      await stop();
    }
    expect(seen).toMatchObject({ leaked: 0, other: 0 });
    // Both sides of the swap were met, so the race was run.
    expect(seen.inside).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
    // A file served well is no longer a problem; one that points out again is reported again.
    rmSync(link);
    symlinkSync(join(parent, "secret.png"), link);
    expect((await server.get("/media/swap.png")).status).toBe(404);
    const health = (await (await server.get("/healthz")).json()) as Health;
    expect(health.media).toContainEqual(
      expect.objectContaining({ path: "media/swap.png", reason: "outside-folder" }),
    );
    expect(JSON.stringify(health)).not.toContain(parent);
  });
});

describe("a FIFO named like media", () => {
  let server: TestServer;
  let fifo: string;
  beforeAll(async () => {
    fifo = join(contentDir, "media", "x.png");
    const made = spawnSync("mkfifo", [fifo]);
    expect(made.status, "mkfifo (coreutils) is needed").toBe(0);
    server = await startTestServer({ contentDir, watch: true });
  });
  afterAll(async () => {
    // Should anything be blocked opening the FIFO, a writer releases it before the server stops.
    closeSync(openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK));
    await server?.stop();
    rmSync(fifo, { force: true });
  });

  it("answers twenty GETs of it with 404 while other media and new articles go on", async () => {
    const fifoGets = Array.from({ length: 20 }, () =>
      rawRequest(`${server.url}/media/x.png`, { headers: { Connection: "close" } }),
    );
    const ok = await rawRequest(`${server.url}/media/ok.png`);
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toBe("OK-BYTES");
    expect((await rawRequest(`${server.url}/media/inside.png`)).body.toString()).toBe(INSIDE);

    writeFileSync(
      join(contentDir, "posts", "fresh.md"),
      articleText({ title: "Fresh after the FIFO", date: DATE + 60 }),
    );
    let rss = "";
    for (const giveUp = Date.now() + 3000; Date.now() < giveUp; ) {
      rss = (await rawRequest(`${server.url}/rss.xml`)).body.toString();
      if (rss.includes("Fresh after the FIFO")) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(rss).toContain("Fresh after the FIFO");

    for (const answer of await Promise.all(fifoGets)) {
      expect(answer.status).toBe(404);
      expect(answer.headers["cache-control"]).toBe("no-store");
    }
    const health = (await (await server.get("/healthz")).json()) as Health;
    expect(health.status).toBe("degraded");
    expect(health.media).toContainEqual(
      expect.objectContaining({ path: "media/x.png", reason: "not-a-regular-file" }),
    );
  });
});

describe("a folder named like media", () => {
  let server: TestServer;
  beforeAll(async () => {
    mkdirSync(join(contentDir, "media", "folder.png"));
    symlinkSync(join(contentDir, "posts", "a.md"), join(contentDir, "media", "source.png"));
    server = await startTestServer({ contentDir });
  });
  afterAll(() => server?.stop());

  it("is a framed 404 with no-store, and the connection stays usable", async () => {
    const { first, second, reused } = await twoOnOneSocket(
      server.url,
      "/media/folder.png",
      "/media/ok.png",
    );
    expect(first.status).toBe(404);
    expect(first.headers["cache-control"]).toBe("no-store");
    expect(Number(first.headers["content-length"])).toBe(Buffer.byteLength(first.body));
    expect(reused).toBe(true);
    expect(second).toMatchObject({ status: 200, body: "OK-BYTES" });
    const health = (await (await server.get("/healthz")).json()) as Health;
    expect(health.media).toContainEqual(
      expect.objectContaining({ path: "media/folder.png", reason: "not-a-regular-file" }),
    );
  });

  it("never serves an article source through a link named like media", async () => {
    const answer = await rawRequest(`${server.url}/media/source.png`);
    expect(answer.status).toBe(404);
    expect(answer.body.toString()).not.toContain("Alpha");
    const health = (await (await server.get("/healthz")).json()) as Health;
    expect(health.media).toContainEqual(
      expect.objectContaining({ path: "media/source.png", reason: "not-media" }),
    );
  });
});
