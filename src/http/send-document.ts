import type { IncomingMessage, ServerResponse } from "node:http";
import fresh from "fresh";
import type { RenderedDocument } from "../site/rendered-document.js";

export interface SendOptions {
  readonly cacheControl: string;
  /** Feeds are fetched by web-based readers from other origins. */
  readonly cors: boolean;
  readonly status?: number;
}

type Encoding = "br" | "gzip" | "identity";

/**
 * Pick the best encoding the client accepts (RFC 9110 §12.5.3), preferring brotli, then gzip;
 * brotli only once it is ready (a document's brotli bytes follow a few milliseconds after it).
 * A tiny parser instead of a negotiator object: this runs on every feed request.
 */
export function chooseEncoding(header: string | undefined, brotliReady = true): Encoding {
  if (!header) return "identity";
  let br = -1;
  let gzip = -1;
  let star = -1;
  for (const part of header.split(",")) {
    const [rawName, ...params] = part.trim().split(";");
    const name = rawName?.trim().toLowerCase();
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split("=");
      if (key?.trim().toLowerCase() === "q") q = Number(value);
    }
    if (!Number.isFinite(q)) q = 0;
    if (name === "br") br = q;
    else if (name === "gzip" || name === "x-gzip") gzip = q;
    else if (name === "*") star = q;
  }
  if (br < 0) br = star;
  if (gzip < 0) gzip = star;
  if (brotliReady && br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return "identity";
}

/**
 * Send precomputed bytes with validators. 304 is decided by `fresh` (what Express's `req.fresh`
 * uses: it understands lists, `W/` and `*`, and ignores If-Modified-Since when If-None-Match
 * is present, per RFC 9110 §13.2.2). The request path computes nothing else.
 */
export function sendDocument(
  req: IncomingMessage,
  res: ServerResponse,
  doc: RenderedDocument,
  options: SendOptions,
): void {
  const status = options.status ?? 200;
  res.setHeader("Content-Type", doc.contentType);
  res.setHeader("Cache-Control", doc.cacheControl ?? options.cacheControl);
  res.setHeader("Vary", "Accept-Encoding");
  if (options.cors) res.setHeader("Access-Control-Allow-Origin", "*");
  if (status === 200) {
    res.setHeader("ETag", doc.etag);
    if (doc.lastModified) res.setHeader("Last-Modified", doc.lastModified);
    // The validators only: a request's `Cache-Control: no-cache` is addressed to caches (RFC 9111
    // §5.2.1.4), and `fresh` would answer it 200 even when the ETag matches. Every `fetch()` with
    // If-None-Match sends it (the Fetch standard's no-store mode), so web-based readers would
    // download the whole feed on every poll; the origin validates and answers 304.
    const validators = {
      "if-none-match": req.headers["if-none-match"],
      "if-modified-since": req.headers["if-modified-since"],
    };
    if (fresh(validators, { etag: doc.etag, "last-modified": doc.lastModified ?? undefined })) {
      res.statusCode = 304;
      res.removeHeader("Content-Type");
      res.end();
      return;
    }
  }
  const brotli = doc.brotli;
  const encoding = chooseEncoding(req.headers["accept-encoding"], brotli !== null);
  const body = encoding === "br" && brotli ? brotli : encoding === "gzip" ? doc.gzip : doc.body;
  if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  res.statusCode = status;
  res.end(req.method === "HEAD" ? undefined : body);
}
