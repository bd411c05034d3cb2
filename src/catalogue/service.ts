import { statSync } from "node:fs";
import type { Config } from "../config.js";
import type { FileIndex } from "../content/scan-content.js";
import type { SourceStore } from "../content/source-store.js";
import { type FeedAddress, feedPath } from "../core/feeds/feed-paths.js";
import type { PodcastProblem } from "../core/podcast/lint-podcast.js";
import type { Article, ContentError, ContentWarning } from "../core/types.js";
import { editMap } from "../lib/overlay-map.js";
import type { Logger } from "../log.js";
import { type PodpingNotifier, podcastFeedUrls } from "../push/podping.js";
import type { WebSubPublisher } from "../push/websub.js";
import type { SavedState } from "../state/saved-state.js";
import { createEmptyGuard, type ServedState } from "./empty-guard.js";
import { limitWarnings } from "./limit-warnings.js";
import { refresh, refreshDepsOf, type ScanReport } from "./refresh.js";
import type { Snapshot } from "./snapshot.js";
import type { Catalogue } from "./update-catalogue.js";

/** What `/healthz` reports. */
export interface Health {
  readonly status: "ok" | "degraded";
  readonly articles: number;
  readonly lastScan: ScanReport | null;
  /** Why the last scan failed as a whole (e.g. the folder vanished), if it did. */
  readonly scanError: string | null;
  readonly errors: readonly Pick<ContentError, "path" | "code" | "reason">[];
  /** What was left out to stay within a limit, and Apple's rules' findings; not degraded. */
  readonly warnings: readonly (ContentWarning | PodcastProblem)[];
}

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

/** Adopted sources read into the store per turn of the event loop. */
const ABSORB_BATCH = 128;

/** URLs of the subscription documents whose items changed between two snapshots. */
export function changedFeedUrls(
  prev: Snapshot,
  next: Snapshot,
  limit: number,
  baseUrl: string,
): string[] {
  const key = (articles: readonly Article[] | undefined) =>
    (articles ?? [])
      .slice(0, limit)
      .map((a) => `${a.path}:${a.hash}`)
      .join("|");
  const urls: string[] = [];
  const subjects: [
    string | null,
    readonly Article[] | undefined,
    readonly Article[] | undefined,
  ][] = [[null, prev.articles, next.articles]];
  for (const slug of new Set([...prev.tags.keys(), ...next.tags.keys()])) {
    subjects.push([slug, prev.tags.get(slug)?.articles, next.tags.get(slug)?.articles]);
  }
  for (const [tag, before, after] of subjects) {
    if (after === undefined || key(before) === key(after)) continue;
    for (const format of ["rss", "atom", "json"] as const) {
      const address: FeedAddress = { format, tag, archive: null };
      urls.push(baseUrl + feedPath(address));
    }
  }
  return urls;
}

/**
 * The running state: one current snapshot, replaced whole by each rescan. Scans never overlap
 * (a rescan asked for while one runs joins it), and a failing scan keeps the previous snapshot.
 */
export async function createService(deps: ServiceDeps): Promise<Service> {
  const { config, logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  let snapshot: Snapshot | null = null;
  let index: FileIndex = deps.restored?.index ?? new Map();
  let retained: Catalogue | undefined;
  let lastScan: ScanReport | null = null;
  let scanError: string | null = null;
  const emptyGuard = createEmptyGuard(deps.store, { allowEmpty: config.allowEmpty });

  async function runScan(trigger: string, paths?: ReadonlySet<string>): Promise<ScanReport> {
    try {
      const missing = folderProblem(config.contentDir);
      if (missing !== null) {
        await serveAgain(emptyGuard.vanished());
        throw new Error(missing);
      }
      const restored = snapshot === null ? deps.restored?.catalogue : undefined;
      const { outcome: result, refused } = emptyGuard.review(
        await refresh(
          { snapshot, index, ...(retained ? { retained } : {}), ...(restored ? { restored } : {}) },
          refreshDepsOf(config, emptyGuard.store, now),
          emptyGuard.scope(paths),
        ),
      );
      const previous = snapshot;
      const prepared =
        previous !== result.snapshot ? await deps.prepare?.(result.snapshot) : undefined;
      snapshot = result.snapshot;
      index = result.index;
      retained = result.retained;
      lastScan = result.report;
      scanError = null;
      if (previous !== result.snapshot) deps.onLive?.(service.health());
      deps.onScanned?.(result.snapshot, result.index);
      await prepared?.complete;
      const changed = previous !== result.snapshot;
      metrics?.scanDuration.observe(result.report.durationMs / 1000);
      if (!refused) metrics?.scans.inc({ result: changed ? "changed" : "unchanged" });
      metrics?.articles.set(result.snapshot.articles.length);
      metrics?.fileErrors.set(result.snapshot.errors.length);
      if (changed) {
        logger.info(
          { trigger, ...result.report, articles: result.snapshot.articles.length },
          "scan",
        );
        logNewErrors(previous, result.snapshot);
        if (previous && (deps.websub || deps.podping)) {
          const urls = changedFeedUrls(previous, result.snapshot, config.feedLimit, config.baseUrl);
          if (urls.length > 0) deps.websub?.publish(urls);
          const podcasts = podcastFeedUrls(urls, result.snapshot, config.baseUrl);
          if (podcasts.length > 0) deps.podping?.publish(podcasts);
        }
      } else {
        logger.debug({ trigger, ...result.report }, "scan: nothing changed");
      }
      // Served and announced like any change; then reported as the failed scan it is.
      if (refused) throw refused;
      return result.report;
    } catch (error) {
      scanError = (error as Error).message;
      metrics?.scans.inc({ result: "failed" });
      logger.error({ trigger, err: error }, "scan failed; serving the previous state");
      throw error;
    } finally {
      deps.onSettled?.(service.health());
    }
  }

  /** Serve `held` (a state kept from before deletions) again, its feeds rendered first. */
  async function serveAgain(held: ServedState | null): Promise<void> {
    if (!held || held.snapshot === snapshot) return;
    const prepared = await deps.prepare?.(held.snapshot);
    snapshot = held.snapshot;
    index = held.index;
    await prepared?.complete;
  }

  function logNewErrors(previous: Snapshot | null, next: Snapshot): void {
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

  // Scans run one at a time. At most one more waits behind the running one: named files
  // gather into it, and a full rescan asked for meanwhile takes it over (it covers them).
  interface Job {
    kind: "folder" | "files";
    trigger: string;
    readonly paths: Set<string>;
    readonly promise: Promise<ScanReport>;
    readonly settle: (run: Promise<ScanReport>) => void;
  }
  let running: { kind: Job["kind"]; promise: Promise<ScanReport> } | null = null;
  let waiting: Job | null = null;

  function enqueue(kind: Job["kind"], trigger: string, paths: Iterable<string> = []): Job {
    if (waiting) {
      if (kind === "folder") Object.assign(waiting, { kind, trigger });
      for (const path of paths) waiting.paths.add(path);
      return waiting;
    }
    let settle!: Job["settle"];
    const promise = new Promise<ScanReport>((resolve, reject) => {
      settle = (run) => run.then(resolve, reject);
    });
    const job: Job = { kind, trigger, paths: new Set(paths), promise, settle };
    waiting = job;
    pump();
    return job;
  }

  function pump(): void {
    if (running || !waiting) return;
    const job = waiting;
    waiting = null;
    const promise = runScan(job.trigger, job.kind === "files" ? job.paths : undefined);
    running = { kind: job.kind, promise: job.promise };
    job.settle(promise);
    promise
      .catch(() => {})
      .finally(() => {
        running = null;
        pump();
      });
  }

  /**
   * Read the sources adopted from a saved state into the store, a batch per turn of the event
   * loop so that requests keep being served. A file whose bytes no longer match changed after
   * the start's stat: it leaves the index, so that the scan asked for reads it whatever its stamp.
   */
  let sourcesSettled = Promise.resolve();
  async function absorbAdopted(): Promise<void> {
    for (;;) {
      const left = deps.store.absorbAdopted(ABSORB_BATCH);
      const stale = deps.store.takeStale();
      if (stale.length > 0) {
        logger.info({ paths: stale }, "files changed since the start's scan; reading them again");
        const next = editMap(index);
        for (const path of stale) next.delete(path);
        index = next.done();
        void service.notify(stale);
      }
      if (left === 0) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  const service: Service = {
    current() {
      if (!snapshot) throw new Error("no snapshot yet: the first scan has not finished");
      return snapshot;
    },
    rescan(trigger) {
      if (running?.kind === "folder" && !waiting) return running.promise;
      return enqueue("folder", trigger).promise;
    },
    async notify(paths) {
      await enqueue("files", "watch", paths).promise.then(
        () => {},
        () => {},
      );
    },
    health() {
      const errors = snapshot?.errors ?? [];
      return {
        status: errors.length > 0 || scanError !== null ? "degraded" : "ok",
        articles: snapshot?.articles.length ?? 0,
        lastScan,
        scanError,
        errors: errors.map(({ path, code, reason }) => ({ path, code, reason })),
        warnings: snapshot ? limitWarnings(snapshot) : [],
      };
    },
    get sourcesSettled() {
      return sourcesSettled;
    },
  };
  if (deps.restored) {
    for (const entry of deps.restored.catalogue.values()) {
      if (entry.article) deps.store.adopt(entry.article.hash, config.contentDir, entry.path);
    }
  }
  await service.rescan("start");
  if (deps.restored) {
    sourcesSettled = absorbAdopted().catch((error: unknown) =>
      logger.warn({ err: error }, "reading the saved state's sources failed"),
    );
  }
  return service;
}

/** A missing or unmounted folder fails the scan instead of looking like "every file deleted". */
function folderProblem(dir: string): string | null {
  try {
    return statSync(dir).isDirectory() ? null : `content folder ${dir} is not a folder`;
  } catch (error) {
    return `content folder ${dir} is not readable: ${(error as Error).message}`;
  }
}
