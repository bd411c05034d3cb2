import type { Express, NextFunction, Request, RequestHandler, Response } from "express";
import { feedPath, parseFeedPath } from "../core/feeds/feed-paths.js";
import { canonicalTag } from "../core/urls.js";
import type { Metrics } from "../metrics/metrics.js";
import type { DocumentKey } from "../publish/create-site.js";
import { htmlSecurity } from "./html-security.js";
import { sendDocument } from "./send-document.js";
import type { AppDeps } from "./serving.js";

/** Send the live document for `key`; false, having called `next()`, when there is none. */
type Send = (
  req: Request,
  res: Response,
  next: NextFunction,
  key: DocumentKey,
  cors: boolean,
) => Promise<boolean>;

function documentSender({ config, service, site, now }: AppDeps): Send {
  return async (req, res, next, key, cors) => {
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
}

/** Subscription documents: feeds, their CORS preflight, and the OPML list of them. */
function addFeedRoutes(app: Express, send: Send, metrics: Metrics | undefined): void {
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

  app.get("/feeds.opml", async (req, res, next) => {
    if (await send(req, res, next, { kind: "opml" }, true)) countPoll(req, res, "/feeds.opml");
  });
}

/** The HTML pages: the index, each article, each tag. */
function addPageRoutes(app: Express, send: Send): void {
  app.get("/", htmlSecurity, (req, res, next) => send(req, res, next, { kind: "index" }, false));
  app.get("/articles/*slug", htmlSecurity, (req, res, next) => {
    const slug = (req.params.slug as unknown as string[]).join("/");
    return send(req, res, next, { kind: "article", slug }, false);
  });
  // Non-strict routing: `/tags/x` and `/tags/x/` are the same page; links use the slash form.
  app.get("/tags/:tag", htmlSecurity, (req, res, next) =>
    send(req, res, next, { kind: "tag", slug: canonicalTag(req.params.tag as string) }, false),
  );
}

/** Every route that answers with a rendered document of the live snapshot. */
export function addDocumentRoutes(app: Express, deps: AppDeps): void {
  const send = documentSender(deps);
  addFeedRoutes(app, send, deps.metrics);
  addPageRoutes(app, send);
}

/** Anything else: a 404 page for GET/HEAD, a bare status for other methods. */
export function notFoundPage({ service, site }: AppDeps): RequestHandler {
  return async (req, res) => {
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
  };
}
