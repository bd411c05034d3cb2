import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ArticleSpec,
  articleText,
  type ContentDir,
  createContentDir,
} from "../helpers/content-dir.js";
import { twoOnOneSocket } from "../helpers/keep-alive.js";
import { unprivilegedRunner } from "../helpers/run-unprivileged.js";
import { rawRequest, startTestServer, type TestServer } from "../helpers/test-server.js";
import { type ServiceProcess, startServiceProcess } from "./service-process.js";

/**
 * What the service does when the content folder itself misbehaves: it vanishes, is swapped for an
 * empty one, a file turns into a folder, a file or folder cannot be read.
 */

const TOKEN = "folder-faults-admin-token-0123";
const DATE = Date.UTC(2026, 3, 1) / 1000;
const NEVER = "0 0 1 1 *";
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(fill: (dir: ContentDir) => void) {
  const dir = createContentDir();
  cleanups.push(() => {
    rmSync(`${dir.root}-away`, { recursive: true, force: true });
    dir.cleanup();
  });
  fill(dir);
  const server = await startTestServer({
    contentDir: dir.root,
    adminToken: TOKEN,
    scanCron: NEVER,
  });
  cleanups.push(() => server.stop());
  return { dir, server };
}

const threeArticles = (dir: ContentDir) => {
  dir.article("a.md", { title: "Alpha", date: DATE });
  dir.article("b.md", { title: "Bravo", date: DATE + 60 });
  dir.article("posts/c.md", { title: "Charlie", date: DATE + 120 });
};

const rescan = (url: string) =>
  rawRequest(`${url}/admin/rescan`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}` },
  });

interface Health {
  status: string;
  articles: number;
  scanError: string | null;
  errors: { path: string; code: string; reason: string }[];
}

const health = async (url: string): Promise<Health> =>
  JSON.parse((await rawRequest(`${url}/healthz`)).body.toString());

const titles = async (url: string): Promise<string[]> =>
  JSON.parse((await rawRequest(`${url}/feed.json`)).body.toString()).items.map(
    (item: { title: string }) => item.title,
  );

/** The validators of every feed and one page: equal validators mean equal bytes. */
async function validators(server: TestServer): Promise<string[]> {
  const paths = ["/rss.xml", "/atom.xml", "/feed.json", "/articles/posts/c", "/"];
  return Promise.all(
    paths.map(async (path) => `${path} ${(await rawRequest(server.url + path)).headers.etag}`),
  );
}

describe("the content folder vanishing", () => {
  it("keeps serving the same bytes while it is gone, and takes what changed when it returns", async () => {
    const { dir, server } = await setup(threeArticles);
    const before = await validators(server);
    renameSync(dir.root, `${dir.root}-away`);
    // A missing folder fails the scan rather than looking like every file was deleted.
    expect((await rescan(server.url)).status).toBe(503);
    expect((await rescan(server.url)).status).toBe(503);
    expect(await validators(server)).toEqual(before);
    const gone = await health(server.url);
    expect(gone).toMatchObject({ status: "degraded", articles: 3 });
    expect(gone.scanError).toMatch(/not readable/);
    // Edited while away (as when a volume is remounted with new content).
    writeFileSync(
      join(`${dir.root}-away`, "d.md"),
      articleText({ title: "Delta", date: DATE + 180 }),
    );
    renameSync(`${dir.root}-away`, dir.root);
    expect((await rescan(server.url)).status).toBe(200);
    expect(await titles(server.url)).toEqual(["Delta", "Charlie", "Bravo", "Alpha"]);
    expect(await health(server.url)).toMatchObject({ status: "ok", scanError: null, articles: 4 });
  });

  it("treats the folder replaced by a file like a missing folder", async () => {
    const { dir, server } = await setup(threeArticles);
    renameSync(dir.root, `${dir.root}-away`);
    writeFileSync(dir.root, "not a folder");
    try {
      expect((await rescan(server.url)).status).toBe(503);
      expect(await titles(server.url)).toEqual(["Charlie", "Bravo", "Alpha"]);
      expect((await health(server.url)).scanError).toMatch(/not a folder/);
    } finally {
      rmSync(dir.root, { force: true });
      renameSync(`${dir.root}-away`, dir.root);
    }
    expect((await rescan(server.url)).status).toBe(200);
  });

  it("keeps the last good state when the folder is swapped for an empty one", async () => {
    // An empty folder looks exactly like an unmounted volume or a sync job half-way: the scan is
    // refused (admin rescan 500, /healthz scanError) rather than blanking every feed. A restart
    // accepts an empty folder. Everything is the same, byte for byte, once the folder returns.
    const { dir, server } = await setup(threeArticles);
    const before = await validators(server);
    renameSync(dir.root, `${dir.root}-away`);
    mkdirSync(dir.root);
    expect((await rescan(server.url)).status).toBe(503);
    expect(await validators(server)).toEqual(before);
    const empty = await health(server.url);
    expect(empty).toMatchObject({ status: "degraded", articles: 3 });
    expect(empty.scanError).toMatch(/empty/);
    rmSync(dir.root, { recursive: true });
    renameSync(`${dir.root}-away`, dir.root);
    expect((await rescan(server.url)).status).toBe(200);
    expect(await validators(server)).toEqual(before);
    expect(await health(server.url)).toMatchObject({ status: "ok", scanError: null });
  });
});

describe("a file turning into something else", () => {
  it("drops an article whose file became a folder, and reads the articles inside it", async () => {
    const { dir, server } = await setup(threeArticles);
    dir.remove("a.md");
    dir.article("a.md/inside.md", { title: "Inside", date: DATE + 240 });
    expect((await rescan(server.url)).status).toBe(200);
    expect(await titles(server.url)).toEqual(["Inside", "Charlie", "Bravo"]);
    expect((await rawRequest(`${server.url}/articles/a.md/inside`)).status).toBe(200);
    expect(await health(server.url)).toMatchObject({ status: "ok", errors: [] });
  });

  it("skips a FIFO named like an article instead of blocking the scan on it", async () => {
    const { dir, server } = await setup(threeArticles);
    const made = spawnSync("mkfifo", [join(dir.root, "pipe.md")]);
    expect(made.status, "mkfifo (coreutils) is needed").toBe(0);
    dir.article("e.md", { title: "Echo", date: DATE + 300 });
    const answer = await Promise.race([
      rescan(server.url),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("scan hung")), 5000)),
    ]);
    expect(answer.status).toBe(200);
    expect(await titles(server.url)).toEqual(["Echo", "Charlie", "Bravo", "Alpha"]);
  });
});

// ---------------------------------------------------------------------------------------------

const runAs = unprivilegedRunner();

const permissionTitle = `permission denied${runAs.skip ? ` (skipped: ${runAs.skip})` : ""}`;

describe.skipIf(runAs.skip !== undefined)(permissionTitle, () => {
  const started: ServiceProcess[] = [];
  afterEach(async () => {
    for (const service of started.splice(0)) await service.stop();
  });

  /**
   * Replace `path` by a new version no one but root can read, in one rename: written and made
   * unreadable in place, the watcher (1 ms) could read it in between on a busy machine.
   */
  function replaceUnreadable(dir: ContentDir, path: string, spec: ArticleSpec): string {
    const hidden = dir.write(`.${path}.part`, articleText(spec));
    chmodSync(hidden, 0o000);
    const full = join(dir.root, path);
    renameSync(hidden, full);
    return full;
  }

  async function start(dir: ContentDir): Promise<ServiceProcess> {
    // mkdtemp makes the folder private to root; the service's user must be able to list it.
    chmodSync(dir.root, 0o755);
    const service = await startServiceProcess({
      contentDir: dir.root,
      adminToken: TOKEN,
      scanCron: NEVER,
      ...(runAs.prefix ? { asUser: runAs.prefix } : {}),
    });
    started.push(service);
    return service;
  }

  it("reports an unreadable file and serves every other article", async () => {
    const dir = createContentDir();
    cleanups.push(() => dir.cleanup());
    threeArticles(dir);
    chmodSync(dir.article("secret.md", { title: "Secret", date: DATE + 400 }), 0o000);
    const service = await start(dir);
    expect(await titles(service.baseUrl)).toEqual(["Charlie", "Bravo", "Alpha"]);
    expect(await health(service.baseUrl)).toMatchObject({
      status: "degraded",
      errors: [{ path: "secret.md", code: "read-failed", reason: "permission denied" }],
    });
  });

  it("keeps the last good version of a file that becomes unreadable, and takes it back after", async () => {
    const dir = createContentDir();
    cleanups.push(() => dir.cleanup());
    threeArticles(dir);
    const service = await start(dir);
    // A new version that cannot be read: the mode alone changes no stamp, the write does.
    const path = replaceUnreadable(dir, "a.md", { title: "Alpha edited", date: DATE });
    expect((await rescan(service.baseUrl)).status).toBe(200);
    expect(await titles(service.baseUrl)).toEqual(["Charlie", "Bravo", "Alpha"]);
    expect((await health(service.baseUrl)).errors).toEqual([
      { path: "a.md", code: "read-failed", reason: "permission denied" },
    ]);
    chmodSync(path, 0o644);
    expect((await rescan(service.baseUrl)).status).toBe(200);
    expect(await titles(service.baseUrl)).toEqual(["Charlie", "Bravo", "Alpha edited"]);
    expect(await health(service.baseUrl)).toMatchObject({ status: "ok", errors: [] });
  });

  it("drops a file deleted after a scan could not read it", async () => {
    // A failed read leaves the file out of the scan's index (so that the next scan retries it);
    // a deletion is then invisible, since "removed" is computed from that index, and the last
    // good version is served (with its error in /healthz) until the service restarts. Under churn
    // the same happens to a file renamed or deleted between listing and reading it.
    const dir = createContentDir();
    cleanups.push(() => dir.cleanup());
    threeArticles(dir);
    const service = await start(dir);
    replaceUnreadable(dir, "a.md", { title: "Alpha edited", date: DATE });
    expect((await rescan(service.baseUrl)).status).toBe(200);
    expect(await titles(service.baseUrl)).toEqual(["Charlie", "Bravo", "Alpha"]);
    dir.remove("a.md");
    expect((await rescan(service.baseUrl)).status).toBe(200);
    expect(await health(service.baseUrl)).toMatchObject({ articles: 2, errors: [] });
    expect(await titles(service.baseUrl)).toEqual(["Charlie", "Bravo"]);
  });

  it("answers an unreadable media file with a framed 403 that no cache keeps", async () => {
    const dir = createContentDir();
    cleanups.push(() => dir.cleanup());
    threeArticles(dir);
    dir.write("media/ok.png", "OK-BYTES");
    chmodSync(dir.write("media/secret.png", "SECRET-BYTES"), 0o000);
    const service = await start(dir);
    // The next request on the same connection parses only if the 403 was framed exactly.
    const { first, second, reused } = await twoOnOneSocket(
      service.baseUrl,
      "/media/secret.png",
      "/media/ok.png",
    );
    expect(first.status).toBe(403);
    expect(first.headers["cache-control"]).toBe("no-store");
    expect(Number(first.headers["content-length"])).toBe(Buffer.byteLength(first.body));
    expect(reused).toBe(true);
    expect(second).toMatchObject({ status: 200, body: "OK-BYTES" });
    const report = JSON.parse((await rawRequest(`${service.baseUrl}/healthz`)).body.toString());
    expect(report.media).toEqual([
      expect.objectContaining({ path: "media/secret.png", reason: "permission-denied" }),
    ]);
  });

  async function unlistable(): Promise<{ dir: ContentDir; service: ServiceProcess }> {
    const dir = createContentDir();
    cleanups.push(() => dir.cleanup());
    threeArticles(dir);
    const service = await start(dir);
    // Root-owned and private: `nobody` can no longer list it.
    chmodSync(join(dir.root, "posts"), 0o700);
    cleanups.push(() => chmodSync(join(dir.root, "posts"), 0o755));
    expect((await rescan(service.baseUrl)).status).toBe(200);
    return { dir, service };
  }

  it("reports a sub-folder it cannot list", async () => {
    const { service } = await unlistable();
    const report = await health(service.baseUrl);
    expect(report.status).toBe("degraded");
    expect(report.errors).toEqual([
      { path: "posts", code: "read-failed", reason: "cannot list folder: permission denied" },
    ]);
    expect(await titles(service.baseUrl)).toContain("Bravo");
  });

  it("keeps serving the articles of a sub-folder it can no longer list", async () => {
    // A file that cannot be read keeps its last good version, and so does the whole folder
    // when it cannot be read; a sub-folder that cannot be listed instead drops every article
    // in it, as if they had all been deleted.
    const { service } = await unlistable();
    expect(await titles(service.baseUrl)).toEqual(["Charlie", "Bravo", "Alpha"]);
  });
});
