import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { createService, type Service, type ServiceDeps } from "../catalogue/service.js";
import type { Snapshot } from "../catalogue/snapshot.js";
import { createPackSourceStore, type SourceStore } from "../content/source-store.js";
import { limitHeapGrowth } from "../heap-growth.js";
import { createLogger, type Logger } from "../log.js";
import { checkPodcast } from "../podcast/check-podcast.js";
import { episodeFiles } from "../podcast/episode-files.js";
import { createSite, type DocumentKey, type Site } from "../publish/create-site.js";
import { warmFeeds } from "../publish/warm-feeds.js";
import { createPodpingNotifier, type PodpingNotifier } from "../push/podping.js";
import { createWebSubPublisher, type WebSubPublisher } from "../push/websub.js";
import { keepState, type StateKeeper } from "../state/keep-state.js";
import type { AWAIT_START } from "./early-engine.js";
import { EngineHealth } from "./engine-health.js";
import { failingWhen, holdFor } from "./engine-hooks.js";
import type { EngineData, StartEngine, ToEngine } from "./engine-messages.js";
import { startTriggers } from "./engine-triggers.js";
import {
  type Answer,
  Generations,
  type Post,
  publishLive,
  relayMetrics,
  renderFor,
  reportLoopDelay,
} from "./to-serving-thread.js";

/** Rendered documents the engine keeps: the serving thread holds the copies it serves. */
const ENGINE_DOCUMENT_CACHE_BYTES = 32 * 1024 * 1024;
/** Niceness added to the engine's thread: on a busy machine, the serving thread runs first. */
const ENGINE_NICENESS = 10;

/** What the engine is made of, besides the service that its first scan starts. */
interface Parts {
  readonly data: EngineData;
  readonly logger: Logger;
  readonly post: Post;
  readonly store: SourceStore;
  readonly site: Site;
  readonly health: EngineHealth;
  readonly state: StateKeeper | null;
  readonly websub: WebSubPublisher | undefined;
  readonly podping: PodpingNotifier | undefined;
  readonly generations: Generations;
  readonly hold: (at: "prepare" | "render") => void;
}

/**
 * The content engine, on a thread of its own: scans, the catalogue, rendering, compressing, the
 * saved state, the schedule and the watcher, so requests wait only for what they asked for.
 */
export async function runEngine(port: MessagePort, data: EngineData): Promise<void> {
  const logger = createLogger(data.config.logLevel);
  lowerThreadPriority();
  const post: Post = (message, transfer = []) => port.postMessage(message, transfer);
  process.on("unhandledRejection", (error) => logger.error({ err: error }, "unhandled rejection"));
  const parts = openParts(data, logger, post);
  let service: Service;
  try {
    service = await createService(serviceDeps(parts));
  } catch (error) {
    post({ type: "failed", message: (error as Error).message });
    parts.store.close();
    port.close();
    return;
  }
  parts.health.attach(service);
  parts.health.send(service.health());
  const triggers = startTriggers(data.config, service, logger);
  const stopLoopDelay = reportLoopDelay(post);
  limitHeapGrowth();
  post({ type: "ready" });
  answerRequests(port, post, {
    render: (key, known) => {
      parts.hold("render");
      return renderFor(parts.site, service, parts.generations, key, known);
    },
    rescan: async () => ({ value: await service.rescan("admin") }),
    stop: async () => {
      stopLoopDelay();
      await triggers.stop();
      await closeParts(parts);
    },
  });
}

function openParts(data: EngineData, logger: Logger, post: Post): Parts {
  const { config } = data;
  const store = createPackSourceStore({
    parentDir: data.tempDir,
    ...(data.hooks?.diskFull ? { disk: failingWhen(data.hooks.diskFull) } : {}),
  });
  const site = createSite(config, store, {
    documentCacheBytes: ENGINE_DOCUMENT_CACHE_BYTES,
    onTruncated: (warning) => {
      logger.warn(warning, "article body over the cleaning budget; only its start is served");
      health.resend();
    },
  });
  const health = new EngineHealth(post, site);
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
  const generations = new Generations(data.firstGeneration);
  const hold = holdFor(data.hooks, () => generations.started);
  return { data, logger, post, store, site, health, state, websub, podping, generations, hold };
}

function serviceDeps(parts: Parts): ServiceDeps {
  const { data, logger, post, store, health, state, websub, podping } = parts;
  return {
    config: data.config,
    store,
    logger,
    metrics: relayMetrics(post),
    ...(websub ? { websub } : {}),
    ...(podping ? { podping } : {}),
    ...(state?.restored ? { restored: state.restored } : {}),
    ...(state ? { onScanned: state.offer } : {}),
    onLive: (live) => health.send(live),
    onSettled: (settled) => health.send(settled),
    prepare: (snapshot) => prepareLive(parts, snapshot),
  };
}

/** Before a snapshot goes live: its feeds rendered, Apple's rules checked, all sent across. */
async function prepareLive(parts: Parts, snapshot: Snapshot): Promise<{ complete: Promise<void> }> {
  const { config } = parts.data;
  parts.hold("prepare");
  const { documents, complete } = await warmFeeds(parts.site, snapshot);
  const generation = parts.generations.next(snapshot);
  // A lint that fails (an unreadable cover is a finding, not a failure) leaves no warning.
  parts.health.podcastChecked(
    snapshot,
    await checkPodcast(config, snapshot.articles).catch(() => []),
  );
  const files = [...episodeFiles(snapshot.articles, config.baseUrl)];
  return publishLive(
    parts.post,
    { generation, documents, episodeFiles: files },
    complete,
    parts.logger,
  );
}

async function closeParts(parts: Parts): Promise<void> {
  await parts.websub?.settle();
  await parts.podping?.settle();
  parts.state?.flush();
  parts.store.close();
}

/** What the engine does for each request of the serving thread. */
interface Requests {
  render(key: DocumentKey, known: string | null): Promise<Answer>;
  rescan(): Promise<Answer>;
  stop(): Promise<void>;
}

type Handlers = { [T in ToEngine["type"]]: (message: Extract<ToEngine, { type: T }>) => void };

/** Answer the serving thread's requests, each `id` with one reply. */
function answerRequests(port: MessagePort, post: Post, requests: Requests): void {
  const answer = async (id: number, work: () => Promise<Answer>) => {
    try {
      const { value, transfer } = await work();
      post({ type: "reply", id, ok: true, value }, transfer);
    } catch (error) {
      post({ type: "reply", id, ok: false, message: (error as Error).message });
    }
  };
  const handlers: Handlers = {
    render: (message) => void answer(message.id, () => requests.render(message.key, message.known)),
    rescan: (message) => void answer(message.id, () => requests.rescan()),
    stop: () =>
      void requests.stop().then(() => {
        post({ type: "stopped" });
        port.close();
      }),
  };
  port.on("message", (message: ToEngine) => {
    (handlers[message.type] as ((message: ToEngine) => void) | undefined)?.(message);
  });
}

/** Lower this thread alone (Linux gives each its own niceness); elsewhere, keep the priority. */
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

const role = workerData as EngineData | typeof AWAIT_START | undefined;
if (parentPort && role && "firstGeneration" in role) void runEngine(parentPort, role);
else if (parentPort && role && "awaitStart" in role) {
  const port = parentPort;
  port.once("message", (message: StartEngine) => {
    if (message.type === "start") void runEngine(port, message.data);
  });
}
