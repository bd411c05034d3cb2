import { realpathSync } from "node:fs";
import { extname, relative, resolve, sep } from "node:path";
import express, { type RequestHandler } from "express";

export interface MediaOptions {
  readonly contentDir: string;
  /** Lower-case extensions with the dot: `.mp3`, `.png` … */
  readonly extensions: readonly string[];
  readonly cacheControl: string;
}

/** The request path names a servable media file: allow-listed extension, no hidden segment. */
export function isMediaPath(path: string, extensions: ReadonlySet<string>): boolean {
  if (path.includes("\0") || path.includes("\\")) return false;
  const segments = path.split("/").slice(1);
  if (segments.some((s) => s === "" || s.startsWith(".") || s === "..")) return false;
  return extensions.has(extname(path).toLowerCase());
}

/**
 * Media under the content folder at `BASE_URL/<path>`: images, audio, video by an extension
 * allow-list, so article sources, `notes.json` and hidden files are never served. Range and HEAD
 * come from `send` (podcast apps need byte ranges). A symlink is served only when it resolves
 * inside the folder.
 */
export function createMediaHandler(options: MediaOptions): RequestHandler {
  const extensions = new Set(options.extensions.map((e) => e.toLowerCase()));
  const root = resolve(options.contentDir);
  const serve = express.static(root, {
    dotfiles: "deny",
    index: false,
    redirect: false,
    fallthrough: true,
    etag: true,
    lastModified: true,
    setHeaders(res) {
      res.setHeader("Cache-Control", options.cacheControl);
      res.setHeader("Access-Control-Allow-Origin", "*");
      // An SVG is a document that can carry script; served from the site's own origin it must
      // not run any, nor may any file be sniffed into something executable.
      res.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      );
      res.setHeader("X-Content-Type-Options", "nosniff");
    },
  });
  return (req, res, next) => {
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      next();
      return;
    }
    if (!isMediaPath(path, extensions)) {
      next();
      return;
    }
    try {
      const realRoot = realpathSync(root);
      const target = realpathSync(resolve(root, `.${path}`));
      const rel = relative(realRoot, target);
      if (rel.startsWith(`..${sep}`) || rel === ".." || rel.startsWith(sep)) {
        next();
        return;
      }
    } catch {
      next();
      return;
    }
    serve(req, res, next);
  };
}
