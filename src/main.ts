import { createServer, type Server } from "node:http";
import { type Config, loadConfig } from "./config.js";
import { createPackSourceStore, type SourceStore } from "./content/source-store.js";
import { type ContentWatcher, watchContent } from "./content/watch-content.js";
import { createApp } from "./http/create-app.js";
import { createFastPath } from "./http/fast-path.js";
import { hardenServer, serverOptions } from "./http/harden-server.js";
import { keepState } from "./keep-state.js";
import { createLogger, type Logger } from "./log.js";
import { createMetrics } from "./metrics.js";
import { createPodpingNotifier } from "./podping.js";
import { startSchedule } from "./schedule.js";
import { createService, type Service } from "./service.js";
import { createSite, type Site } from "./site/create-site.js";
import { createFirstServed } from "./site/first-served.js";
import { keepFirstServed } from "./site/first-served-file.js";
import type { Snapshot } from "./snapshot.js";
import { createWebSubPublisher } from "./websub.js";

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

/**
 * Render the subscription feeds of a new snapshot before it goes live; resolves when they can
 * be served (body and gzip), and `complete` when their brotli is there too.
 */
export async function warmFeeds(
  site: Site,
  snapshot: Snapshot,
): Promise<{ complete: Promise<void> }> {
  const docs = await Promise.all(
    (["rss", "atom", "json"] as const).map((format) =>
      site.render(
        snapshot,
        { kind: "feed", address: { format, tag: null, archive: null } },
        { servable: true },
      ),
    ),
  );
  return { complete: Promise.all(docs.map((doc) => doc?.complete)).then(() => {}) };
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The clock of Last-Modified times (tests step it instead of waiting for seconds to pass). */
  readonly now?: () => number;
  /** The source store (tests pass one whose writes fail). */
  readonly store?: SourceStore;
}

/** Wire everything: first scan → listen → schedule. Resolves once the server is listening. */
export async function startServer(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  options: ServerOptions = {},
) {
  const now = options.now ?? Date.now;
  const metrics = createMetrics();
  const store = options.store ?? createPackSourceStore();
  const firstServed = config.stateDir
    ? keepFirstServed(config.stateDir, logger, now)
    : createFirstServed({ now });
  const site = createSite(config, store, { firstServed });
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
  const service = await createService({
    config,
    store,
    logger,
    metrics,
    ...(websub ? { websub } : {}),
    ...(podping ? { podping } : {}),
    ...(state?.restored ? { restored: state.restored } : {}),
    ...(state ? { onScanned: state.offer } : {}),
    prepare: async (snapshot) => {
      const { complete } = await warmFeeds(site, snapshot);
      // Awaited once the feeds are live; a failed brotli leaves them served with gzip.
      return {
        complete: complete.catch((error: unknown) =>
          logger.warn({ err: error }, "brotli compression failed; serving gzip instead"),
        ),
      };
    },
  });
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
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
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
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  logger.info(
    { url, baseUrl: config.baseUrl, articles: service.current().articles.length },
    "listening",
  );

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      watcher?.close();
      await stopSchedule();
      await new Promise<void>((resolve) => {
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
      await websub?.settle();
      await podping?.settle();
      state?.flush();
      if ("close" in firstServed) firstServed.close();
      store.close();
    })();
    return stopping;
  };
  return { server, url, stop } satisfies RunningServer;
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

/** `feedmill serve`: run until SIGTERM/SIGINT, then drain and exit 0. */
export async function serve(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  process.on("unhandledRejection", (error) => logger.error({ err: error }, "unhandled rejection"));
  let running: RunningServer;
  try {
    running = await startServer(config, logger);
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
