import type { Snapshot } from "../catalogue/snapshot.js";
import type { Catalogue } from "../catalogue/update-catalogue.js";
import type { Config } from "../config.js";
import type { FileIndex } from "../content/scan-content.js";
import type { Logger } from "../log.js";
import {
  readSavedState,
  type SavedBody,
  type SavedState,
  stateFingerprint,
  writeSavedState,
} from "./saved-state.js";

/** The saved state of one running service: what it started from, and when it saves again. */
export interface StateKeeper {
  /** The state saved by an earlier run, when it could be used. */
  readonly restored?: SavedState;
  /** After each scan: save the catalogue if it changed, not more often than the interval. */
  offer(snapshot: Snapshot, index: FileIndex): void;
  /** Save now if anything changed since the last save (at shutdown). */
  flush(): void;
}

export interface KeepStateOptions {
  /** The cleaned bodies worth saving with a snapshot (the site's main feed items). */
  readonly bodiesOf?: (snapshot: Snapshot) => SavedBody[];
  /** Wait after the first scan before saving: the first requests should not wait for it. */
  readonly firstDelayMs?: number;
  /**
   * Least time between saves: serialising holds the engine's thread, so no scan or render
   * proceeds meanwhile (docs/benchmarks.md).
   */
  readonly intervalMs?: number;
}

/**
 * Restore the catalogue from `stateDir` (`config.stateDir`) and keep saving it there. Saving is
 * best effort: a failure is logged and the service goes on (the next start is then a cold one).
 */
export function keepState(
  config: Config,
  stateDir: string,
  logger: Logger,
  options: KeepStateOptions = {},
): StateKeeper {
  const firstDelayMs = options.firstDelayMs ?? 5_000;
  const intervalMs = options.intervalMs ?? 10 * 60_000;
  const fingerprint = stateFingerprint(config);
  const restored = restoreState(stateDir, fingerprint, logger);

  let saved: Catalogue | undefined = restored?.catalogue;
  let savedAt: number | null = null;
  let latest: { snapshot: Snapshot; index: FileIndex } | undefined;
  let timer: NodeJS.Timeout | undefined;

  function save(): void {
    timer = undefined;
    if (!latest || latest.snapshot.catalogue === saved) return;
    const { snapshot, index } = latest;
    const { catalogue } = snapshot;
    const began = performance.now();
    try {
      const bodies = options.bodiesOf?.(snapshot) ?? [];
      const state = { catalogue, index, bodies };
      const articles = writeSavedState(stateDir, fingerprint, state, config.baseUrl);
      const ms = Math.round(performance.now() - began);
      logger.info({ stateDir, articles, ms }, "state saved");
    } catch (error) {
      logger.warn({ err: error, stateDir }, "saving the state failed; the next start reads all");
    }
    // A failed save is not retried before the interval: it would fail the same way.
    saved = catalogue;
    savedAt = Date.now();
  }

  return {
    ...(restored ? { restored } : {}),
    offer(snapshot, index) {
      latest = { snapshot, index };
      if (snapshot.catalogue === saved || timer) return;
      const delay =
        savedAt === null ? firstDelayMs : Math.max(firstDelayMs, savedAt + intervalMs - Date.now());
      timer = setTimeout(save, delay);
      timer.unref();
    },
    flush() {
      clearTimeout(timer);
      save();
    },
  };
}

/** The saved state in `stateDir` if it can be used, saying in the log why not otherwise. */
function restoreState(
  stateDir: string,
  fingerprint: string,
  logger: Logger,
): SavedState | undefined {
  const started = performance.now();
  const read = readSavedState(stateDir, fingerprint);
  if ("state" in read) {
    const ms = Math.round(performance.now() - started);
    logger.info({ stateDir, articles: read.state.catalogue.size, ms }, "saved state restored");
    return read.state;
  }
  if ("problem" in read) {
    logger.warn({ stateDir }, `saved state not used (${read.problem}); reading the whole folder`);
  } else {
    logger.info({ stateDir }, "no saved state yet; reading the whole folder");
  }
  return undefined;
}
