import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createContentDir } from "../helpers/content-dir.js";
import { feedTitles, healthOf, until } from "../helpers/service-probes.js";
import { startTestServer } from "../helpers/test-server.js";

const DATE = Date.UTC(2026, 5, 1) / 1000;
const TOKEN = "temp-full-test-token-0";
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The engine's real pack store on a temp folder that fills up while `disk.full` is set (a flag
 * in shared memory: the store lives on the engine's thread).
 */
async function startOnFillingDisk(overrides: Record<string, unknown> = {}) {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const disk = {
    set full(value: boolean) {
      Atomics.store(flag, 0, value ? 1 : 0);
    },
  };
  const dir = createContentDir();
  cleanups.push(() => dir.cleanup());
  dir.article("a.txt", { title: "A", date: DATE });
  const server = await startTestServer(
    { contentDir: dir.root, adminToken: TOKEN, ...overrides },
    undefined,
    { engineHooks: { diskFull: flag } },
  );
  cleanups.push(() => server.stop());
  return { disk, dir, server };
}

/** Larger than the pack's block, so keeping it means a write. */
const BIG_BODY = `<p>${"Many words. ".repeat(100_000)}</p>`;

describe("a temp folder that fills up", () => {
  it("names the file it could not keep, takes in the rest, and takes it once there is room", async () => {
    const { disk, dir, server } = await startOnFillingDisk({ watch: true });
    disk.full = true;
    dir.article("posts/big.txt", { title: "Big", date: DATE + 60, body: BIG_BODY });
    await until("the error", async () => (await healthOf(server)).errors.length > 0);
    const full = await healthOf(server);
    expect(full.status).toBe("degraded");
    expect(full.errors).toEqual([
      { path: "posts/big.txt", code: "cannot-store", reason: expect.stringMatching(/ENOSPC/) },
    ]);
    expect(JSON.stringify(full)).not.toContain(dir.root);
    // What fits in the pack's block in memory still comes in.
    dir.article("small.txt", { title: "Small", date: DATE + 120 });
    await until("the small article", async () => (await feedTitles(server))[0] === "Small");
    expect(await feedTitles(server)).toEqual(["Small", "A"]);

    disk.full = false;
    // Any next scan looks at the file again, here one for an unrelated edit.
    dir.article("a.txt", { title: "A, edited", date: DATE });
    // The watcher may scan before the edit is whole: the big file can come in on that scan,
    // and the edit on the next.
    await until("the big article and the edit", async () => {
      const titles = await feedTitles(server);
      return titles.includes("Big") && titles.includes("A, edited");
    });
    expect(await feedTitles(server)).toEqual(["Small", "Big", "A, edited"]);
    expect(await healthOf(server)).toMatchObject({ status: "ok", errors: [] });
  });

  it("keeps the last good version of an edited file until the new one can be kept", async () => {
    const { disk, dir, server } = await startOnFillingDisk();
    const rescan = () =>
      server.request("/admin/rescan", {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
    disk.full = true;
    dir.article("a.txt", { title: "A, edited", date: DATE, body: BIG_BODY });
    expect((await rescan()).status).toBe(200);
    expect(await feedTitles(server)).toEqual(["A"]);
    expect((await healthOf(server)).errors.map((e) => e.code)).toEqual(["cannot-store"]);
    // Nothing changed on disk: the next full scan still reads the file again.
    disk.full = false;
    expect((await rescan()).status).toBe(200);
    expect(await feedTitles(server)).toEqual(["A, edited"]);
    expect(await healthOf(server)).toMatchObject({ status: "ok", errors: [] });
  });
});

/** A 2 MiB tmpfs, when this process may mount one (root, outside most containers); else null. */
function mountTinyTmpfs(): string | null {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return null;
  const point = mkdtempSync(join(tmpdir(), "feedmill-tmpfs-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", point]);
  if (mounted.status === 0) return point;
  rmSync(point, { recursive: true, force: true });
  return null;
}

const tinyTmpfs = mountTinyTmpfs();
afterAll(() => {
  if (tinyTmpfs === null) return;
  spawnSync("umount", [tinyTmpfs]);
  rmSync(tinyTmpfs, { recursive: true, force: true });
});

describe.skipIf(tinyTmpfs === null)("a real temp folder that fills up (tmpfs)", () => {
  it("takes the file in on the next scan once space is freed", async () => {
    const point = tinyTmpfs as string;
    const dir = createContentDir();
    cleanups.push(() => dir.cleanup());
    dir.article("a.txt", { title: "A", date: DATE });
    const server = await startTestServer({ contentDir: dir.root, adminToken: TOKEN }, undefined, {
      engineHooks: { tempParent: point },
    });
    cleanups.push(() => server.stop());
    const filler = join(point, "filler");
    writeFileSync(filler, Buffer.alloc(1536 * 1024));
    const rescan = () =>
      server.request("/admin/rescan", {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
    dir.article("big.txt", { title: "Big", date: DATE + 60, body: BIG_BODY });
    expect((await rescan()).status).toBe(200);
    expect((await healthOf(server)).errors).toMatchObject([
      { path: "big.txt", code: "cannot-store" },
    ]);
    rmSync(filler);
    expect((await rescan()).status).toBe(200);
    expect(await feedTitles(server)).toEqual(["Big", "A"]);
    expect(await healthOf(server)).toMatchObject({ status: "ok", errors: [] });
  });
});
