import { mkdirSync, renameSync, rmSync, symlinkSync, unlinkSync, watch } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ContentWatcher, watchContent } from "../../src/content/watch-content.js";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";

let dir: ContentDir;
let watcher: ContentWatcher | undefined;
let batches: string[][];
let errors: Error[];

beforeEach(() => {
  dir = createContentDir();
  batches = [];
  errors = [];
});
afterEach(() => {
  watcher?.close();
  dir.cleanup();
});

function start(options: { watchFolder?: typeof watch } = {}): ContentWatcher {
  watcher = watchContent(dir.root, {
    onChange: (paths) => batches.push(paths),
    onError: (error) => errors.push(error),
    delayMs: 5,
    ...options,
  });
  return watcher;
}

/** Everything reported so far, as one set. */
const reported = () => new Set(batches.flat());

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${[...reported()]}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("watchContent", () => {
  it("reports new, edited and deleted files by their path under the folder", async () => {
    dir.write("a.md", "one");
    dir.write("sub/b.md", "two");
    start();
    dir.write("a.md", "one, edited");
    dir.write("sub/c.md", "three");
    dir.remove("sub/b.md");
    await until(
      () => ["a.md", "sub/c.md", "sub/b.md"].every((p) => reported().has(p)),
      "three paths",
    );
    expect(errors).toEqual([]);
  });

  it("gathers the events of a burst into one batch", async () => {
    start();
    for (let i = 0; i < 20; i++) dir.write(`f${i}.md`, `file ${i}`);
    await until(() => reported().size === 20, "twenty paths");
    expect(batches.length).toBeLessThan(20);
  });

  it("says nothing of hidden and editor files, nor of anything in a hidden folder", async () => {
    dir.write(".git/HEAD", "ref");
    start();
    expect(watcher?.folders).toBe(1);
    dir.write(".draft.md.swp", "x");
    dir.write("draft.md~", "x");
    dir.write(".git/config", "x");
    dir.write("seen.md", "x");
    await until(() => reported().has("seen.md"), "seen.md");
    expect([...reported()]).toEqual(["seen.md"]);
  });

  it("watches folders made after it started, and lets go of removed ones", async () => {
    const started = start();
    mkdirSync(join(dir.root, "new/deeper"), { recursive: true });
    await until(() => started.folders === 3, "three folders watched");
    dir.write("new/deeper/late.md", "x");
    await until(() => reported().has("new/deeper/late.md"), "a file in a new folder");
    rmSync(join(dir.root, "new"), { recursive: true });
    await until(() => started.folders === 1, "the removed folders let go");
    expect(reported().has("new")).toBe(true);
  });

  it("follows a folder renamed into the content folder", async () => {
    const outside = createContentDir();
    try {
      outside.write("moved/a.md", "x");
      const started = start();
      renameSync(join(outside.root, "moved"), join(dir.root, "moved"));
      await until(() => started.folders === 2, "the moved folder watched");
      dir.write("moved/b.md", "y");
      await until(() => reported().has("moved/b.md"), "a file in the moved folder");
    } finally {
      outside.cleanup();
    }
  });

  it("closes itself and says why when the system will not watch any more folders", () => {
    dir.write("a/x.md", "x");
    dir.write("b/y.md", "y");
    let calls = 0;
    const limited = ((...args: Parameters<typeof watch>) => {
      if (++calls > 2) {
        throw Object.assign(new Error("ENOSPC: System limit for number of file watchers reached"), {
          code: "ENOSPC",
        });
      }
      return watch(...args);
    }) as typeof watch;
    const started = start({ watchFolder: limited });
    expect(errors.map((e) => (e as NodeJS.ErrnoException).code)).toEqual(["ENOSPC"]);
    expect(started.folders).toBe(0);
  });

  it("tells when its folder's name leads to another folder, as a switched symlink does", () => {
    const releases = createContentDir();
    try {
      releases.write("one/a.md", "x");
      releases.write("two/a.md", "y");
      const current = join(releases.root, "current");
      symlinkSync(join(releases.root, "one"), current);
      const started = watchContent(current, { onChange: () => {}, onError: () => {} });
      try {
        expect(started.moved()).toBe(false);
        unlinkSync(current);
        symlinkSync(join(releases.root, "two"), current);
        expect(started.moved()).toBe(true);
      } finally {
        started.close();
      }
    } finally {
      releases.cleanup();
    }
  });

  it("reports a folder whose event names nothing as the folder: `.` for the top one", async () => {
    dir.write("sub/a.md", "x");
    const listeners = new Map<string, (event: string, name: string | null) => void>();
    const fake = ((path: string, _options: unknown, listener: never) => {
      listeners.set(path, listener);
      return watch(path, { persistent: false }, () => {});
    }) as unknown as typeof watch;
    start({ watchFolder: fake });
    listeners.get(dir.root)?.("rename", null);
    listeners.get(join(dir.root, "sub/"))?.("rename", null);
    await until(() => reported().size === 2, "two folders");
    expect([...reported()].sort()).toEqual([".", "sub"]);
  });

  it("reports nothing once closed", async () => {
    start().close();
    dir.write("after.md", "x");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(batches).toEqual([]);
  });
});
