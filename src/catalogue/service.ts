import { statSync } from "node:fs";
import type { Config } from "../config.js";
import type { FileIndex } from "../content/scan-content.js";
import type { SourceStore } from "../content/source-store.js";
import { editMap } from "../lib/overlay-map.js";
import type { Logger } from "../log.js";
import type { PodpingNotifier } from "../push/podping.js";
import type { WebSubPublisher } from "../push/websub.js";
import type { SavedState } from "../state/saved-state.js";
import { announceChanges } from "./announce-changes.js";
import { createEmptyGuard, type ServedState } from "./empty-guard.js";
import { type Health, healthOf } from "./health.js";
import {
  type RefreshResult,
  type RefreshState,
  refresh,
  refreshDepsOf,
  type ScanReport,
} from "./refresh.js";
import { createScanQueue, type RunScan } from "./scan-queue.js";
import type { Snapshot } from "./snapshot.js";
import type { Catalogue } from "./update-catalogue.js";

export type { Health } from "./health.js";

export interface Service {
  /** The snapshot requests are served from. */
  current(): Snapshot;
  /**
   * Rescan the whole folder now. A call while a full scan runs shares it; one while a scan of
   * named files runs waits for it. Rejects only if the folder is unreadable.
   */
  rescan(trigger: "start" | "schedule" | "admin"): Promise<ScanReport>;
  /**
   * Look again at the named files (relative to the folder) after the scan in progress, if any.
   * Batches arriving meanwhile are merged into one scan. Never rejects; failures are logged.
   */
  notify(paths: Iterable<string>): Promise<void>;
  health(): Health;
  /**
   * Resolves once every source taken on trust from a saved state is in the store (at once
   * without one): until then a file broken by an edit could not fall back to its last good body.
   */
  readonly sourcesSettled: Promise<void>;
}

/** The metrics a scan updates: prom-client's, or a relay to the thread that owns them. */
export interface ScanMetrics {
  readonly scanDuration: { observe(seconds: number): void };
  readonly scans: { inc(labels: { result: string }): void };
  readonly articles: { set(value: number): void };
  readonly fileErrors: { set(value: number): void };
}

export interface ServiceDeps {
  readonly config: Config;
  readonly store: SourceStore;
  readonly logger: Logger;
  readonly metrics?: ScanMetrics;
  readonly websub?: WebSubPublisher;
  readonly podping?: PodpingNotifier;
  readonly now?: () => number;
  /**
   * Runs on a new snapshot before it goes live (e.g. render the main feeds), so no request
   * waits. What it returns as `complete` (e.g. their brotli) is awaited once the snapshot is
   * live, before the scan settles.
   */
  readonly prepare?: (snapshot: Snapshot) => Promise<{ readonly complete: Promise<void> }>;
  /** A saved catalogue to start from: the first scan then reads only files changed since. */
  readonly restored?: SavedState;
  /** Told the snapshot and file index after every scan that succeeds (to save them). */
  readonly onScanned?: (snapshot: Snapshot, index: FileIndex) => void;
  /** Told the health as a new snapshot goes live, with its scan's report. */
  readonly onLive?: (health: Health) => void;
  /** Told the health after every scan, whether it succeeded or not (to publish it). */
  readonly onSettled?: (health: Health) => void;
}

/** What the service serves now, and how its last scan went. */
interface Live {
  snapshot: Snapshot | null;
  index: FileIndex;
  retained: Catalogue | undefined;
  lastScan: ScanReport | null;
  scanError: string | null;
}

/** Adopted sources read into the store per turn of the event loop. */
const ABSORB_BATCH = 128;

/**
 * The running state: one current snapshot, replaced whole by each rescan. Scans never overlap
 * (a rescan asked for while one runs joins it), and a failing scan keeps the previous snapshot.
 */
export async function createService(deps: ServiceDeps): Promise<Service> {
  const live: Live = {
    snapshot: null,
    index: deps.restored?.index ?? new Map(),
    retained: undefined,
    lastScan: null,
    scanError: null,
  };
  const queue = createScanQueue(scanRunner(deps, live));
  let sourcesSettled = Promise.resolve();
  const service: Service = {
    current() {
      if (!live.snapshot) throw new Error("no snapshot yet: the first scan has not finished");
      return live.snapshot;
    },
    rescan: (trigger) => queue.rescan(trigger),
    async notify(paths) {
      await queue.files("watch", paths).then(
        () => {},
        () => {},
      );
    },
    health: () => healthOf(live),
    get sourcesSettled() {
      return sourcesSettled;
    },
  };
  adoptRestored(deps);
  await service.rescan("start");
  if (deps.restored) {
    sourcesSettled = absorbAdopted(deps, live, (stale) => void service.notify(stale)).catch(
      (error: unknown) =>
        deps.logger.warn({ err: error }, "reading the saved state's sources failed"),
    );
  }
  return service;
}

/** One scan against the folder, served when it succeeds; what the scan queue runs. */
function scanRunner(deps: ServiceDeps, live: Live): RunScan {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const emptyGuard = createEmptyGuard(deps.store, { allowEmpty: config.allowEmpty });
  return async (trigger, paths) => {
    try {
      const missing = folderProblem(config.contentDir);
      if (missing !== null) {
        await serveAgain(deps, live, emptyGuard.vanished());
        throw new Error(missing);
      }
      const { outcome, refused } = emptyGuard.review(
        await refresh(
          refreshStateOf(live, deps.restored),
          refreshDepsOf(config, emptyGuard.store, now),
          emptyGuard.scope(paths),
        ),
      );
      const previous = live.snapshot;
      await goLive(deps, live, outcome);
      reportScan(deps, trigger, previous, outcome, refused !== undefined);
      // Served and announced like any change; then reported as the failed scan it is.
      if (refused) throw refused;
      return outcome.report;
    } catch (error) {
      live.scanError = (error as Error).message;
      deps.metrics?.scans.inc({ result: "failed" });
      logger.error({ trigger, err: error }, "scan failed; serving the previous state");
      throw error;
    } finally {
      deps.onSettled?.(healthOf(live));
    }
  };
}

/** The refresh input for the next scan; the saved catalogue stands in until the first one. */
function refreshStateOf(live: Live, saved: SavedState | undefined): RefreshState {
  const { snapshot, index, retained } = live;
  const restored = snapshot === null ? saved?.catalogue : undefined;
  return { snapshot, index, ...(retained ? { retained } : {}), ...(restored ? { restored } : {}) };
}

/** Serve a scan's outcome: its feeds prepared first, then live, then their completion awaited. */
async function goLive(deps: ServiceDeps, live: Live, result: RefreshResult): Promise<void> {
  const changed = live.snapshot !== result.snapshot;
  const prepared = changed ? await deps.prepare?.(result.snapshot) : undefined;
  live.snapshot = result.snapshot;
  live.index = result.index;
  live.retained = result.retained;
  live.lastScan = result.report;
  live.scanError = null;
  if (changed) deps.onLive?.(healthOf(live));
  deps.onScanned?.(result.snapshot, result.index);
  await prepared?.complete;
}

/** Metrics, logs and push notices for a scan that went live; a refused one counts as failed. */
function reportScan(
  deps: ServiceDeps,
  trigger: string,
  previous: Snapshot | null,
  result: RefreshResult,
  refused: boolean,
): void {
  const { logger, metrics } = deps;
  const changed = previous !== result.snapshot;
  metrics?.scanDuration.observe(result.report.durationMs / 1000);
  if (!refused) metrics?.scans.inc({ result: changed ? "changed" : "unchanged" });
  metrics?.articles.set(result.snapshot.articles.length);
  metrics?.fileErrors.set(result.snapshot.errors.length);
  if (!changed) {
    logger.debug({ trigger, ...result.report }, "scan: nothing changed");
    return;
  }
  logger.info({ trigger, ...result.report, articles: result.snapshot.articles.length }, "scan");
  logNewErrors(logger, previous, result.snapshot);
  if (previous) announceChanges(deps, deps.config, previous, result.snapshot);
}

/** Serve `held` (a state kept from before deletions) again, its feeds rendered first. */
async function serveAgain(deps: ServiceDeps, live: Live, held: ServedState | null): Promise<void> {
  if (!held || held.snapshot === live.snapshot) return;
  const prepared = await deps.prepare?.(held.snapshot);
  live.snapshot = held.snapshot;
  live.index = held.index;
  await prepared?.complete;
}

function logNewErrors(logger: Logger, previous: Snapshot | null, next: Snapshot): void {
  const known = new Set(previous?.errors.map((e) => `${e.path}\0${e.code}\0${e.reason}`));
  for (const error of next.errors) {
    if (known.has(`${error.path}\0${error.code}\0${error.reason}`)) continue;
    const kept = next.catalogue.get(error.path)?.article !== undefined;
    logger.warn(
      {
        path: error.path,
        code: error.code,
        reason: error.reason,
        line: error.line,
        keptLastGood: kept,
      },
      `${error.path}: ${error.code}: ${error.reason}`,
    );
  }
}

/** Take the saved state's sources on trust: the store reads them from the folder when asked. */
function adoptRestored({ restored, store, config }: ServiceDeps): void {
  if (!restored) return;
  for (const entry of restored.catalogue.values()) {
    if (entry.article) store.adopt(entry.article.hash, config.contentDir, entry.path);
  }
}

/** Read the adopted sources a batch per event-loop turn, so requests keep being served. */
async function absorbAdopted(
  { store, logger }: ServiceDeps,
  live: Live,
  rescan: (paths: string[]) => void,
): Promise<void> {
  for (;;) {
    const left = store.absorbAdopted(ABSORB_BATCH);
    const stale = store.takeStale();
    if (stale.length > 0) {
      // Changed since the start's stat: unstamped, so the scan reads them whatever their stamp.
      logger.info({ paths: stale }, "files changed since the start's scan; reading them again");
      const next = editMap(live.index);
      for (const path of stale) next.delete(path);
      live.index = next.done();
      rescan(stale);
    }
    if (left === 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** A missing or unmounted folder fails the scan instead of looking like "every file deleted". */
function folderProblem(dir: string): string | null {
  try {
    return statSync(dir).isDirectory() ? null : `content folder ${dir} is not a folder`;
  } catch (error) {
    return `content folder ${dir} is not readable: ${(error as Error).message}`;
  }
}
