import type { FileIndex } from "../content/scan-content.js";
import type { SourceStore } from "../content/source-store.js";
import type { ScanReport } from "./refresh.js";
import type { Snapshot } from "./snapshot.js";
import { liveHashes } from "./update-catalogue.js";

/** A state the service can serve: a snapshot and the file stamps it was scanned with. */
export interface ServedState {
  readonly snapshot: Snapshot;
  readonly index: FileIndex;
}

/** What a refresh gives the service (other fields pass through untouched). */
export interface ScanOutcome extends ServedState {
  readonly report: ScanReport;
}

export interface EmptyGuard {
  /**
   * The store to give the scans: trimming it keeps the sources of the state the guard may go
   * back to, so that state can still be rendered.
   */
  readonly store: SourceStore;
  /** The files to scan: all of them while a held-back state is served (its stamps are old). */
  scope<T>(paths: T | undefined): T | undefined;
  /**
   * After a scan: the outcome to serve, and an error to report when it is not the one scanned
   * (deletions left no article, so the state from before them is kept).
   */
  review<T extends ScanOutcome>(outcome: T): { readonly outcome: T; readonly refused?: Error };
  /**
   * The folder itself is gone or unreadable: the state to serve instead of the current one when
   * deletions were under way (`rm -rf` of the folder deletes its files first), else null.
   */
  vanished(): ServedState | null;
}

const isPureDeletion = (report: ScanReport) =>
  report.removed > 0 && report.added === 0 && report.changed === 0 && report.failed === 0;

/**
 * A folder emptied file by file must end as one unmounted at once does: the last good feeds
 * stay, served from the state before the run of deletions (docs/architecture.md). With
 * `allowEmpty`, an empty folder is served as it is.
 */
export function createEmptyGuard(store: SourceStore, options: { allowEmpty: boolean }): EmptyGuard {
  let current: ServedState | null = null;
  // The last state before the deletions now under way, if they are.
  let beforeDeletions: ServedState | null = null;
  let holding = false;

  return {
    store: pinnedStore(store, () => beforeDeletions ?? current),
    scope: (paths) => (holding ? undefined : paths),
    review(outcome) {
      const emptied =
        !options.allowEmpty &&
        current !== null &&
        current.snapshot.articles.length > 0 &&
        outcome.report.removed > 0 &&
        outcome.snapshot.articles.length === 0;
      if (emptied && current) {
        const kept = beforeDeletions ?? current;
        current = kept;
        holding = true;
        const refused = emptiedError(kept.snapshot.articles.length);
        return { outcome: { ...outcome, snapshot: kept.snapshot, index: kept.index }, refused };
      }
      if (isPureDeletion(outcome.report)) beforeDeletions ??= current;
      else if (outcome.report.added + outcome.report.changed + outcome.report.failed > 0) {
        beforeDeletions = null;
      }
      current = { snapshot: outcome.snapshot, index: outcome.index };
      holding = false;
      return { outcome };
    },
    vanished() {
      if (options.allowEmpty || !beforeDeletions) return null;
      current = beforeDeletions;
      holding = true;
      return beforeDeletions;
    },
  };
}

/** `store`, except that trimming it also keeps the sources of the state `kept` gives. */
function pinnedStore(store: SourceStore, kept: () => ServedState | null): SourceStore {
  return {
    put: (hash, bytes) => store.put(hash, bytes),
    get: (hash) => store.get(hash),
    adopt: (hash, root, path) => store.adopt(hash, root, path),
    absorbAdopted: (max) => store.absorbAdopted(max),
    takeStale: () => store.takeStale(),
    retain(live) {
      const state = kept();
      if (!state) return store.retain(live);
      const all = liveHashes(state.snapshot.catalogue);
      for (const hash of live) all.add(hash);
      store.retain(all);
    },
    get size() {
      return store.size;
    },
    close: () => store.close(),
  };
}

function emptiedError(kept: number): Error {
  const articles = kept.toLocaleString("en-US");
  return new Error(
    `the content folder holds no article any more (unmounted, or every file deleted?); ` +
      `serving the ${articles} articles from before the deletions. To publish an empty ` +
      `site, set ALLOW_EMPTY=true or restart the service`,
  );
}
