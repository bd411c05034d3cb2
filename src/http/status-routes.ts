import type { Express, RequestHandler } from "express";
import { checkBearer } from "./check-bearer.js";
import type { MediaProblems } from "./media-problems.js";
import type { AppDeps } from "./serving.js";

/** POST /admin/rescan, behind the admin token; without a token, as unknown a path as any. */
function rescanHandler({ config, service }: AppDeps): RequestHandler {
  return async (req, res, next) => {
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
  };
}

/** The service's own routes: health, metrics and the admin rescan. */
export function addStatusRoutes(app: Express, deps: AppDeps, mediaProblems: MediaProblems): void {
  const { service, metrics } = deps;
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
  app.post("/admin/rescan", rescanHandler(deps));
}
