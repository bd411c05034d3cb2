import { createServer, type Server } from "node:http";
import { type Config, loadConfig } from "./config.js";
import type { EarlyEngine } from "./engine/early-engine.js";
import type { EngineHooks } from "./engine/engine-messages.js";
import { type Engine, startEngine } from "./engine/start-engine.js";
import { createApp } from "./http/create-app.js";
import { createFastPath } from "./http/fast-path.js";
import { hardenServer, serverOptions } from "./http/harden-server.js";
import { createLogger, type Logger } from "./log.js";
import { registerLoopDelayMetrics } from "./metrics/loop-delay-metrics.js";
import { createMetrics, type Metrics } from "./metrics/metrics.js";
import { createFirstServed } from "./publish/first-served.js";
import { keepFirstServed } from "./publish/first-served-file.js";

export { warmFeeds } from "./publish/warm-feeds.js";

const SHUTDOWN_GRACE_MS = 10_000;

/** Print config problems as one clear message and exit 1: no stack trace for a user's typo. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  const result = loadConfig(env);
  if (result.ok) return result.config;
  process.stderr.write(
    `feedmill: invalid configuration:\n${result.problems.map((p) => `  - ${p}`).join("\n")}\n`,
  );
  process.exit(1);
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  /** The content engine's thread (scans, rendering), as the serving thread sees it. */
  readonly engine: Engine;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The clock of Last-Modified times (tests step it instead of waiting for seconds to pass). */
  readonly now?: () => number;
  /** Test hooks passed to the content engine. */
  readonly engineHooks?: EngineHooks;
  /** The engine's thread, if the command started it early. */
  readonly early?: EarlyEngine;
}

/**
 * Wire everything: the content engine on its own thread (first scan, schedule, watcher), then
 * listen; resolves once listening. This thread only answers requests.
 */
export async function startServer(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  options: ServerOptions = {},
): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const metrics = createMetrics();
  // Last-Modified is this thread's bookkeeping: when it first holds a document's bytes.
  const firstServed = config.stateDir
    ? keepFirstServed(config.stateDir, logger, now)
    : createFirstServed({ now });
  const engine = await startEngine({
    config,
    logger,
    metrics,
    firstServed,
    ...(options.engineHooks ? { hooks: options.engineHooks } : {}),
    ...(options.early ? { early: options.early } : {}),
  });
  const stopLoopDelay = registerLoopDelayMetrics(metrics.registry, engine.loopDelay);
  const server = createHttpServer(config, engine, { logger, metrics, now });
  try {
    await listen(server, config);
  } catch (error) {
    await engine.stop();
    throw error;
  }
  const url = urlOf(server, config);
  logger.info(
    { url, baseUrl: config.baseUrl, articles: engine.service.current().articles },
    "listening",
  );
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      // In-flight requests may still need the engine: it stops once they are answered.
      await drain(server);
      await engine.stop();
      if ("close" in firstServed) firstServed.close();
      stopLoopDelay();
    })();
    return stopping;
  };
  return { server, url, engine, stop } satisfies RunningServer;
}

/** The fast path for the hot documents, the Express app for everything else. */
function createHttpServer(
  config: Config,
  engine: Engine,
  context: { readonly logger: Logger; readonly metrics: Metrics; readonly now: () => number },
): Server {
  const { service, site } = engine;
  const { logger, metrics, now } = context;
  const app = createApp({ config, service, site, logger, metrics, now });
  const fastPath = createFastPath({
    service,
    site,
    cacheControl: config.cacheControl,
    logger,
    metrics,
    now,
  });
  const server = createServer(serverOptions(config.server), (req, res) => {
    if (!fastPath(req, res)) app(req, res);
  });
  hardenServer(server, config.server);
  return server;
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
}

function urlOf(server: Server, config: Config): string {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  return `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
}

/** Stop listening and wait for open requests, closing what is left after the grace time. */
function drain(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, SHUTDOWN_GRACE_MS - 1000);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** `feedmill serve`: run until SIGTERM/SIGINT, then drain and exit 0. */
export async function serve(early?: EarlyEngine): Promise<void> {
  const config = early?.config ?? loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  process.on("unhandledRejection", (error) => logger.error({ err: error }, "unhandled rejection"));
  let running: RunningServer;
  try {
    running = await startServer(config, logger, early ? { early } : {});
  } catch (error) {
    logger.fatal({ err: error }, "start-up failed");
    process.stderr.write(`feedmill: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "shutting down");
      running.stop().then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}
