import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INITIAL_STATE, type RefreshState, refresh } from "../../src/catalogue/refresh.js";
import { createMemorySourceStore, type SourceStore } from "../../src/content/source-store.js";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";

const NOW = Date.UTC(2026, 10, 20);
const DAY = 86_400;
let dir: ContentDir;
let store: SourceStore;
let clock: number;

beforeEach(() => {
  dir = createContentDir();
  store = createMemorySourceStore();
  clock = NOW;
});
afterEach(() => dir.cleanup());

const deps = () => ({
  contentDir: dir.root,
  maxFileBytes: 1024 * 1024,
  baseUrl: "https://example.org",
  idPrefix: null,
  store,
  now: () => clock,
});

async function step(state: RefreshState) {
  const result = await refresh(state, deps());
  return { ...result, state: { snapshot: result.snapshot, index: result.index } };
}

const titles = (state: RefreshState) => state.snapshot?.articles.map((a) => a.title);

describe("refresh", () => {
  it("builds a snapshot of the live articles, newest first", async () => {
    dir.article("old.txt", { title: "Old one", date: NOW / 1000 - 2 * DAY });
    dir.article("new.txt", { title: "New one", date: NOW / 1000 - DAY });
    const { state, report } = await step(INITIAL_STATE);
    expect(titles(state)).toEqual(["New one", "Old one"]);
    expect(report).toMatchObject({ added: 2, changed: 0, removed: 0, read: 2 });
  });

  it("returns the same snapshot object when nothing changed", async () => {
    dir.article("a.txt", { title: "A", date: NOW / 1000 - DAY });
    const first = await step(INITIAL_STATE);
    const second = await step(first.state);
    expect(second.snapshot).toBe(first.snapshot);
  });

  it("returns the same snapshot when a file is touched but its bytes are the same", async () => {
    const text = dir.article("a.txt", { title: "A", date: NOW / 1000 - DAY });
    const first = await step(INITIAL_STATE);
    const { utimesSync } = await import("node:fs");
    utimesSync(text, new Date(2000, 1, 1), new Date(2000, 1, 1));
    const second = await step(first.state);
    expect(second.report.read).toBe(1);
    expect(second.snapshot).toBe(first.snapshot);
  });

  it("keeps the last good version of a file that turns bad, and only that file changes", async () => {
    dir.article("a.txt", { title: "Good A", date: NOW / 1000 - DAY });
    dir.article("b.txt", { title: "Good B", date: NOW / 1000 - 2 * DAY });
    const first = await step(INITIAL_STATE);
    dir.write("a.txt", "--- \ntitle: [unclosed\n--- \nbody");
    const second = await step(first.state);
    expect(titles(second.state)).toEqual(["Good A", "Good B"]);
    expect(second.snapshot.errors).toEqual([
      expect.objectContaining({ path: "a.txt", code: "bad-yaml" }),
    ]);
    expect(second.snapshot.bySlug.get("b")).toBe(first.snapshot.bySlug.get("b"));
    // The last good bytes are still there to render from.
    expect(store.get(second.snapshot.bySlug.get("a")?.hash ?? "")).toBeDefined();
  });

  it("clears the error when the file is repaired", async () => {
    dir.article("a.txt", { title: "A", date: NOW / 1000 - DAY });
    const first = await step(INITIAL_STATE);
    dir.write("a.txt", Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0x0a]));
    const broken = await step(first.state);
    expect(broken.snapshot.errors).toHaveLength(1);
    dir.article("a.txt", { title: "A repaired", date: NOW / 1000 - DAY });
    const repaired = await step(broken.state);
    expect(repaired.snapshot.errors).toEqual([]);
    expect(titles(repaired.state)).toEqual(["A repaired"]);
  });

  it("drops a deleted file", async () => {
    dir.article("a.txt", { title: "A", date: NOW / 1000 - DAY });
    dir.article("b.txt", { title: "B", date: NOW / 1000 - DAY });
    const first = await step(INITIAL_STATE);
    dir.remove("a.txt");
    const second = await step(first.state);
    expect(titles(second.state)).toEqual(["B"]);
    expect(second.report.removed).toBe(1);
  });

  it("publishes a future-dated article on the first refresh after its time", async () => {
    dir.article("later.txt", { title: "Later", date: NOW / 1000 + 60 });
    const first = await step(INITIAL_STATE);
    expect(titles(first.state)).toEqual([]);
    const early = await step(first.state);
    expect(early.snapshot).toBe(first.snapshot);
    clock = NOW + 61_000;
    const due = await step(early.state);
    expect(titles(due.state)).toEqual(["Later"]);
  });

  it("leaves drafts out", async () => {
    dir.article("d.txt", { title: "Draft", date: NOW / 1000 - DAY, extra: ["draft: true "] });
    const { state } = await step(INITIAL_STATE);
    expect(titles(state)).toEqual([]);
  });

  it("reports a broken file that was never good, and serves everything else", async () => {
    dir.write("broken.md", "no front matter at all");
    dir.article("ok.txt", { title: "OK", date: NOW / 1000 - DAY });
    const { state } = await step(INITIAL_STATE);
    expect(titles(state)).toEqual(["OK"]);
    expect(state.snapshot?.errors.map((e) => e.path)).toEqual(["broken.md"]);
  });
});

describe("refresh of a folder that empties", () => {
  it("gives the empty snapshot: whether to serve it is the service's call", async () => {
    dir.article("a.txt", { title: "A", date: NOW / 1000 - DAY });
    const first = await step(INITIAL_STATE);
    dir.remove("a.txt");
    const { state } = await step(first.state);
    expect(state.snapshot?.articles).toEqual([]);
  });

  it("starts from an empty folder without complaint", async () => {
    const { state } = await step(INITIAL_STATE);
    expect(state.snapshot?.articles).toEqual([]);
  });
});

describe("refresh of the files a change notification named", () => {
  async function stepNamed(state: RefreshState, paths: string[]) {
    const result = await refresh(state, deps(), paths);
    return { ...result, state: { snapshot: result.snapshot, index: result.index } };
  }

  it("looks at just those files, and keeps the rest of the snapshot", async () => {
    dir.article("a.txt", { title: "A", date: NOW / 1000 - 2 * DAY });
    dir.article("b.txt", { title: "B", date: NOW / 1000 - 3 * DAY });
    const first = await step(INITIAL_STATE);
    dir.article("a.txt", { title: "A, edited", date: NOW / 1000 - 2 * DAY });
    dir.article("b.txt", { title: "B, edited", date: NOW / 1000 - 3 * DAY });
    dir.article("c.txt", { title: "C", date: NOW / 1000 - DAY });
    const named = await stepNamed(first.state, ["a.txt", "c.txt"]);
    expect(named.report).toMatchObject({ scope: "files", read: 2, added: 1, changed: 1 });
    expect(titles(named.state)).toEqual(["C", "A, edited", "B"]);
    const full = await step(named.state);
    expect(full.report).toMatchObject({ scope: "folder", read: 1, changed: 1 });
    expect(titles(full.state)).toEqual(["C", "A, edited", "B, edited"]);
  });

  it("keeps the last good version of a named file that turns bad, and drops a deleted one", async () => {
    dir.article("a.txt", { title: "A", date: NOW / 1000 - 2 * DAY });
    dir.article("b.txt", { title: "B", date: NOW / 1000 - 3 * DAY });
    const first = await step(INITIAL_STATE);
    dir.write("a.txt", "--- \ntitle: [unclosed\n--- \nbody");
    dir.remove("b.txt");
    const named = await stepNamed(first.state, ["a.txt", "b.txt"]);
    expect(titles(named.state)).toEqual(["A"]);
    expect(named.state.snapshot?.errors.map((e) => e.path)).toEqual(["a.txt"]);
    expect(named.report).toMatchObject({ removed: 1, failed: 1 });
  });

  it("keeps the folder problems of the last full scan", async () => {
    const { symlinkSync } = await import("node:fs");
    const { join } = await import("node:path");
    const outside = createContentDir();
    try {
      outside.write("secret.md", "x");
      symlinkSync(join(outside.root, "secret.md"), join(dir.root, "link.md"));
      dir.article("a.txt", { title: "A", date: NOW / 1000 - DAY });
      const first = await step(INITIAL_STATE);
      dir.article("a.txt", { title: "A2", date: NOW / 1000 - DAY });
      const named = await stepNamed(first.state, ["a.txt"]);
      expect(named.state.snapshot?.errors.map((e) => e.path)).toEqual(["link.md"]);
      expect(titles(named.state)).toEqual(["A2"]);
    } finally {
      outside.cleanup();
    }
  });

  it("reads a new folder's articles without a full scan", async () => {
    dir.article("a.txt", { title: "A", date: NOW / 1000 - DAY });
    const first = await step(INITIAL_STATE);
    dir.article("new/b.txt", { title: "B", date: NOW / 1000 - 2 * DAY });
    const named = await stepNamed(first.state, ["new"]);
    expect(named.report).toMatchObject({ scope: "files", read: 1, added: 1 });
    expect(titles(named.state)).toEqual(["A", "B"]);
  });

  it("scans the whole folder when a named path is a folder it knows", async () => {
    dir.article("old/a.txt", { title: "A", date: NOW / 1000 - DAY });
    const first = await step(INITIAL_STATE);
    dir.article("old/b.txt", { title: "B", date: NOW / 1000 - 2 * DAY });
    const named = await stepNamed(first.state, ["old"]);
    expect(named.report).toMatchObject({ scope: "folder", added: 1 });
    expect(titles(named.state)).toEqual(["A", "B"]);
  });

  it("leaves dropping replaced versions from the store to the next full scan", async () => {
    dir.article("a.txt", { title: "A", date: NOW / 1000 - DAY });
    const first = await step(INITIAL_STATE);
    const oldHash = first.snapshot.articles[0]?.hash as string;
    dir.article("a.txt", { title: "A, edited", date: NOW / 1000 - DAY });
    const named = await refresh(first.state, deps(), ["a.txt"]);
    expect(store.get(oldHash)).toBeDefined();
    // Nothing new for the full scan to read: it still trims what the named scan replaced.
    const full = await refresh(named, deps());
    expect(full.snapshot).toBe(named.snapshot);
    expect(store.get(oldHash)).toBeUndefined();
    expect(store.get(full.snapshot.articles[0]?.hash as string)).toBeDefined();
    expect(full.retained).toBe(full.snapshot.catalogue);
  });

  it("scans the whole folder when there is no snapshot yet", async () => {
    dir.article("a.txt", { title: "A", date: NOW / 1000 - DAY });
    dir.article("b.txt", { title: "B", date: NOW / 1000 - DAY });
    const named = await stepNamed(INITIAL_STATE, ["a.txt"]);
    expect(named.report).toMatchObject({ scope: "folder", added: 2 });
  });
});
