import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { resolve, sep } from "node:path";
import type { RequestHandler } from "express";
import { episodeFiles } from "../podcast/episode-files.js";
import type { Snapshot } from "../snapshot.js";

export interface EpisodeFileOptions {
  readonly contentDir: string;
  readonly baseUrl: string;
  readonly cacheControl: string;
  readonly current: () => Snapshot;
}

/**
 * Transcripts and chapters named by live episodes, each with the type its feed announced and
 * CORS (players fetch them from other origins). Only files an episode names are served: a
 * `.json` beside the articles is not published by being there.
 */
export function createEpisodeFileHandler(options: EpisodeFileOptions): RequestHandler {
  const root = resolve(options.contentDir);
  const bySnapshot = new WeakMap<Snapshot, Map<string, string>>();
  return async (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const snapshot = options.current();
    let files = bySnapshot.get(snapshot);
    if (!files) {
      files = episodeFiles(snapshot.articles, options.baseUrl);
      bySnapshot.set(snapshot, files);
    }
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const type = files.get(path);
    const file = resolve(root, `.${path}`);
    if (type === undefined || !file.startsWith(root + sep)) return next();
    // A symlink is followed only when it stays inside the folder, as media are.
    const [realRoot, target] = await Promise.all([realpath(root), realpath(file)]).catch(() => []);
    if (!realRoot || !target?.startsWith(realRoot + sep)) return next();
    const stats = await stat(target).catch(() => undefined);
    if (!stats?.isFile()) return next();
    res.setHeader("Content-Type", type);
    res.setHeader("Content-Length", stats.size);
    res.setHeader("Cache-Control", options.cacheControl);
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    res.setHeader("X-Content-Type-Options", "nosniff");
    if (req.method === "HEAD") return void res.end();
    createReadStream(target)
      .on("error", () => res.destroy())
      .pipe(res);
  };
}
