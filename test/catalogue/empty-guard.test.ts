import { describe, expect, it } from "vitest";
import { createEmptyGuard, type ScanOutcome } from "../../src/catalogue/empty-guard.js";
import type { ScanReport } from "../../src/catalogue/refresh.js";
import type { Snapshot } from "../../src/catalogue/snapshot.js";
import type { Catalogue } from "../../src/catalogue/update-catalogue.js";
import { createMemorySourceStore } from "../../src/content/source-store.js";
import type { Article } from "../../src/core/types.js";

const REPORT: ScanReport = {
  at: "2026-06-01T00:00:00.000Z",
  durationMs: 1,
  read: 0,
  scope: "files",
  added: 0,
  changed: 0,
  removed: 0,
  failed: 0,
};

/** A scan outcome serving the articles named, each stored under its name as hash. */
function outcome(names: string[], changes: Partial<ScanReport> = {}): ScanOutcome {
  const articles = names.map((name) => ({ path: name, hash: name }) as unknown as Article);
  const catalogue: Catalogue = new Map(
    articles.map((a) => [a.path, { path: a.path, article: a, warnings: [] }]),
  );
  return {
    snapshot: { articles, catalogue } as unknown as Snapshot,
    index: new Map(),
    report: { ...REPORT, ...changes },
  };
}

const guardOf = (allowEmpty = false) => createEmptyGuard(createMemorySourceStore(), { allowEmpty });

describe("the empty-folder guard", () => {
  it("serves the state from before a run of deletions that leaves no article", () => {
    const guard = guardOf();
    const full = outcome(["a", "b", "c"]);
    guard.review(full);
    guard.review(outcome(["a", "b"], { removed: 1 }));
    guard.review(outcome(["a"], { removed: 1 }));
    const last = guard.review(outcome([], { removed: 1 }));
    expect(last.outcome.snapshot).toBe(full.snapshot);
    expect(last.outcome.index).toBe(full.index);
    expect(last.refused?.message).toMatch(/serving the 3 articles from before the deletions/);
  });

  it("counts a scan that changes nothing as part of the run, and an edit as its end", () => {
    const guard = guardOf();
    guard.review(outcome(["a", "b", "c"]));
    guard.review(outcome(["a", "b"], { removed: 1 }));
    const edited = outcome(["a", "b"], { changed: 1 });
    guard.review(edited);
    // An unchanged scan gives the very same snapshot.
    guard.review({ ...edited, report: REPORT });
    guard.review(outcome(["a"], { removed: 1 }));
    expect(guard.review(outcome([], { removed: 1 })).outcome.snapshot).toBe(edited.snapshot);
  });

  it("refuses the empty folder as long as it stays empty, scanning all of it", () => {
    const guard = guardOf();
    const full = outcome(["a"]);
    guard.review(full);
    guard.review(outcome([], { removed: 1 }));
    expect(guard.scope(new Set(["a"]))).toBeUndefined();
    const again = guard.review(outcome([], { removed: 1, scope: "folder" }));
    expect(again.outcome.snapshot).toBe(full.snapshot);
    expect(again.refused).toBeDefined();
    const back = outcome(["new"], { removed: 1, added: 1 });
    expect(guard.review(back)).toEqual({ outcome: back });
    expect(guard.scope(new Set(["a"]))).toEqual(new Set(["a"]));
  });

  it("goes back to before the deletions when the folder itself goes, and only then", () => {
    const guard = guardOf();
    const full = outcome(["a", "b"]);
    guard.review(full);
    expect(guard.vanished()).toBeNull();
    guard.review(outcome(["a"], { removed: 1 }));
    expect(guard.vanished()).toEqual({ snapshot: full.snapshot, index: full.index });
    expect(guard.scope(new Set(["a"]))).toBeUndefined();
  });

  it("accepts an empty first scan, and an empty folder when told to", () => {
    expect(guardOf().review(outcome([])).refused).toBeUndefined();
    const guard = guardOf(true);
    guard.review(outcome(["a"]));
    const empty = outcome([], { removed: 1 });
    expect(guard.review(empty)).toEqual({ outcome: empty });
  });

  it("keeps the sources of the state it may go back to when the store is trimmed", () => {
    const store = createMemorySourceStore();
    const guard = createEmptyGuard(store, { allowEmpty: false });
    for (const name of ["a", "b"]) store.put(name, new TextEncoder().encode(name));
    guard.review(outcome(["a", "b"]));
    guard.review(outcome(["a"], { removed: 1 }));
    guard.store.retain(new Set());
    expect(store.get("b")).toBeDefined();
    guard.review(outcome(["a", "c"], { added: 1 }));
    guard.store.retain(new Set(["a", "c"]));
    expect(store.get("b")).toBeUndefined();
  });
});
