import { afterEach, describe, expect, it } from "vitest";
import { createContentDir } from "../helpers/content-dir.js";
import { feedTitles, healthOf, until } from "../helpers/service-probes.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const DATE = Date.UTC(2026, 5, 1) / 1000;
const TOKEN = "emptied-folder-test-token";
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Six articles, served with the watcher on (the schedule fires once a year). */
async function startWatched(overrides: Record<string, unknown> = {}) {
  const dir = createContentDir();
  cleanups.push(() => dir.cleanup());
  const names = Array.from({ length: 6 }, (_, i) => `posts/p${i}.txt`);
  names.forEach((name, i) => {
    dir.article(name, { title: `Post ${i}`, date: DATE + i * 60, keywords: "all" });
  });
  const server = await startTestServer({
    contentDir: dir.root,
    watch: true,
    adminToken: TOKEN,
    ...overrides,
  });
  cleanups.push(() => server.stop());
  return { dir, server, names, everything: await feedTitles(server) };
}

/** Delete the files one at a time, each deletion taken in by the watcher before the next. */
async function deleteOneByOne(
  server: TestServer,
  dir: { remove(path: string): void },
  names: string[],
) {
  for (const [i, name] of names.entries()) {
    dir.remove(name);
    if (i === names.length - 1) break;
    await until(
      `the deletion of ${name}`,
      async () => (await healthOf(server)).articles === names.length - i - 1,
    );
  }
}

const rescan = (server: TestServer) =>
  server.request("/admin/rescan", {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}` },
  });

describe("a folder emptied file by file", () => {
  it("keeps serving every article from before the deletions began, and says why", async () => {
    const { dir, server, names, everything } = await startWatched();
    expect(everything).toHaveLength(6);
    await deleteOneByOne(server, dir, names);
    await until(
      "the empty scan to be refused",
      async () => (await healthOf(server)).scanError !== null,
    );
    expect(await feedTitles(server)).toEqual(everything);
    expect((await server.get("/tags/all/feed.json")).status).toBe(200);
    const report = await healthOf(server);
    expect(report).toMatchObject({ status: "degraded", articles: 6 });
    expect(report.scanError).toMatch(
      /holds no article any more .* serving the 6 articles from before/,
    );
    // A full scan of the empty folder is refused the same way.
    expect((await rescan(server)).status).toBe(503);
    expect(await feedTitles(server)).toEqual(everything);
  });

  it("serves what the folder holds once an article is back, and no ghost of the others", async () => {
    const { dir, server, names } = await startWatched();
    await deleteOneByOne(server, dir, names);
    await until(
      "the empty scan to be refused",
      async () => (await healthOf(server)).scanError !== null,
    );
    dir.article("posts/new.txt", { title: "New", date: DATE + 3600 });
    await until("the new article", async () => (await feedTitles(server))[0] === "New");
    expect(await feedTitles(server)).toEqual(["New"]);
    expect(await healthOf(server)).toMatchObject({ status: "ok", scanError: null, articles: 1 });
  });

  it("keeps the state from before the run of deletions, not from before the last edit", async () => {
    const { dir, server, names } = await startWatched();
    dir.article("posts/p0.txt", { title: "Post 0, edited", date: DATE });
    await until("the edit", async () => (await feedTitles(server)).includes("Post 0, edited"));
    const edited = await feedTitles(server);
    await deleteOneByOne(server, dir, names);
    await until(
      "the empty scan to be refused",
      async () => (await healthOf(server)).scanError !== null,
    );
    expect(await feedTitles(server)).toEqual(edited);
  });

  it("keeps the feeds from before the deletions when the folder itself goes after them", async () => {
    const { dir, server, names, everything } = await startWatched();
    // `rm -rf content`: the files go first, the folder last.
    for (const [i, name] of names.slice(0, 3).entries()) {
      dir.remove(name);
      await until(
        `the deletion of ${name}`,
        async () => (await healthOf(server)).articles === 5 - i,
      );
    }
    dir.remove(".");
    expect((await rescan(server)).status).toBe(503);
    expect(await feedTitles(server)).toEqual(everything);
    expect(await healthOf(server)).toMatchObject({ status: "degraded", articles: 6 });
  });

  it("publishes an empty site when ALLOW_EMPTY is set", async () => {
    const { dir, server, names } = await startWatched({ allowEmpty: true });
    await deleteOneByOne(server, dir, names);
    await until("the empty site", async () => (await healthOf(server)).articles === 0);
    expect(await feedTitles(server)).toEqual([]);
    expect(await healthOf(server)).toMatchObject({ status: "ok", scanError: null });
  });
});
