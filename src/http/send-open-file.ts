import type { Stats } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream";
import type { Request, Response } from "express";

const httpDate = (value: string | undefined) => (value ? Date.parse(value) : Number.NaN);

/** RFC 9110 §13.1.1 and §13.1.4, as `send` applies them to static files. */
function isPreconditionFailure(req: Request, etag: string, mtime: number): boolean {
  const match = req.headers["if-match"];
  if (match) {
    if (match.trim() === "*") return false;
    return match
      .split(",")
      .map((tag) => tag.trim())
      .every((tag) => tag !== etag && tag !== `W/${etag}` && `W/${tag}` !== etag);
  }
  const since = httpDate(req.headers["if-unmodified-since"]);
  return !Number.isNaN(since) && Math.floor(mtime / 1000) * 1000 > since;
}

/** If-Range (RFC 9110 §13.1.5): a range is honoured only for the representation it names. */
function isRangeFresh(req: Request, etag: string, lastModified: string): boolean {
  const ifRange = req.get("If-Range");
  if (!ifRange) return true;
  if (ifRange.includes('"')) return ifRange.includes(etag);
  return httpDate(lastModified) <= httpDate(ifRange);
}

/** The byte range to send: the whole file, one satisfiable range, or 416. */
function pickRange(req: Request, res: Response, size: number): [number, number] | null {
  const header = req.headers.range;
  if (!header || !/^ *bytes=/.test(header)) return [0, size];
  const etag = res.getHeader("ETag") as string;
  const ranges = isRangeFresh(req, etag, res.getHeader("Last-Modified") as string)
    ? req.range(size, { combine: true })
    : -2;
  if (ranges === -1) return null;
  // Malformed or several ranges: the whole file, as `send` does.
  if (ranges === undefined || ranges === -2 || ranges.length !== 1) return [0, size];
  const range = ranges[0] as { start: number; end: number };
  res.status(206);
  res.setHeader("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
  return [range.start, range.end - range.start + 1];
}

/** What to answer before any byte is read: a bare status, or the range to stream. */
function decide(req: Request, res: Response, stats: Stats): number | [number, number] {
  if (isPreconditionFailure(req, res.getHeader("ETag") as string, stats.mtime.getTime())) {
    return 412;
  }
  if (req.fresh) return 304;
  const range = pickRange(req, res, stats.size);
  if (range) return range;
  res.setHeader("Content-Range", `bytes */${stats.size}`);
  return 416;
}

/**
 * Answer from a descriptor opened and checked beforehand, with the validators `express.static`
 * gives (weak ETag of size and mtime, Last-Modified), 304/412, Range and HEAD. Closes the handle.
 */
export function sendOpenFile(
  req: Request,
  res: Response,
  file: { readonly handle: FileHandle; readonly stats: Stats },
  contentType: string,
): void {
  const { handle, stats } = file;
  res.setHeader("Accept-Ranges", "bytes");
  res.setHeader("Last-Modified", stats.mtime.toUTCString());
  res.setHeader("ETag", `W/"${stats.size.toString(16)}-${stats.mtime.getTime().toString(16)}"`);
  res.type(contentType);
  const decision = decide(req, res, stats);
  if (typeof decision === "number" || req.method === "HEAD" || decision[1] === 0) {
    if (typeof decision !== "number") res.setHeader("Content-Length", decision[1]);
    else res.removeHeader("Content-Type");
    void handle.close().catch(() => {});
    res.status(typeof decision === "number" ? decision : res.statusCode).end();
    return;
  }
  const [start, length] = decision;
  res.setHeader("Content-Length", length);
  const stream = handle.createReadStream({ start, end: start + length - 1 });
  // A file truncated under us would leave the response short of its Content-Length: the next
  // response on the connection would be read as the rest of this body. Hang up instead.
  stream.on("end", () => {
    if (stream.bytesRead < length) res.destroy();
  });
  pipeline(stream, res, () => {});
}
