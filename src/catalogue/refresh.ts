import { statSync } from "node:fs";
import { resolve, sep } from "node:path";
import type { Config } from "../config.js";
import {
  type FileIndex,
  type ReadOutcome,
  type ScanResult,
  scanContent,
  scanPaths,
} from "../content/scan-content.js";
import type { SourceStore } from "../content/source-store.js";
import type { TagLimits } from "../core/normalize/limit-tags.js";
import type { Author, ContentError } from "../core/types.js";
import { editMap } from "../lib/overlay-map.js";
import { createSnapshot, type Snapshot, updateSnapshot } from "./snapshot.js";
import {
  type Catalogue,
  type CatalogueChanges,
  createCatalogueUpdate,
  type IngestContext,
  liveHashes,
} from "./update-catalogue.js";

/** What a refresh needs from the outside world: the folder, the store and the clock. */
export interface RefreshDeps {
  readonly contentDir: string;
  readonly maxFileBytes: number;
  /** Config `readConcurrency`: files a large scan reads ahead at once. */
  readonly readAhead?: number;
  readonly baseUrl: string;
  readonly idPrefix: string | null;
  readonly defaultAuthor?: Author;
  readonly store: SourceStore;
  readonly now: () => number;
  /** Config `maxTagsPerArticle` and `maxTagFeeds`; unlimited when absent. */
  readonly tagLimits?: TagLimits;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Size of a content file named by its public URL (media are served at `BASE_URL/<path>`). */
function localMediaSize(contentDir: string, baseUrl: string) {
  const root = resolve(contentDir);
  return (url: string): number | undefined => {
    if (!url.startsWith(`${baseUrl}/`)) return undefined;
    try {
      const path = decodeURIComponent(
        new URL(url).pathname.slice(new URL(`${baseUrl}/`).pathname.length),
      );
      const file = resolve(root, path);
      if (!file.startsWith(root + sep)) return undefined;
      const stats = statSync(file);
      return stats.isFile() ? stats.size : undefined;
    } catch {
      return undefined;
    }
  };
}

/** The figures of one scan, for `/healthz`, logs and metrics. */
export interface ScanReport extends CatalogueChanges {
  /** ISO time the scan started. */
  readonly at: string;
  readonly durationMs: number;
  /** Files read because they were new or changed. */
  readonly read: number;
  /** `folder`: every file was stat-ed; `files`: only the files a change notification named. */
  readonly scope: "folder" | "files";
}

/** The refresh inputs a configuration gives, with the store and clock of the caller. */
export function refreshDepsOf(
  config: Config,
  store: SourceStore,
  now: () => number = Date.now,
  onProgress?: (done: number, total: number) => void,
): RefreshDeps {
  return {
    contentDir: config.contentDir,
    maxFileBytes: config.maxFileBytes,
    readAhead: config.readConcurrency,
    baseUrl: config.baseUrl,
    idPrefix: config.idPrefix,
    ...(config.site.author ? { defaultAuthor: config.site.author } : {}),
    store,
    now,
    tagLimits: { perArticle: config.maxTagsPerArticle, feeds: config.maxTagFeeds },
    ...(onProgress ? { onProgress } : {}),
  };
}

/** What one refresh hands the next. */
export interface RefreshState {
  readonly snapshot: Snapshot | null;
  /** File stamps of the last scan; outside the snapshot, so a `touch` changes nothing served. */
  readonly index: FileIndex;
  /**
   * The catalogue the source store was last trimmed to, when it is not the snapshot's: scans of
   * named files leave the trimming (a pass over every article) to the next full scan.
   */
  readonly retained?: Catalogue;
  /**
   * Before the first snapshot: the catalogue a saved state restored, whose files `index` stamps.
   * The first scan then reads only the files whose stamps differ.
   */
  readonly restored?: Catalogue;
}

/** A refresh's outcome: the state to hand the next one, and the scan's figures. */
export interface RefreshResult {
  readonly snapshot: Snapshot;
  readonly index: FileIndex;
  readonly retained: Catalogue;
  readonly report: ScanReport;
}

export const INITIAL_STATE: RefreshState = { snapshot: null, index: new Map() };

const EMPTY_CATALOGUE: Catalogue = new Map();

function unstoredPaths(snapshot: Snapshot | null): string[] {
  return snapshot?.errors.filter((e) => e.code === "cannot-store").map((e) => e.path) ?? [];
}

/** The index without `paths`: a file read but not kept must be read again by the next scan. */
function unstamp(index: FileIndex, paths: readonly string[]): FileIndex {
  if (paths.length === 0) return index;
  const next = editMap(index);
  for (const path of paths) next.delete(path);
  return next.done();
}

function sameProblems(a: readonly ContentError[], b: readonly ContentError[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.path === b[i]?.path && p.code === b[i]?.code && p.reason === b[i]?.reason)
  );
}

/**
 * Scan, merge, re-select: the one place the stages meet. Returns `prev` itself when nothing
 * changed and nothing came due; throws only if the folder is unreadable (the caller keeps `prev`).
 * With `paths` (from a change notification) only those files are looked at, when they allow it.
 */
export async function refresh(
  state: RefreshState,
  deps: RefreshDeps,
  paths?: Iterable<string>,
): Promise<RefreshResult> {
  const prev = state.snapshot;
  const base = prev?.catalogue ?? state.restored ?? EMPTY_CATALOGUE;
  const startedAt = deps.now();
  const started = performance.now();
  const update = createCatalogueUpdate(base, ingestContextOf(deps));
  const { scan, fromPrevious } = await scanChanges(state, base, deps, update.apply, paths);
  // A targeted scan looks for no folder problems: those of the last full scan still stand.
  const problems = fromPrevious ? fromPrevious.prev.folderProblems : scan.problems;
  const { catalogue, changes, unstored } = update.finish(scan.removed);
  const now = deps.now();
  const unchanged =
    prev !== null &&
    catalogue === prev.catalogue &&
    (prev.nextDueAt === null || prev.nextDueAt > now) &&
    sameProblems(prev.folderProblems, problems);
  const snapshot = unchanged
    ? prev
    : ((fromPrevious && updateSnapshot(fromPrevious.prev, catalogue, fromPrevious.named, now)) ??
      createSnapshot(catalogue, problems, now, deps.tagLimits?.feeds));
  let retained = state.retained ?? base;
  if (!fromPrevious && catalogue !== retained) {
    deps.store.retain(liveHashes(catalogue));
    retained = catalogue;
  }
  return {
    snapshot,
    index: unstamp(scan.index, unstored),
    retained,
    report: {
      at: new Date(startedAt).toISOString(),
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      read: scan.read,
      scope: fromPrevious ? "files" : "folder",
      ...changes,
    },
  };
}

function ingestContextOf(deps: RefreshDeps): IngestContext {
  return {
    baseUrl: deps.baseUrl,
    idPrefix: deps.idPrefix,
    ...(deps.defaultAuthor ? { defaultAuthor: deps.defaultAuthor } : {}),
    store: deps.store,
    mediaSize: localMediaSize(deps.contentDir, deps.baseUrl),
    ...(deps.tagLimits ? { maxTags: deps.tagLimits.perArticle } : {}),
  };
}

/** Scan the named files when a previous snapshot allows it, else the whole folder. */
async function scanChanges(
  state: RefreshState,
  base: Catalogue,
  deps: RefreshDeps,
  onRead: (outcome: ReadOutcome) => void,
  paths: Iterable<string> | undefined,
): Promise<{
  scan: ScanResult;
  fromPrevious: { prev: Snapshot; named: readonly string[] } | null;
}> {
  const prev = state.snapshot;
  // Files the store could not keep last time are looked at again with whatever was named.
  const named = paths ? [...paths, ...unstoredPaths(prev)] : undefined;
  // Only against a previous snapshot; null also when the paths need a full scan.
  const targeted =
    prev && named
      ? scanPaths(deps.contentDir, state.index, named, {
          maxFileBytes: deps.maxFileBytes,
          onRead,
          known: prev.catalogue,
        })
      : null;
  const fromPrevious = targeted?.looked && prev ? { prev, named: targeted.looked } : null;
  const scan: ScanResult =
    targeted ??
    (await scanContent(deps.contentDir, state.index, {
      maxFileBytes: deps.maxFileBytes,
      ...(deps.readAhead ? { readAhead: deps.readAhead } : {}),
      onRead,
      known: base.keys(),
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    }));
  return { scan, fromPrevious };
}
