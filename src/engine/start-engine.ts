import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ScanReport } from "../catalogue/refresh.js";
import type { Health } from "../catalogue/service.js";
import type { Config } from "../config.js";
import { feedPath } from "../core/feeds/feed-paths.js";
import type { LiveState, ServingService, ServingSite } from "../http/serving.js";
import type { Logger } from "../log.js";
import type { LoopDelay } from "../metrics/loop-delay.js";
import type { Metrics } from "../metrics/metrics.js";
import { type DocumentKey, documentSlot } from "../publish/create-site.js";
import type { FirstServed } from "../publish/first-served.js";
import { type RenderedDocument, stampDocument } from "../publish/rendered-document.js";
import type {
  EngineData,
  EngineHooks,
  FromEngine,
  RenderReply,
  ScanMetric,
  ToEngine,
} from "./engine-messages.js";
import { type DocumentStamp, documentOf, ServedDocuments } from "./served-documents.js";

/** Bytes of documents the serving thread keeps besides the live subscription feeds. */
const SERVED_CACHE_BYTES = 64 * 1024 * 1024;
const STOP_GRACE_MS = 8_000;
const RESTART_DELAYS_MS = [100, 1_000, 5_000, 30_000];

export interface EngineOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Where each document's Last-Modified comes from: when this thread first held its bytes. */
  readonly firstServed?: FirstServed;
  readonly hooks?: EngineHooks;
}

/** The content engine's thread, seen from the thread that serves requests. */
export interface Engine {
  readonly service: ServingService;
  readonly site: ServingSite;
  /** The engine's event-loop delay over its last window, once it has reported one. */
  loopDelay(): LoopDelay | null;
  /** Times the engine was started again after it died. */
  readonly restarts: number;
  /** End the engine's thread as a crash would (tests): it is started again. */
  kill(): Promise<void>;
  /** Stop the schedule and watcher, save the state, and end the thread. */
  stop(): Promise<void>;
}

type EngineError = Error & { status?: number };

/** Where the engine's code is: compiled beside this module (or bundled beside the command). */
async function engineEntry(): Promise<URL> {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new URL("./engine-worker.js", here);
  const { bundleEngineSource } = await import("./bundle-engine-source.js");
  return pathToFileURL(await bundleEngineSource());
}

/**
 * Start the engine and wait for its first snapshot. If its thread dies, the documents already
 * here keep being served and a new thread is started; requests that need the engine meanwhile
 * get the last version held here, or 503.
 */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const { config, logger, metrics } = options;
  const documents = new ServedDocuments(SERVED_CACHE_BYTES, stampWith(options.firstServed));
  let health: Health | null = null;
  let staged: Extract<FromEngine, { type: "live" }> | null = null;
  let loopDelay: LoopDelay | null = null;
  let episodeFiles: ReadonlyMap<string, string> = new Map();
  let worker: Worker | null = null;
  let ready = false;
  let stopping = false;
  let restarts = 0;
  // Failed starts in a row: the wait before the next grows with them.
  let failures = 0;
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();
  const inFlight = new Map<string, Promise<RenderedDocument | undefined>>();

  function request<T>(message: (id: number) => ToEngine): Promise<T> {
    if (!worker || !ready) return Promise.reject(unavailable());
    const id = nextId++;
    const target = worker;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      target.postMessage(message(id));
    });
  }

  function onMessage(message: FromEngine): void {
    switch (message.type) {
      case "live":
        // Goes live with the health that follows it, so the new feeds and their scan's report
        // are seen together.
        staged = message;
        break;
      case "complete":
        documents.complete(message.generation, message.documents);
        break;
      case "health":
        if (staged) {
          documents.goLive(staged.generation, staged.documents);
          episodeFiles = new Map(staged.episodeFiles);
        }
        staged = null;
        health = message.health;
        break;
      case "metric":
        if (metrics) applyMetric(metrics, message.metric);
        break;
      case "loop-delay":
        loopDelay = message.delay;
        break;
      case "reply": {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) waiter?.resolve(message.value);
        else waiter?.reject(new Error(message.message));
        break;
      }
      default:
        break;
    }
  }

  /** One engine thread; resolves when its first snapshot is live here, rejects if it fails. */
  async function spawn(): Promise<void> {
    // The engine's source pack lives here, removed when the thread ends however it ends.
    const tempDir = mkdtempSync(join(options.hooks?.tempParent ?? tmpdir(), "feedmill-engine-"));
    const data: EngineData = {
      config,
      tempDir,
      firstGeneration: documents.generation + 1,
      ...(options.hooks ? { hooks: options.hooks } : {}),
    };
    const thread = new Worker(await engineEntry(), { workerData: data });
    worker = thread;
    ready = false;
    return new Promise<void>((resolve, reject) => {
      thread.on("message", (message: FromEngine) => {
        if (message.type === "ready") {
          ready = true;
          resolve();
        } else if (message.type === "failed") {
          reject(new Error(message.message));
        } else onMessage(message);
      });
      thread.on("error", (error) => logger.error({ err: error }, "content engine failed"));
      thread.on("exit", (code) => {
        rmSync(tempDir, { recursive: true, force: true });
        if (worker === thread) worker = null;
        ready = false;
        for (const waiter of pending.values()) waiter.reject(unavailable());
        pending.clear();
        reject(new Error(`the content engine exited (code ${code}) before its first scan`));
        if (!stopping) restart(code);
      });
    });
  }

  function restart(code: number): void {
    const delay = RESTART_DELAYS_MS[Math.min(failures, RESTART_DELAYS_MS.length - 1)] ?? 0;
    restarts += 1;
    failures += 1;
    logger.error({ code, delayMs: delay }, "content engine died; serving the last documents");
    const timer = setTimeout(() => {
      if (stopping) return;
      spawn().then(
        () => {
          failures = 0;
          logger.info({ restarts }, "content engine started again");
        },
        (error: unknown) => {
          // A failed first scan here leaves the thread's exit to schedule the next try.
          if (health)
            health = { ...health, status: "degraded", scanError: (error as Error).message };
          logger.error({ err: error }, "content engine could not start again");
          void worker?.terminate();
        },
      );
    }, delay);
    timer.unref();
  }

  const current = (): LiveState => ({
    generation: documents.generation,
    articles: health?.articles ?? 0,
    episodeFiles,
  });

  async function render(key: DocumentKey): Promise<RenderedDocument | undefined> {
    const slot = documentSlot(key);
    const hotPath =
      key.kind === "feed" && key.address.archive === null ? feedPath(key.address) : null;
    const hot = hotPath ? documents.peek(hotPath) : undefined;
    if (hot) return hot;
    const cached = documents.cached(slot);
    if (cached && cached.generation === documents.generation) return cached.doc;
    let reply: RenderReply;
    try {
      reply = await request<RenderReply>((id) => ({
        type: "render",
        id,
        key,
        known: cached?.doc.etag ?? null,
      }));
    } catch (error) {
      // The engine is gone or failed this one: the last version held here is still right enough.
      if (cached) return cached.doc;
      throw Object.assign(error as EngineError, { status: 503 });
    }
    if (reply.result === "missing") return undefined;
    const doc =
      reply.result === "same" && cached
        ? cached.doc
        : reply.result === "doc"
          ? documentOf(reply.doc)
          : undefined;
    if (!doc) return render(key);
    documents.keep(slot, reply.generation, doc, hotPath);
    return doc;
  }

  const site: ServingSite = {
    peek: (_state, path) => documents.peek(path),
    render(_state, key) {
      // One question per document at a time: a hundred readers of a new archive share it.
      const slot = `${documents.generation}\0${documentSlot(key)}`;
      let answer = inFlight.get(slot);
      if (!answer) {
        answer = render(key).finally(() => inFlight.delete(slot));
        inFlight.set(slot, answer);
      }
      return answer;
    },
  };
  const service: ServingService = {
    current,
    health: () => health ?? emptyHealth(),
    rescan: () => request<ScanReport>((id) => ({ type: "rescan", id })),
  };

  await spawn().catch(async (error: unknown) => {
    stopping = true;
    await worker?.terminate();
    throw error;
  });

  return {
    service,
    site,
    loopDelay: () => loopDelay,
    get restarts() {
      return restarts;
    },
    async kill() {
      await worker?.terminate();
    },
    async stop() {
      stopping = true;
      const thread = worker;
      if (!thread) return;
      const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
      thread.postMessage({ type: "stop" } satisfies ToEngine);
      const force = setTimeout(() => void thread.terminate(), STOP_GRACE_MS);
      force.unref();
      await exited;
      clearTimeout(force);
    },
  };
}

/** Generations kept as registry versions: far more than can be in flight at once. */
const MAX_VERSIONS = 1024;

/**
 * Stamp documents with `firstServed`, each generation one version: a render of an older
 * snapshot that arrives after a newer one's is sent without Last-Modified, never an earlier one.
 */
function stampWith(firstServed: FirstServed | undefined): DocumentStamp {
  if (!firstServed) return () => {};
  const versions = new Map<number, object>();
  const versionOf = (generation: number) => {
    let version = versions.get(generation);
    if (!version) {
      version = { generation };
      versions.set(generation, version);
      if (versions.size > MAX_VERSIONS) versions.delete(Math.min(...versions.keys()));
    }
    return version;
  };
  return (slot, doc, generation) => {
    // The 404 page has no Last-Modified: there is nothing there to have changed.
    if (slot === "not-found") return;
    stampDocument(doc, firstServed.stamp(slot, doc.etag, versionOf(generation)));
  };
}

function unavailable(): EngineError {
  return Object.assign(new Error("the content engine is not running"), { status: 503 });
}

function emptyHealth(): Health {
  return {
    status: "degraded",
    articles: 0,
    lastScan: null,
    scanError: null,
    errors: [],
    warnings: [],
  };
}

function applyMetric(metrics: Metrics, metric: ScanMetric): void {
  switch (metric.name) {
    case "scanDuration":
      metrics.scanDuration.observe(metric.value);
      break;
    case "scans":
      metrics.scans.inc({ result: metric.value });
      break;
    case "articles":
    case "fileErrors":
      metrics[metric.name].set(metric.value);
      break;
  }
}
