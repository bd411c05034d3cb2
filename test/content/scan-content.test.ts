import { chmodSync, symlinkSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FileIndex,
  type ReadOutcome,
  scanContent,
  scanPaths,
} from "../../src/content/scan-content.js";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";

const OPTIONS = { maxFileBytes: 1024 * 1024 };
let dir: ContentDir;

beforeEach(() => {
  dir = createContentDir();
});
afterEach(() => dir.cleanup());

/** Scan and collect what was read (the service ingests each read instead of keeping it). */
async function scan(root: string, previous: FileIndex, options: { maxFileBytes: number }) {
  const changed: ReadOutcome[] = [];
  const result = await scanContent(root, previous, {
    ...options,
    // The bytes are lent until the next read: keep a copy.
    onRead: (o) => changed.push("bytes" in o ? { ...o, bytes: new Uint8Array(o.bytes) } : o),
  });
  return { ...result, changed };
}

const paths = (result: { changed: readonly ReadOutcome[] }) =>
  result.changed.map((c) => c.file.path);

describe("scanContent", () => {
  it("finds articles by extension in sub-folders and ignores everything else", async () => {
    for (const name of ["a.md", "b.markdown", "c.html", "d.htm", "e.txt", "deep/er/f.md"]) {
      dir.write(name, "---\ntitle: x\n---\nbody");
    }
    for (const name of [
      ".hidden.md",
      ".git/config.md",
      "draft.md~",
      ".draft.md.swp",
      "notes.json",
      "photo.png",
      "#autosave.md#",
    ]) {
      dir.write(name, "x");
    }
    const result = await scan(dir.root, new Map(), OPTIONS);
    expect(paths(result)).toEqual([
      "a.md",
      "b.markdown",
      "c.html",
      "d.htm",
      "deep/er/f.md",
      "e.txt",
    ]);
  });

  it("reads only what changed, and notices deletions", async () => {
    dir.write("a.md", "one");
    dir.write("b.md", "two");
    const first = await scan(dir.root, new Map(), OPTIONS);
    expect(paths(first)).toEqual(["a.md", "b.md"]);

    const unchanged = await scan(dir.root, first.index, OPTIONS);
    expect(unchanged.changed).toEqual([]);
    expect(unchanged.removed).toEqual([]);

    dir.write("a.md", "one, longer");
    dir.remove("b.md");
    const second = await scan(dir.root, unchanged.index, OPTIONS);
    expect(paths(second)).toEqual(["a.md"]);
    expect(second.removed).toEqual(["b.md"]);
  });

  it("re-reads a file whose mtime changed even if its size did not", async () => {
    const file = dir.write("a.md", "same size");
    const first = await scan(dir.root, new Map(), OPTIONS);
    utimesSync(file, new Date(2001, 1, 1), new Date(2001, 1, 1));
    const second = await scan(dir.root, first.index, OPTIONS);
    expect(paths(second)).toEqual(["a.md"]);
  });

  it("hands over each file's exact bytes, small and large in any order", async () => {
    // Reads share one buffer that grows for the largest file; each read must still be whole.
    const sizes = { "a.md": 10, "b.md": 200_000, "c.md": 3, "d.md": 70_000, "e.md": 0 };
    const contents = Object.fromEntries(
      Object.entries(sizes).map(([name, size], i) => [
        name,
        Uint8Array.from({ length: size }, (_, j) => (i * 37 + j) % 251),
      ]),
    );
    for (const [name, bytes] of Object.entries(contents)) dir.write(name, bytes);
    const result = await scan(dir.root, new Map(), OPTIONS);
    expect(paths(result)).toEqual(Object.keys(sizes));
    for (const outcome of result.changed) {
      if (!("bytes" in outcome)) throw new Error(`${outcome.file.path}: ${outcome.error.reason}`);
      const expected = contents[outcome.file.path] as Uint8Array;
      expect(Buffer.from(outcome.bytes).equals(Buffer.from(expected)), outcome.file.path).toBe(
        true,
      );
    }
  });

  it("reports an oversized file without reading it", async () => {
    dir.write("big.md", "x".repeat(2048));
    const result = await scan(dir.root, new Map(), { maxFileBytes: 1024 });
    expect(result.changed[0]).toMatchObject({ error: { path: "big.md", code: "too-large" } });
  });

  it("never follows a symlink out of the content folder", async () => {
    const outside = createContentDir();
    try {
      outside.write("secret.md", "---\ntitle: secret\n---\n");
      symlinkSync(join(outside.root, "secret.md"), join(dir.root, "link.md"));
      symlinkSync(outside.root, join(dir.root, "linked-folder"));
      dir.write("inside.md", "ok");
      symlinkSync(join(dir.root, "inside.md"), join(dir.root, "alias.md"));
      const result = await scan(dir.root, new Map(), OPTIONS);
      expect(paths(result)).toEqual(["alias.md", "inside.md"]);
      expect(result.problems.map((p) => p.path).sort()).toEqual(["link.md", "linked-folder"]);
    } finally {
      outside.cleanup();
    }
  });

  it.skipIf(process.getuid?.() === 0)("reports a file it may not read", async () => {
    const file = dir.write("locked.md", "x");
    chmodSync(file, 0o000);
    const result = await scan(dir.root, new Map(), OPTIONS);
    expect(result.changed[0]).toMatchObject({
      error: { code: "read-failed", reason: "permission denied" },
    });
  });

  it("reports a file that turned into a folder as gone, without failing", async () => {
    dir.write("a.md", "x");
    const first = await scan(dir.root, new Map(), OPTIONS);
    dir.remove("a.md");
    dir.write("a.md/inner.txt", "y");
    const second = await scan(dir.root, first.index, OPTIONS);
    expect(second.removed).toEqual(["a.md"]);
    expect(paths(second)).toEqual(["a.md/inner.txt"]);
  });

  it("throws when the folder itself is missing", async () => {
    await expect(scan(join(dir.root, "nope"), new Map(), OPTIONS)).rejects.toThrow();
  });
});

/** A targeted scan of `names`, collecting reads like `scan`. */
function scanNamed(
  previous: FileIndex,
  names: readonly string[],
  known: Iterable<string> = previous.keys(),
) {
  const changed: ReadOutcome[] = [];
  const result = scanPaths(dir.root, previous, names, {
    ...OPTIONS,
    known: new Set(known),
    onRead: (o) => changed.push("bytes" in o ? { ...o, bytes: new Uint8Array(o.bytes) } : o),
  });
  return result && { ...result, changed };
}

describe("scanPaths", () => {
  it("reads a named file only if its stamp changed, and keeps every other stamp", async () => {
    dir.write("a.md", "one");
    dir.write("b.md", "two");
    const first = await scan(dir.root, new Map(), OPTIONS);
    expect(scanNamed(first.index, ["a.md"])?.changed).toEqual([]);

    dir.write("a.md", "one, longer");
    const second = scanNamed(first.index, ["a.md", "a.md"]);
    expect(second && paths(second)).toEqual(["a.md"]);
    expect(second?.index.get("b.md")).toBe(first.index.get("b.md"));
    expect(second?.index.get("a.md")?.size).toBe(11);
  });

  it("reads a new file and drops a deleted one", async () => {
    dir.write("a.md", "one");
    const first = await scan(dir.root, new Map(), OPTIONS);
    dir.remove("a.md");
    dir.write("sub/new.md", "new");
    const second = scanNamed(first.index, ["a.md", "sub/new.md"]);
    expect(second && paths(second)).toEqual(["sub/new.md"]);
    expect(second?.removed).toEqual(["a.md"]);
    expect([...(second?.index.keys() ?? [])]).toEqual(["sub/new.md"]);
  });

  it("drops a deleted file the catalogue knows even when it had no stamp", async () => {
    const second = scanNamed(new Map(), ["broken.md"], ["broken.md"]);
    expect(second?.removed).toEqual(["broken.md"]);
  });

  it("skips what a full scan ignores: hidden, editor and non-article files", async () => {
    for (const name of [".hidden.md", "draft.md~", ".x.md.swp", "notes.json", ".git/a.md"]) {
      dir.write(name, "x");
    }
    const result = scanNamed(new Map(), [
      ".hidden.md",
      "draft.md~",
      ".x.md.swp",
      "notes.json",
      ".git/a.md",
      "../escape.md",
      "gone-and-unknown.md",
    ]);
    expect(result).toMatchObject({ read: 0, removed: [], changed: [] });
  });

  it("reports an oversized file as a full scan does", async () => {
    dir.write("big.md", "x".repeat(2 * 1024 * 1024));
    const result = scanNamed(new Map(), ["big.md"]);
    expect(result?.changed[0]).toMatchObject({ error: { path: "big.md", code: "too-large" } });
  });

  it("reads the articles of a new folder, in the order a full scan reads them", async () => {
    dir.write("a.md", "one");
    const first = await scan(dir.root, new Map(), OPTIONS);
    for (const name of ["new/b.md", "new/deep/c.txt", "new-x.md", "new/notes.json"]) {
      dir.write(name, name);
    }
    dir.write("new/.hidden.md", "hidden");
    const targeted = scanNamed(first.index, ["new", "new-x.md"]);
    const full = await scan(dir.root, first.index, OPTIONS);
    expect(targeted && paths(targeted)).toEqual(["new-x.md", "new/b.md", "new/deep/c.txt"]);
    expect(targeted && paths(targeted)).toEqual(paths(full));
    expect(new Map(targeted?.index)).toEqual(full.index);
    // An empty new folder: nothing to read, and no full scan either.
    dir.write("empty/.keep", "");
    expect(scanNamed(full.index, ["empty"])).toMatchObject({ read: 0, removed: [] });
  });

  it("leaves a new folder with a symlink or over a thousand articles to a full scan", async () => {
    dir.write("inside.md", "y");
    const first = await scan(dir.root, new Map(), OPTIONS);
    dir.write("linked/a.md", "a");
    symlinkSync(join(dir.root, "inside.md"), join(dir.root, "linked/alias.md"));
    expect(scanNamed(first.index, ["linked"])).toBeNull();
    for (let n = 0; n <= 1000; n++) dir.write(`bulk/${n}.md`, "x");
    expect(scanNamed(first.index, ["bulk"])).toBeNull();
    dir.remove("bulk/1000.md");
    expect(scanNamed(first.index, ["bulk"])?.read).toBe(1000);
  });

  it("gives up on known folders, symlinks, vanished folders and `.`: those need a full scan", async () => {
    dir.write("sub/a.md", "x");
    dir.write("inside.md", "y");
    symlinkSync(join(dir.root, "inside.md"), join(dir.root, "alias.md"));
    const first = await scan(dir.root, new Map(), OPTIONS);
    expect(scanNamed(first.index, ["sub"])).toBeNull();
    expect(scanNamed(first.index, ["alias.md"])).toBeNull();
    expect(scanNamed(first.index, ["inside.md", "."])).toBeNull();
    dir.remove("sub");
    expect(scanNamed(first.index, ["sub"])).toBeNull();
  });

  it("agrees with a full scan after any mix of writes, edits, touches and deletions", async () => {
    // Seeded choices over a small folder: the targeted scan of the touched names must leave
    // the same index, read the same files and remove the same paths as a full scan.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const names = ["a.md", "b.html", "deep/c.txt", "deep/er/d.md", "e.markdown"];
    for (const name of names.slice(0, 3)) dir.write(name, `first ${name}`);
    let index = (await scan(dir.root, new Map(), OPTIONS)).index;
    for (let round = 0; round < 40; round++) {
      const touched = names.filter(() => next(2) === 0);
      for (const name of touched) {
        const action = next(4);
        const present = index.has(name);
        if (action === 0 && present) dir.remove(name);
        else if (action === 1 && present) {
          const time = new Date(2_000_000_000_000 + round * 1000);
          utimesSync(join(dir.root, name), time, time);
        } else dir.write(name, `round ${round} ${"x".repeat(next(50))}`);
      }
      const full = await scan(dir.root, index, OPTIONS);
      const targeted = scanNamed(index, touched);
      expect(targeted, `round ${round}`).not.toBeNull();
      expect(new Map(targeted?.index), `round ${round}`).toEqual(full.index);
      expect(targeted && paths(targeted), `round ${round}`).toEqual(paths(full));
      expect(targeted?.removed, `round ${round}`).toEqual(full.removed);
      index = full.index;
    }
  });
});
