import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { addDocumentRoutes, notFoundPage } from "./document-routes.js";
import { htmlSecurity } from "./html-security.js";
import { createMediaProblems } from "./media-problems.js";
import { createMovedHandler } from "./redirect-moved.js";
import { countRequests, logRequests } from "./request-log.js";
import { createEpisodeFileHandler } from "./serve-episode-files.js";
import { createMediaHandler } from "./serve-media.js";
import type { AppDeps } from "./serving.js";
import { addStatusRoutes } from "./status-routes.js";

export type { AppDeps };

/** Errors never show a stack trace; they are logged with the request. */
function answerError(
  error: Error & { status?: number; statusCode?: number },
  req: Request,
  res: Response,
  _next: NextFunction,
): void {
  const status = error.status ?? error.statusCode ?? 500;
  if (status >= 500) req.log?.error({ err: error }, "request failed");
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status >= 400 && status < 600 ? status : 500);
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end(status >= 500 ? "Internal Server Error\n" : "Bad Request\n");
}

/**
 * The Express application: every route of the contract, no `listen()` (tests run it on port 0,
 * `server.ts` owns the server). Documents come pre-rendered from the site; handlers only pick one
 * and send its bytes.
 */
export function createApp(deps: AppDeps): Express {
  const { config, service, logger, metrics } = deps;
  const app = express();
  const mediaProblems = createMediaProblems();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");

  app.use(logRequests(logger));
  if (metrics) app.use(countRequests(metrics));
  app.use(createMovedHandler(config.moved, config.baseUrl));
  addDocumentRoutes(app, deps);
  addStatusRoutes(app, deps, mediaProblems);
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
  app.use(htmlSecurity, notFoundPage(deps));
  app.use(answerError);
  return app;
}
