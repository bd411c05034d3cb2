import type { RequestHandler } from "express";

/**
 * URLs that moved here: each old path answers `301 Moved Permanently` with the new URL. Never
 * 302: Apple Podcasts and AntennaPod update a subscription only on a permanent redirect.
 */
export function createMovedHandler(
  moved: Readonly<Record<string, string>>,
  baseUrl: string,
): RequestHandler {
  const targets = new Map(
    Object.entries(moved).map(([from, to]) => [from, new URL(to, `${baseUrl}/`).href]),
  );
  return (req, res, next) => {
    const target = targets.size === 0 ? undefined : targets.get(req.path);
    if (target === undefined || (req.method !== "GET" && req.method !== "HEAD")) return next();
    res.setHeader("Cache-Control", "public, max-age=86400");
    res.redirect(301, target);
  };
}
