import { extname, resolve, sep } from "node:path";
import type { RequestHandler, Response } from "express";
import { openMedia } from "../content/open-media.js";
import type { MediaProblems } from "./media-problems.js";
import { sendOpenFile } from "./send-open-file.js";

export interface MediaOptions {
  readonly contentDir: string;
  /** Lower-case extensions with the dot: `.mp3`, `.png` … */
  readonly extensions: readonly string[];
  readonly cacheControl: string;
  /** Where refused files are reported (for `/healthz`). */
  readonly problems?: MediaProblems;
}

/** The request path names a servable media file: allow-listed extension, no hidden segment. */
export function isMediaPath(path: string, extensions: ReadonlySet<string>): boolean {
  if (path.includes("\0") || path.includes("\\")) return false;
  const segments = path.split("/").slice(1);
  if (segments.some((s) => s === "" || s.startsWith(".") || s === "..")) return false;
  return extensions.has(extname(path).toLowerCase());
}

function setMediaHeaders(res: Response, cacheControl: string): void {
  res.setHeader("Cache-Control", cacheControl);
  res.setHeader("Access-Control-Allow-Origin", "*");
  // An SVG is a document that can carry script; served from the site's own origin it must
  // not run any, nor may any file be sniffed into something executable.
  res.setHeader(
    "Content-Security-Policy",
    "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
}

/** A refusal that no cache keeps (the file may be fixed a minute later), framed exactly. */
function refuse(res: Response, status: 403 | 404): void {
  res.status(status);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end(status === 403 ? "Forbidden\n" : "Not Found\n");
}

/**
 * Media under the content folder at `BASE_URL/<path>`: images, audio, video by an extension
 * allow-list, so article sources, `notes.json` and hidden files are never served. The file is
 * opened once and the open descriptor checked (a regular file, really inside the folder, its
 * real name allow-listed too) and served, so a link swapped mid-request cannot leak anything.
 */
export function createMediaHandler(options: MediaOptions): RequestHandler {
  const extensions = new Set(options.extensions.map((e) => e.toLowerCase()));
  const root = resolve(options.contentDir);
  const accept = (realRel: string) => isMediaPath(`/${realRel.split(sep).join("/")}`, extensions);
  const { problems } = options;
  return async (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    if (!isMediaPath(path, extensions)) return next();
    const rel = path.slice(1);
    const opened = await openMedia(root, rel, accept);
    if (opened.ok) {
      problems?.clear(rel);
      setMediaHeaders(res, options.cacheControl);
      sendOpenFile(req, res, opened, extname(path));
      return;
    }
    if (opened.missing) {
      problems?.clear(rel);
      return next();
    }
    if (problems?.report(rel, opened.reason)) {
      req.log?.warn({ path: rel, reason: opened.reason }, "media file refused");
    }
    refuse(res, opened.reason === "permission-denied" ? 403 : 404);
  };
}
