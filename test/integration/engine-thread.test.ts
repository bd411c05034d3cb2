import { afterEach, describe, expect, it } from "vitest";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { extractJson, extractXml } from "../helpers/parse-feed.js";
import { rawRequest, startTestServer, type TestServer } from "../helpers/test-server.js";

const TOKEN = "s3cret-token-for-tests-only";
const DATE = Date.UTC(2026, 5, 1) / 1000;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `Atomics.waitAsync` (Node 16+), missing from the project's TypeScript library target. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(array: Int32Array, index: number, value: number): { async: boolean; value: unknown };
  }
).waitAsync;

/** A gate the engine waits at (see EngineHooks): `held()` resolves once it waits there. */
function createGate() {
  const gate = new Int32Array(new SharedArrayBuffer(8));
  return {
    gate,
    async held(): Promise<void> {
      while (Atomics.load(gate, 1) !== 1) {
        const wait = waitAsync(gate, 1, 0);
        if (wait.async) await wait.value;
      }
    },
    release(): void {
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
    },
  };
}

/** A large generated body: many paragraphs with links and images, as scraped articles have. */
function largeBody(bytes: number): string {
  const paragraph =
    '<p>Paragraph with <a href="/elsewhere">a link</a>, <em>emphasis</em> and <img src="img.png" alt="x"> an image.</p>\n';
  return `<div>${paragraph.repeat(Math.ceil(bytes / paragraph.length))}</div>`;
}

async function setup(at: "prepare" | "render", fill?: (dir: ContentDir) => void) {
  const dir = createContentDir();
  cleanups.push(() => dir.cleanup());
  dir.article("first.txt", { title: "First", date: DATE });
  fill?.(dir);
  const gate = createGate();
  cleanups.push(() => gate.release());
  const server = await startTestServer({ contentDir: dir.root, adminToken: TOKEN }, undefined, {
    engineHooks: { hold: { at, gate: gate.gate } },
  });
  cleanups.push(() => server.stop());
  return { dir, server, gate };
}

const rescan = (server: TestServer) =>
  rawRequest(`${server.url}/admin/rescan`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}` },
  });

const rssTitles = async (server: TestServer) =>
  extractXml((await rawRequest(`${server.url}/rss.xml`)).body.toString()).entries?.map(
    (entry) => entry.title,
  );

/** Watch a request settle, so a test can ask whether it has yet. */
function track<T>(promise: Promise<T>) {
  const tracked = { settled: false, promise };
  promise.then(
    () => {
      tracked.settled = true;
    },
    () => {
      tracked.settled = true;
    },
  );
  return tracked;
}

describe("the content engine's own thread", () => {
  it("answers /rss.xml and /healthz while the engine is busy with a new article", async () => {
    const { dir, server, gate } = await setup("prepare");
    dir.article("big.html", { title: "Big", date: DATE + 60, body: largeBody(600_000) });
    const scan = track(rescan(server));
    await gate.held();
    const feed = await rawRequest(`${server.url}/rss.xml`);
    const health = await rawRequest(`${server.url}/healthz`);
    expect(scan.settled).toBe(false);
    expect(feed.status).toBe(200);
    expect(extractXml(feed.body.toString()).entries?.map((e) => e.title)).toEqual(["First"]);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString())).toMatchObject({ status: "ok", articles: 1 });
    gate.release();
    expect((await scan.promise).status).toBe(200);
    expect(await rssTitles(server)).toEqual(["Big", "First"]);
  });

  it("answers other requests while the uncached page of a large article is rendered", async () => {
    const { server, gate } = await setup("render", (dir) =>
      dir.article("big.html", { title: "Big", date: DATE + 60, body: largeBody(600_000) }),
    );
    const page = track(rawRequest(`${server.url}/articles/big`));
    await gate.held();
    const feed = await rawRequest(`${server.url}/feed.json`);
    expect(page.settled).toBe(false);
    expect(extractJson(feed.body.toString()).entries?.map((e) => e.title)).toEqual([
      "Big",
      "First",
    ]);
    gate.release();
    const answered = await page.promise;
    expect(answered.status).toBe(200);
    expect(answered.body.length).toBeGreaterThan(600_000);
  });

  it("keeps serving the last documents when the engine dies, and starts it again", async () => {
    const { dir, server, gate } = await setup("render");
    gate.release();
    const archive = await rawRequest(`${server.url}/articles/first`);
    await server.engine.kill();
    expect((await rawRequest(`${server.url}/rss.xml`)).status).toBe(200);
    const again = await rawRequest(`${server.url}/articles/first`);
    expect(again.status).toBe(200);
    expect(again.headers.etag).toBe(archive.headers.etag);
    expect(server.engine.restarts).toBe(1);
    dir.article("second.txt", { title: "Second", date: DATE + 60 });
    // The new engine reads the folder as it starts; until it is up, a rescan is refused.
    let answered = await rescan(server);
    while (answered.status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answered = await rescan(server);
    }
    expect(answered.status).toBe(200);
    expect(await rssTitles(server)).toEqual(["Second", "First"]);
  });
});

describe("/metrics", () => {
  it("reports the event-loop delay of the serving thread and of the engine", async () => {
    const { server, gate } = await setup("render");
    gate.release();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const text = (await rawRequest(`${server.url}/metrics`)).body.toString();
    for (const thread of ["main", "engine"]) {
      for (const stat of ["max", "p99", "mean"]) {
        const line = new RegExp(
          `^feedmill_event_loop_delay_seconds\\{thread="${thread}",stat="${stat}"\\} ([0-9.e+-]+)$`,
          "m",
        ).exec(text);
        expect(line, `${thread} ${stat}`).not.toBeNull();
        expect(Number(line?.[1])).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
