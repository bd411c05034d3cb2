import { readlinkSync, writeSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import {
  createService,
  type Health,
  type ScanMetrics,
  type Service,
} from "../catalogue/service.js";
import type { Snapshot } from "../catalogue/snapshot.js";
import type { Config } from "../config.js";
import { createPackSourceStore, type PackOptions } from "../content/source-store.js";
import { type ContentWatcher, watchContent } from "../content/watch-content.js";
import type { PodcastProblem } from "../core/podcast/lint-podcast.js";
import { createLogger, type Logger } from "../log.js";
import { watchLoopDelay } from "../metrics/loop-delay.js";
import { checkPodcast } from "../podcast/check-podcast.js";
import { episodeFiles } from "../podcast/episode-files.js";
import { createSite, type DocumentKey, type Site } from "../publish/create-site.js";
import type { RenderedDocument } from "../publish/rendered-document.js";
import { warmFeeds } from "../publish/warm-feeds.js";
import { createPodpingNotifier } from "../push/podping.js";
import { createWebSubPublisher } from "../push/websub.js";
import { keepState } from "../state/keep-state.js";
import {
  type EngineData,
  type EngineHooks,
  type FromEngine,
  type RenderReply,
  type ScanMetric,
  type ToEngine,
  toWire,
  type WireDocument,
  wholeToWire,
} from "./engine-messages.js";
import { startSchedule } from "./schedule.js";

/** Rendered documents the engine keeps: the serving thread holds the copies it serves. */
const ENGINE_DOCUMENT_CACHE_BYTES = 32 * 1024 * 1024;
const LOOP_DELAY_EVERY_MS = 2_000;
/** Niceness added to the engine's thread: on a busy machine the serving thread gets the CPU first. */
const ENGINE_NICENESS = 10;

/**
 * The content engine, on a thread of its own: scanning, the catalogue and its snapshots,
 * rendering, compressing, the saved state, the schedule and the watcher. However long an
 * article takes here, the thread that answers requests only waits for what it asked for.
 */
export async function runEngine(port: MessagePort, data: EngineData): Promise<void> {
  const { config } = data;
  const logger = createLogger(config.logLevel);
  lowerThreadPriority();
  const post = (message: FromEngine, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  process.on("unhandledRejection", (error) => logger.error({ err: error }, "unhandled rejection"));
  const store = createPackSourceStore({
    parentDir: data.tempDir,
    ...(data.hooks?.diskFull ? { writeSync: failingWhen(data.hooks.diskFull) } : {}),
  });
  let service: Service | undefined;
  const site = createSite(config, store, {
    documentCacheBytes: ENGINE_DOCUMENT_CACHE_BYTES,
    onTruncated: (warning) => {
      logger.warn(warning, "article body over the cleaning budget; only its start is served");
      if (service) post({ type: "health", health: withWarnings(service.health()) });
    },
  });
  // Apple's rules, checked before a snapshot goes live, and bodies cut by the cleaning budget,
  // found while rendering: warnings the scan's own health does not know of.
  const podcastProblems = new WeakMap<Snapshot, readonly PodcastProblem[]>();
  const withWarnings = (health: Health): Health => {
    const snapshot = service?.current();
    if (!snapshot) return health;
    const more = [...(podcastProblems.get(snapshot) ?? []), ...site.truncatedBodies(snapshot)];
    return more.length === 0 ? health : { ...health, warnings: [...health.warnings, ...more] };
  };
  const state = config.stateDir
    ? keepState(config, config.stateDir, logger, { bodiesOf: site.feedBodies })
    : null;
  if (state?.restored) site.adoptBodies(state.restored.bodies);
  const websub = config.websubHub
    ? createWebSubPublisher({ hub: config.websubHub, logger })
    : undefined;
  const podping = config.podping
    ? createPodpingNotifier({ ...config.podping, logger, userAgent: config.site.generator })
    : undefined;
  const generations = new WeakMap<Snapshot, number>();
  let generation = data.firstGeneration - 1;
  const hold = holdFor(data.hooks, () => generation >= data.firstGeneration);

  try {
    service = await createService({
      config,
      store,
      logger,
      metrics: relayMetrics(post),
      ...(websub ? { websub } : {}),
      ...(podping ? { podping } : {}),
      ...(state?.restored ? { restored: state.restored } : {}),
      ...(state ? { onScanned: state.offer } : {}),
      onLive: (health) => post({ type: "health", health: withWarnings(health) }),
      onSettled: (health) => post({ type: "health", health: withWarnings(health) }),
      prepare: async (snapshot) => {
        hold("prepare");
        const { documents, complete } = await warmFeeds(site, snapshot);
        generation += 1;
        generations.set(snapshot, generation);
        // A lint that fails (an unreadable cover is a finding, not a failure) leaves no warning.
        podcastProblems.set(
          snapshot,
          await checkPodcast(config, snapshot.articles).catch(() => []),
        );
        const files = [...episodeFiles(snapshot.articles, config.baseUrl)];
        const live = { generation, documents, episodeFiles: files };
        return publishLive(post, live, complete, logger);
      },
    });
  } catch (error) {
    post({ type: "failed", message: (error as Error).message });
    store.close();
    port.close();
    return;
  }
  post({ type: "health", health: withWarnings(service.health()) });
  const triggers = startTriggers(config, service, logger);
  const stopLoopDelay = reportLoopDelay(post);
  post({ type: "ready" });

  const render = (key: DocumentKey, known: string | null) => {
    hold("render");
    return renderFor(site, service, generations, key, known);
  };
  answerRequests(port, post, render, service, async () => {
    stopLoopDelay();
    await triggers.stop();
    await websub?.settle();
    await podping?.settle();
    state?.flush();
    store.close();
  });
}

/** Answer the serving thread's requests, each `id` with one reply. */
function answerRequests(
  port: MessagePort,
  post: (message: FromEngine, transfer?: ArrayBuffer[]) => void,
  render: (key: DocumentKey, known: string | null) => Promise<Answer>,
  service: Service,
  stop: () => Promise<void>,
): void {
  const answer = async (id: number, work: () => Promise<Answer>) => {
    try {
      const { value, transfer } = await work();
      post({ type: "reply", id, ok: true, value }, transfer);
    } catch (error) {
      post({ type: "reply", id, ok: false, message: (error as Error).message });
    }
  };
  port.on("message", (message: ToEngine) => {
    switch (message.type) {
      case "render":
        void answer(message.id, () => render(message.key, message.known));
        break;
      case "rescan":
        void answer(message.id, async () => ({ value: await service.rescan("admin") }));
        break;
      case "stop":
        void stop().then(() => {
          post({ type: "stopped" });
          port.close();
        });
        break;
    }
  });
}

/** A reply's value, and the buffers to transfer with it. */
interface Answer {
  readonly value: unknown;
  readonly transfer?: ArrayBuffer[];
}

/**
 * Send a new snapshot's subscription feeds to the serving thread, ready to serve, and their
 * brotli once it is there. A failed brotli leaves them served with gzip.
 */
function publishLive(
  post: (message: FromEngine, transfer?: ArrayBuffer[]) => void,
  live: {
    readonly generation: number;
    readonly documents: readonly [string, RenderedDocument][];
    readonly episodeFiles: [string, string][];
  },
  complete: Promise<void>,
  logger: Logger,
): { complete: Promise<void> } {
  const { generation, documents, episodeFiles } = live;
  const pending = documents.filter(([, doc]) => doc.brotli === null);
  const wires = documents.map(([path, doc]) => [path, wholeToWire(doc)] as const);
  post(
    {
      type: "live",
      generation,
      documents: wires.map(([path, wire]): [string, WireDocument] => [path, wire.fields]),
      episodeFiles,
    },
    wires.flatMap(([, wire]) => wire.transfer),
  );
  const sent = complete.then(() => {
    const added = pending.map(
      ([path, doc]) => [path, toWire({ brotli: doc.brotli, brotliEtag: doc.brotliEtag })] as const,
    );
    if (added.length === 0) return;
    post(
      {
        type: "complete",
        generation,
        documents: added.map(([path, wire]): [string, Partial<WireDocument>] => [
          path,
          wire.fields,
        ]),
      },
      added.flatMap(([, wire]) => wire.transfer),
    );
  });
  return {
    complete: sent.catch((error: unknown) =>
      logger.warn({ err: error }, "brotli compression failed; serving gzip instead"),
    ),
  };
}

/** A document for the serving thread: "same" when it holds these bytes already. */
async function renderFor(
  site: Site,
  service: Service,
  generations: WeakMap<Snapshot, number>,
  key: DocumentKey,
  known: string | null,
): Promise<Answer & { value: RenderReply }> {
  const snapshot = service.current();
  const doc = await site.render(snapshot, key);
  const generation = generations.get(snapshot) ?? 0;
  if (!doc) return { value: { generation, result: "missing" } };
  if (doc.etag === known) return { value: { generation, result: "same" } };
  const wire = wholeToWire(doc);
  return { value: { generation, result: "doc", doc: wire.fields }, transfer: wire.transfer };
}

/** Scan metrics, sent to the serving thread, whose registry `/metrics` reads. */
function relayMetrics(post: (message: FromEngine) => void): ScanMetrics {
  const send = (metric: ScanMetric) => post({ type: "metric", metric });
  return {
    scanDuration: { observe: (value) => send({ name: "scanDuration", value }) },
    scans: { inc: ({ result }) => send({ name: "scans", value: result }) },
    articles: { set: (value) => send({ name: "articles", value }) },
    fileErrors: { set: (value) => send({ name: "fileErrors", value }) },
  };
}

/** This thread's event-loop delay, sent every few seconds over the window since the last. */
function reportLoopDelay(post: (message: FromEngine) => void): () => void {
  const watch = watchLoopDelay();
  const timer = setInterval(
    () => post({ type: "loop-delay", delay: watch.take() }),
    LOOP_DELAY_EVERY_MS,
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    watch.stop();
  };
}

/**
 * Linux gives each thread its own niceness: `setpriority` with this thread's id lowers this one
 * alone. Elsewhere, or when not allowed, the engine keeps the process's priority.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) {
      setPriority(tid, Math.min(19, getPriority(tid) + ENGINE_NICENESS));
    }
  } catch {
    // Not Linux, or no /proc: nothing to lower.
  }
}

function holdFor(hooks: EngineHooks | undefined, armed: () => boolean) {
  return (at: "prepare" | "render"): void => {
    const gate = hooks?.hold?.at === at ? hooks.hold.gate : undefined;
    if (!gate || !armed()) return;
    Atomics.store(gate, 1, 1);
    Atomics.notify(gate, 1);
    Atomics.wait(gate, 0, 0);
    Atomics.store(gate, 1, 0);
  };
}

/** The schedule and, with `WATCH`, the watcher: what makes the engine look at the folder. */
function startTriggers(config: Config, service: Service, logger: Logger) {
  let watcher = config.watch ? startWatching(config, service, logger) : null;
  const stopSchedule = startSchedule(
    config.scanCron,
    async () => {
      await service.rescan("schedule");
      if (watcher?.moved()) {
        // The folder's name now leads elsewhere (a switched symlink, a remount): watch that.
        watcher.close();
        logger.info({ contentDir: config.contentDir }, "content folder replaced; watching it anew");
        watcher = startWatching(config, service, logger);
      }
    },
    logger,
  );
  return {
    async stop() {
      watcher?.close();
      await stopSchedule();
    },
  };
}

/**
 * Rescan changed files as soon as the folder reports them. Events are a shortcut, never the
 * truth: network volumes may send none, and the schedule's full scan catches anything missed.
 */
function startWatching(config: Config, service: Service, logger: Logger): ContentWatcher {
  const watcher = watchContent(config.contentDir, {
    onChange: (paths) => void service.notify(paths),
    onError: (error) =>
      logger.warn(
        { err: error, scanCron: config.scanCron },
        "watching the content folder failed; changes now wait for the scheduled scan",
      ),
  });
  logger.debug({ folders: watcher.folders }, "watching the content folder");
  return watcher;
}

if (parentPort && (workerData as EngineData | undefined)?.firstGeneration !== undefined) {
  void runEngine(parentPort, workerData as EngineData);
}

/** A pack writer that fails as a full disk does while `flag[0]` is 1 (tests). */
function failingWhen(flag: Int32Array): NonNullable<PackOptions["writeSync"]> {
  return (fd, bytes, offset, length, position) => {
    if (Atomics.load(flag, 0) === 1) {
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    }
    return writeSync(fd, bytes, offset, length, position);
  };
}
