import { afterEach, describe, expect, it } from "vitest";
import { createContentDir } from "../helpers/content-dir.js";
import { rawRequest, startTestServer, type TestServer } from "../helpers/test-server.js";

const DATE = Date.UTC(2026, 5, 1) / 1000;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function feedTitles(server: TestServer): Promise<string[]> {
  const feed = JSON.parse((await rawRequest(`${server.url}/feed.json`)).body.toString());
  return (feed.items as { title: string }[]).map((item) => item.title);
}

async function until(server: TestServer, expected: string[]): Promise<void> {
  const deadline = Date.now() + 5_000;
  let seen = await feedTitles(server);
  while (JSON.stringify(seen) !== JSON.stringify(expected)) {
    if (Date.now() > deadline) throw new Error(`feed shows ${JSON.stringify(seen)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    seen = await feedTitles(server);
  }
}

/** A folder holding one article, served with the watcher on and a once-a-year schedule. */
async function startWatched() {
  const dir = createContentDir();
  cleanups.push(() => dir.cleanup());
  dir.article("first.txt", { title: "First", date: DATE });
  const server = await startTestServer({ contentDir: dir.root, watch: true });
  cleanups.push(() => server.stop());
  return { dir, server };
}

describe("watching the content folder", () => {
  it("serves a new, an edited and a deleted article without waiting for the schedule", async () => {
    // The schedule fires once a year: only the watcher can bring these changes in.
    const { dir, server } = await startWatched();
    const before = (await rawRequest(`${server.url}/rss.xml`)).headers.etag;

    dir.article("posts/second.txt", { title: "Second", date: DATE + 60 });
    await until(server, ["Second", "First"]);
    expect((await rawRequest(`${server.url}/rss.xml`)).headers.etag).not.toBe(before);

    dir.article("first.txt", { title: "First, edited", date: DATE });
    await until(server, ["Second", "First, edited"]);

    dir.remove("posts/second.txt");
    await until(server, ["First, edited"]);

    const health = JSON.parse((await rawRequest(`${server.url}/healthz`)).body.toString());
    expect(health.lastScan).toMatchObject({ scope: "files", removed: 1 });
  });

  it("picks up articles in a folder made while it runs", async () => {
    const { dir, server } = await startWatched();
    dir.article("2026/06/new.txt", { title: "New", date: DATE + 60 });
    await until(server, ["New", "First"]);
    // The new folders are listed, not the whole content folder stat-ed again.
    const health = JSON.parse((await rawRequest(`${server.url}/healthz`)).body.toString());
    expect(health.lastScan).toMatchObject({ scope: "files" });
    dir.article("2026/06/newer.txt", { title: "Newer", date: DATE + 120 });
    await until(server, ["Newer", "New", "First"]);
  });
});
