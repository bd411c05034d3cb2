import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics/metrics.js";
import { sendDocument } from "./send-document.js";
import type { ServingService, ServingSite } from "./serving.js";

export interface FastPathDeps {
  readonly service: ServingService;
  readonly site: ServingSite;
  readonly cacheControl: string;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  readonly now?: () => number;
}

/**
 * The short path for polled feeds. Nearly all traffic is GET of a handful of subscription
 * documents, already rendered, compressed and hashed; Express's router and middleware would
 * cost more than sending the bytes (see docs/benchmarks.md). This handler answers exactly those
 * requests before Express sees them, with the same `sendDocument` Express's routes use, and
 * returns false for everything else, which then goes through the full application.
 */
export function createFastPath(deps: FastPathDeps) {
  const { service, site, cacheControl, logger, metrics, now } = deps;
  const options = { cacheControl, cors: true, ...(now ? { now } : {}) };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    const doc = site.peek(service.current(), path);
    if (!doc) return false;
    sendDocument(req, res, doc, options);
    const route = path.startsWith("/tags/") ? "tag-feed" : "feed";
    metrics?.requests.inc({ route, status: res.statusCode });
    metrics?.polls.record(path, req.headers["user-agent"], req.method, res.statusCode);
    if (logger.isLevelEnabled("debug")) {
      logger.debug(
        { req: { method: req.method, url }, res: { statusCode: res.statusCode } },
        "request completed",
      );
    }
    return true;
  };
}
