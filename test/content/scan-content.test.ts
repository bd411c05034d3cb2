import { chmodSync, symlinkSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FileIndex, type ReadOutcome, scanContent } from "../../src/content/scan-content.js";
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
