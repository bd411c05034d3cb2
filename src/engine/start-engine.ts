import type { ScanReport } from "../catalogue/refresh.js";
import type { Config } from "../config.js";
import type { ServingService, ServingSite } from "../http/serving.js";
import type { Logger } from "../log.js";
import type { LoopDelay } from "../metrics/loop-delay.js";
import type { Metrics } from "../metrics/metrics.js";
import type { FirstServed } from "../publish/first-served.js";
import type { EarlyEngine } from "./early-engine.js";
import type { EngineHooks, ToEngine } from "./engine-messages.js";
import { EngineRequests } from "./engine-requests.js";
import { EngineThread } from "./engine-thread.js";
import { EngineView } from "./engine-view.js";
import { ServedDocuments } from "./served-documents.js";
import { servingSite } from "./serving-site.js";
import { stampWith } from "./stamp-documents.js";

/** Bytes of documents the serving thread keeps besides the live subscription feeds. */
const SERVED_CACHE_BYTES = 64 * 1024 * 1024;

export interface EngineOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Where each document's Last-Modified comes from: when this thread first held its bytes. */
  readonly firstServed?: FirstServed;
  readonly hooks?: EngineHooks;
  /** The engine's thread, if the command started it early. */
  readonly early?: EarlyEngine;
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

/**
 * Start the engine and wait for its first snapshot. If its thread dies, a new one is started;
 * meanwhile requests that need the engine get the last version held here, or a 503.
 */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const documents = new ServedDocuments(SERVED_CACHE_BYTES, stampWith(options.firstServed));
  const view = new EngineView(documents, options.metrics);
  const requests = new EngineRequests();
  const thread = new EngineThread({
    config: options.config,
    logger: options.logger,
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.early ? { early: options.early } : {}),
    firstGeneration: () => documents.generation + 1,
    onMessage: (message) =>
      message.type === "reply" ? requests.settle(message) : view.take(message),
    onExit: () => requests.failAll(),
    onRestartFailed: (error) => view.degrade(error.message),
  });
  const ask = <T>(message: (id: number) => ToEngine) => requests.send<T>(thread.answering, message);
  await thread.start();
  return {
    service: {
      current: () => view.current(),
      health: () => view.health(),
      rescan: () => ask<ScanReport>((id) => ({ type: "rescan", id })),
    },
    site: servingSite(documents, ask),
    loopDelay: () => view.loopDelay(),
    get restarts() {
      return thread.restarts;
    },
    kill: () => thread.kill(),
    stop: () => thread.stop(),
  };
}
