import express, { type Express, type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { Config } from "../config.js";
import { feedPath, parseFeedPath } from "../core/feeds/feed-paths.js";
import { canonicalTag } from "../core/urls.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics/metrics.js";
import type { DocumentKey } from "../publish/create-site.js";
import { checkBearer } from "./check-bearer.js";
import { createMediaProblems } from "./media-problems.js";
import { createMovedHandler } from "./redirect-moved.js";
import { sendDocument } from "./send-document.js";
import { createEpisodeFileHandler } from "./serve-episode-files.js";
import { createMediaHandler } from "./serve-media.js";
import type { ServingService, ServingSite } from "./serving.js";

export interface AppDeps {
  readonly config: Config;
  readonly service: ServingService;
  readonly site: ServingSite;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** The clock Last-Modified times are checked against. */
  readonly now?: () => number;
}

/** Pages get a strict policy: no scripts at all, inline styles only, media from anywhere. */
const htmlSecurity = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      imgSrc: ["'self'", "https:", "http:", "data:"],
      mediaSrc: ["'self'", "https:", "http:"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
});

/** A short route label for metrics (never the raw path: unbounded label values leak memory). */
function routeLabel(req: Request): string {
  const path = req.path;
  if (parseFeedPath(path))
    return path.startsWith("/tags/") ? "tag-feed" : path.includes("/archive/") ? "archive" : "feed";
  if (path === "/") return "index";
  if (path.startsWith("/articles/")) return "article";
  if (path.startsWith("/tags/")) return "tag-page";
  if (path === "/healthz" || path === "/metrics" || path === "/feeds.opml") return path.slice(1);
  if (path.startsWith("/admin/")) return "admin";
  return "other";
}

/**
 * The Express application: every route of the contract, no `listen()` (tests run it on port 0,
 * `server.ts` owns the server). Documents come pre-rendered from the site; handlers only pick one
 * and send its bytes.
 */
export function createApp(deps: AppDeps): Express {
  const { config, service, site, logger, metrics, now } = deps;
  const app = express();
  const mediaProblems = createMediaProblems();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");

  app.use(
    pinoHttp({
      logger,
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "info" : "debug",
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  if (metrics) {
    app.use((req, res, next) => {
      res.on("finish", () =>
        metrics.requests.inc({ route: routeLabel(req), status: res.statusCode }),
      );
      next();
    });
  }

  app.use(createMovedHandler(config.moved, config.baseUrl));

  const send = async (
    req: Request,
    res: Response,
    next: NextFunction,
    key: DocumentKey,
    cors: boolean,
  ): Promise<boolean> => {
    const doc = await site.render(service.current(), key);
    if (!doc) {
      next();
      return false;
    }
    sendDocument(req, res, doc, {
      cacheControl: config.cacheControl,
      cors,
      ...(now ? { now } : {}),
    });
    return true;
  };
  const countPoll = (req: Request, res: Response, feed: string) =>
    metrics?.polls.record(feed, req.headers["user-agent"], req.method, res.statusCode);

  // Feeds: subscription documents, RFC 5005 archives and tag feeds share one URL grammar.
  app.get(/\.(?:xml|json)$/, async (req, res, next) => {
    const parsed = parseFeedPath(req.path);
    if (!parsed) {
      next();
      return;
    }
    // A tag slug in another case or Unicode normalisation form names the same tag.
    const address = parsed.tag === null ? parsed : { ...parsed, tag: canonicalTag(parsed.tag) };
    if (await send(req, res, next, { kind: "feed", address }, true)) {
      countPoll(req, res, feedPath(address));
    }
  });

  // CORS preflight: a script that sends its own If-None-Match / If-Modified-Since asks first.
  app.options(/^\/(?:.+\.(?:xml|json)|feeds\.opml)$/, (_req, res) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Methods", "GET, HEAD");
    res.setHeader(
      "Access-Control-Allow-Headers",
      "If-None-Match, If-Modified-Since, Cache-Control",
    );
    res.setHeader("Access-Control-Max-Age", "86400");
    res.status(204).end();
  });

  app.get("/", htmlSecurity, (req, res, next) => send(req, res, next, { kind: "index" }, false));
  app.get("/feeds.opml", async (req, res, next) => {
    if (await send(req, res, next, { kind: "opml" }, true)) countPoll(req, res, "/feeds.opml");
  });
  app.get("/articles/*slug", htmlSecurity, (req, res, next) => {
    const slug = (req.params.slug as unknown as string[]).join("/");
    return send(req, res, next, { kind: "article", slug }, false);
  });
  // Non-strict routing: `/tags/x` and `/tags/x/` are the same page; links use the slash form.
  app.get("/tags/:tag", htmlSecurity, (req, res, next) =>
    send(req, res, next, { kind: "tag", slug: canonicalTag(req.params.tag as string) }, false),
  );

  app.get("/healthz", (_req, res) => {
    const health = service.health();
    const media = mediaProblems.list();
    res.setHeader("Cache-Control", "no-store");
    res.status(200).json({
      ...health,
      status: media.length > 0 ? "degraded" : health.status,
      media,
    });
  });
  if (metrics) {
    app.get("/metrics", async (_req, res) => {
      res.setHeader("Content-Type", metrics.registry.contentType);
      res.setHeader("Cache-Control", "no-store");
      res.send(await metrics.registry.metrics());
    });
  }

  app.post("/admin/rescan", async (req, res, next) => {
    if (!config.adminToken) {
      next();
      return;
    }
    if (!checkBearer(req.headers.authorization, config.adminToken)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="feedmill"');
      res.status(401).json({ error: "unauthorized" });
      return;
    }
    res.setHeader("Cache-Control", "no-store");
    try {
      const report = await service.rescan("admin");
      res.json({ ...report, articles: service.current().articles });
    } catch (error) {
      // The folder is unreadable (or suddenly empty): the last good state is still served.
      res.status(503).json({ error: (error as Error).message });
    }
  });

  app.use(
    createEpisodeFileHandler({
      contentDir: config.contentDir,
      cacheControl: config.media.cacheControl,
      files: () => service.current().episodeFiles,
    }),
  );
  app.use(
    createMediaHandler({ contentDir: config.contentDir, ...config.media, problems: mediaProblems }),
  );

  // Anything else: a 404 page for GET/HEAD, a bare status for other methods.
  app.use(htmlSecurity, async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      res.status(req.method === "POST" || req.method === "OPTIONS" ? 404 : 405).end();
      return;
    }
    const doc = await site.render(service.current(), { kind: "not-found" });
    if (!doc) {
      res.status(404).end();
      return;
    }
    sendDocument(req, res, doc, { cacheControl: "no-cache", cors: false, status: 404 });
  });

  // Errors never show a stack trace; they are logged with the request.
  app.use(
    (
      error: Error & { status?: number; statusCode?: number },
      req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      const status = error.status ?? error.statusCode ?? 500;
      if (status >= 500) req.log?.error({ err: error }, "request failed");
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.status(status >= 400 && status < 600 ? status : 500);
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end(status >= 500 ? "Internal Server Error\n" : "Bad Request\n");
    },
  );

  return app;
}
