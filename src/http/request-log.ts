import type { Request, RequestHandler } from "express";
import { pinoHttp } from "pino-http";
import { parseFeedPath } from "../core/feeds/feed-paths.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics/metrics.js";

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

/** One log line per request: errors and 5xx as errors, 4xx as info, the rest as debug. */
export function logRequests(logger: Logger) {
  return pinoHttp({
    logger,
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "info" : "debug",
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/** Count every finished request by route and status. */
export function countRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    res.on("finish", () =>
      metrics.requests.inc({ route: routeLabel(req), status: res.statusCode }),
    );
    next();
  };
}
