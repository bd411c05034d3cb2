import { resolve, sep } from "node:path";
import type { RequestHandler } from "express";
import { openMedia } from "../content/open-media.js";
import { sendOpenFile } from "./send-open-file.js";

export interface EpisodeFileOptions {
  readonly contentDir: string;
  readonly cacheControl: string;
  /** The live episodes' transcripts and chapters: path → the type their feed announced. */
  readonly files: () => ReadonlyMap<string, string>;
}

/**
 * Transcripts and chapters named by live episodes, each with the type its feed announced and
 * CORS (players fetch them from other origins). Only files an episode names are served: a
 * `.json` beside the articles is not published by being there.
 */
export function createEpisodeFileHandler(options: EpisodeFileOptions): RequestHandler {
  const root = resolve(options.contentDir);
  return async (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const files = options.files();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const type = files.get(path);
    if (type === undefined) return next();
    // The same checked open as media: no swapped link, FIFO or device is ever read.
    const opened = await openMedia(root, path.slice(1), (realRel) =>
      files.has(`/${realRel.split(sep).join("/")}`),
    );
    if (!opened.ok) return next();
    res.setHeader("Cache-Control", options.cacheControl);
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    res.setHeader("X-Content-Type-Options", "nosniff");
    sendOpenFile(req, res, opened, type);
  };
}
