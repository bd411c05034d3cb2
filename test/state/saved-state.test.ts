import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INITIAL_STATE, type RefreshState, refresh } from "../../src/catalogue/refresh.js";
import { createMemorySourceStore, type SourceStore } from "../../src/content/source-store.js";
import {
  readSavedState,
  type SavedState,
  stateFingerprint,
  writeSavedState,
} from "../../src/state/saved-state.js";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { testConfig } from "../helpers/test-server.js";

const NOW = Date.UTC(2026, 10, 20);
const DAY = 86_400;
const BASE = "https://example.org";
let dir: ContentDir;
let stateDir: string;

beforeEach(() => {
  dir = createContentDir();
  stateDir = mkdtempSync(join(tmpdir(), "feedmill-state-"));
});
afterEach(() => {
  dir.cleanup();
  rmSync(stateDir, { recursive: true, force: true });
});

const deps = (store: SourceStore) => ({
  contentDir: dir.root,
  maxFileBytes: 1024 * 1024,
  baseUrl: BASE,
  idPrefix: null,
  store,
  now: () => NOW,
});

/** Articles using every optional field, one with a warning, and files that must not be saved. */
function writeFolder(): void {
  dir.article("plain.txt", { title: "Plain", date: NOW / 1000 - DAY });
  dir.write(
    "2026/full.md",
    [
      "---",
      "title: Every *field*",
      "date: 2026-11-01T09:30:00.250Z",
      "updated: 2026-11-02T10:00:00Z",
      "tags: [Feeds, podcasts, Feeds]",
      "image: /media/cover.jpg",
      "authors:",
      "  - name: Ada",
      "    email: ada@example.org",
      "    url: https://ada.example.org",
      "lang: pt_BR",
      "enclosure:",
      "  url: https://cdn.example.net/episode.mp3",
      "  type: audio/mpeg",
      "  length: 12345",
      "  duration: 61",
      "layout: post",
      "series: { name: Parts, part: 2 }",
      "---",
      "# Heading",
      "",
      "Some *Markdown* body.",
    ].join("\n"),
  );
  dir.write("undated.txt", "---\ntitle: No date\n---\nBody.\n");
  dir.write("draft.md", "---\ntitle: Draft\ndate: 2026-01-01\ndraft: true\n---\nBody.\n");
  dir.write("broken.md", "---\ntitle: [unclosed\n---\nBody.\n");
  dir.write(
    "episode.md",
    "---\ntitle: Local episode\ndate: 2026-03-01\nenclosure: /media/ep.mp3\n---\nBody.\n",
  );
  dir.write("media/ep.mp3", "ID3 not really audio");
}

async function coldScan(store: SourceStore = createMemorySourceStore()) {
  return refresh(INITIAL_STATE, deps(store));
}

function save(scan: Awaited<ReturnType<typeof coldScan>>, fingerprint = "fp"): number {
  const state: SavedState = { catalogue: scan.snapshot.catalogue, index: scan.index, bodies: [] };
  return writeSavedState(stateDir, fingerprint, state, BASE);
}

function restore(fingerprint = "fp"): SavedState {
  const read = readSavedState(stateDir, fingerprint);
  if (!("state" in read)) throw new Error(`no state: ${JSON.stringify(read)}`);
  return read.state;
}

/** A restart as the service does it: adopt the sources, then scan against the saved stamps. */
async function restart(saved: SavedState, store: SourceStore = createMemorySourceStore()) {
  for (const entry of saved.catalogue.values()) {
    if (entry.article) store.adopt(entry.article.hash, dir.root, entry.path);
  }
  const state: RefreshState = { snapshot: null, index: saved.index, restored: saved.catalogue };
  return { store, ...(await refresh(state, deps(store))) };
}

describe("saved state", () => {
  it("restores each good article exactly as it was scanned, frozen, with its stamp", async () => {
    writeFolder();
    const scan = await coldScan();
    expect(scan.snapshot.errors.map((e) => e.path)).toEqual(["broken.md"]);
    expect(save(scan)).toBe(4);
    const saved = restore();
    expect([...saved.catalogue.keys()].sort()).toEqual([
      "2026/full.md",
      "draft.md",
      "plain.txt",
      "undated.txt",
    ]);
    for (const [path, entry] of saved.catalogue) {
      const original = scan.snapshot.catalogue.get(path);
      expect(entry).toStrictEqual(original);
      // Absent optional fields stay absent (not `undefined`), in the order they were made.
      expect(Object.keys(entry.article ?? {})).toEqual(Object.keys(original?.article ?? {}));
      expect(saved.index.get(path)).toEqual(scan.index.get(path));
      const article = entry.article;
      expect(article && Object.isFrozen(article) && Object.isFrozen(article.tags)).toBe(true);
      expect(article && Object.isFrozen(article.authors[0])).toBe(true);
    }
    const full = saved.catalogue.get("2026/full.md")?.article;
    expect(full).toMatchObject({
      language: "pt-BR",
      image: `${BASE}/media/cover.jpg`,
      enclosure: { length: 12345, duration: 61 },
      extra: { layout: "post", series: { name: "Parts", part: 2 } },
    });
    expect(saved.catalogue.get("undated.txt")?.warnings.map((w) => w.code)).toEqual([
      "missing-date",
    ]);
  });

  it("leaves out files with errors and enclosures whose length came from the folder", async () => {
    writeFolder();
    const scan = await coldScan();
    expect(scan.snapshot.catalogue.get("episode.md")?.article?.enclosure?.length).toBe(20);
    save(scan);
    const saved = restore();
    expect(saved.catalogue.has("broken.md")).toBe(false);
    expect(saved.catalogue.has("episode.md")).toBe(false);
  });

  it("writes whole files only: no temp file is left beside it", async () => {
    writeFolder();
    save(await coldScan());
    save(await coldScan());
    expect(readdirSync(stateDir)).toEqual(["catalogue.v8"]);
  });

  it("is not used when missing, damaged or saved for another program or configuration", async () => {
    expect(readSavedState(join(stateDir, "none"), "fp")).toEqual({ missing: true });
    writeFolder();
    save(await coldScan(), "fp");
    expect(readSavedState(stateDir, "other")).toMatchObject({
      problem: expect.stringContaining("another version"),
    });
    writeFileSync(join(stateDir, "catalogue.v8"), "not a serialised state");
    expect(readSavedState(stateDir, "fp")).toMatchObject({
      problem: expect.stringContaining("damaged"),
    });
  });

  it("reads back entries spread over many frames, and refuses a file cut short", async () => {
    writeFolder();
    const scan = await coldScan();
    const state: SavedState = { catalogue: scan.snapshot.catalogue, index: scan.index, bodies: [] };
    expect(writeSavedState(stateDir, "fp", state, BASE, 1)).toBe(4);
    const saved = restore();
    expect(saved.catalogue.size).toBe(4);
    for (const [path, entry] of saved.catalogue) {
      expect(entry).toStrictEqual(scan.snapshot.catalogue.get(path));
    }
    const file = join(stateDir, "catalogue.v8");
    const whole = readFileSync(file);
    for (const cut of [whole.length - 1, whole.length - 200, 3]) {
      writeFileSync(file, whole.subarray(0, cut));
      expect(readSavedState(stateDir, "fp"), `cut at ${cut}`).toMatchObject({
        problem: expect.stringContaining("damaged"),
      });
    }
    // A frame length far beyond the file (4 GB) is refused before anything is allocated.
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), whole]));
    expect(readSavedState(stateDir, "fp")).toMatchObject({
      problem: expect.stringContaining("ends in the middle"),
    });
  });

  it("has a fingerprint that changes with what goes into an article", () => {
    const base = stateFingerprint(testConfig({ contentDir: dir.root }));
    expect(stateFingerprint(testConfig({ contentDir: dir.root }))).toBe(base);
    for (const change of [
      { baseUrl: "https://elsewhere.example" },
      { contentDir: stateDir },
      { maxFileBytes: 1000 },
      { clean: { junkSelectors: [".ad"] } },
      { site: { idPrefix: "tag:example.org,2026:" } },
      { site: { author: { name: "Someone else" } } },
    ]) {
      expect(
        stateFingerprint(testConfig({ contentDir: dir.root, ...change })),
        JSON.stringify(change),
      ).not.toBe(base);
    }
  });
});

describe("a restart from a saved state", () => {
  it("reads no file when nothing changed, and ends where a cold start ends", async () => {
    writeFolder();
    const cold = await coldScan();
    save(cold);
    const warm = await restart(restore());
    expect(warm.report).toMatchObject({ read: 2, added: 2, changed: 0, removed: 0 });
    expect(warm.snapshot.version).toBe(cold.snapshot.version);
    expect(warm.snapshot.articles).toStrictEqual(cold.snapshot.articles);
    expect(warm.snapshot.errors).toStrictEqual(cold.snapshot.errors);
    expect(warm.snapshot.warnings).toStrictEqual(cold.snapshot.warnings);
  });

  it("reads what changed, arrived or left while it was down, and nothing else", async () => {
    writeFolder();
    save(await coldScan());
    dir.article("plain.txt", { title: "Plain, edited", date: NOW / 1000 - DAY });
    dir.article("new.txt", { title: "New", date: NOW / 1000 });
    dir.remove("draft.md");
    const warm = await restart(restore());
    const cold = await coldScan();
    // Read: the two unsaved files (error, local enclosure), the edited one and the new one.
    expect(warm.report).toMatchObject({ read: 4, removed: 1 });
    expect(warm.snapshot.articles).toStrictEqual(cold.snapshot.articles);
    expect(warm.snapshot.version).toBe(cold.snapshot.version);
  });

  it("serves unchanged sources from their files, and every one of them matches", async () => {
    writeFolder();
    const cold = await coldScan();
    save(cold);
    const { store, snapshot } = await restart(restore());
    for (const article of snapshot.articles) {
      const bytes = store.get(article.hash);
      expect(bytes && Buffer.from(bytes).toString("utf8"), article.path).toBe(
        readFileSync(join(dir.root, article.path), "utf8"),
      );
    }
    expect(store.takeStale()).toEqual([]);
  });
});
