import type { IncomingMessage, ServerResponse } from "node:http";
import fresh from "fresh";
import type { RenderedDocument } from "../publish/rendered-document.js";

export interface SendOptions {
  readonly cacheControl: string;
  /** Feeds are fetched by web-based readers from other origins. */
  readonly cors: boolean;
  readonly status?: number;
  /** The clock Last-Modified is checked against (tests step it). */
  readonly now?: () => number;
}

type Encoding = "br" | "gzip" | "identity";

/**
 * Pick the best encoding the client accepts (RFC 9110 §12.5.3), preferring brotli, then gzip;
 * brotli only once it is ready (a document's brotli bytes follow shortly after it).
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

/** Response headers that scripts on other origins may read: a web reader polls with them. */
const EXPOSED = "ETag, Last-Modified";

let dateCache = { second: Number.NaN, text: "" };

/** The Date header for `ms`, and the whole second it names; made once per second. */
function httpDate(ms: number): { readonly second: number; readonly text: string } {
  const second = ms - (ms % 1000);
  if (second !== dateCache.second) dateCache = { second, text: new Date(second).toUTCString() };
  return dateCache;
}

/**
 * Send precomputed bytes with validators. Each representation (identity, gzip, brotli) has its
 * own strong ETag, and a request naming any of them is answered 304: the client holds the
 * document in one coding or another, and either way it has not changed. 304 is decided by
 * `fresh` (what Express's `req.fresh` uses: it understands lists, `W/` and `*`, and ignores
 * If-Modified-Since when If-None-Match is present, per RFC 9110 §13.2.2). The request path
 * computes nothing else.
 */
export function sendDocument(
  req: IncomingMessage,
  res: ServerResponse,
  doc: RenderedDocument,
  options: SendOptions,
): void {
  const status = options.status ?? 200;
  const brotli = doc.brotli;
  const encoding = chooseEncoding(req.headers["accept-encoding"], brotli !== null);
  res.setHeader("Content-Type", doc.contentType);
  res.setHeader("Cache-Control", doc.cacheControl ?? options.cacheControl);
  res.setHeader("Vary", "Accept-Encoding");
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (options.cors) {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Expose-Headers", EXPOSED);
  }
  // Set here, not by Node: Node's Date comes from a string it renews on a timer, which a busy
  // loop delays, so it can still name the last second while the clock is in the next one.
  const date = httpDate(Date.now());
  res.setHeader("Date", date.text);
  if (status === 200) {
    // A Last-Modified still ahead of the clock (a second version within one second) is not
    // sent until its second has come: a Last-Modified must never be later than Date.
    const at = doc.lastModifiedAt;
    const now = Math.min((options.now ?? Date.now)(), date.second);
    const lastModified = at !== null && at <= now ? doc.lastModified : null;
    if (lastModified) res.setHeader("Last-Modified", lastModified);
    const etag = notModifiedTag(req, doc, encoding, lastModified);
    res.setHeader("ETag", etag ?? etagFor(doc, encoding));
    if (etag) {
      res.statusCode = 304;
      res.removeHeader("Content-Type");
      res.end();
      return;
    }
  }
  const body = encoding === "br" && brotli ? brotli : encoding === "gzip" ? doc.gzip : doc.body;
  if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  res.statusCode = status;
  res.end(req.method === "HEAD" ? undefined : body);
}

function etagFor(doc: RenderedDocument, encoding: Encoding): string {
  if (encoding === "br") return doc.brotliEtag ?? doc.gzipEtag;
  return encoding === "gzip" ? doc.gzipEtag : doc.etag;
}

/**
 * The ETag to answer 304 with, or null for a 200: the representation's own tag first, then the
 * other codings' (a 304 names the one the client holds, so its cache refreshes that entry).
 */
function notModifiedTag(
  req: IncomingMessage,
  doc: RenderedDocument,
  encoding: Encoding,
  lastModified: string | null,
): string | null {
  const ifNoneMatch = req.headers["if-none-match"];
  const ifModifiedSince = req.headers["if-modified-since"];
  if (ifNoneMatch === undefined && ifModifiedSince === undefined) return null;
  // The validators only: a request's `Cache-Control: no-cache` is addressed to caches (RFC 9111
  // §5.2.1.4), and `fresh` would answer it 200 even when the ETag matches. Every `fetch()` with
  // If-None-Match sends it (the Fetch standard's no-store mode), so web-based readers would
  // download the whole feed on every poll; the origin validates and answers 304.
  const validators = { "if-none-match": ifNoneMatch, "if-modified-since": ifModifiedSince };
  const own = etagFor(doc, encoding);
  const candidates =
    ifNoneMatch === undefined ? [own] : [own, doc.etag, doc.gzipEtag, doc.brotliEtag];
  for (const etag of candidates) {
    if (etag && fresh(validators, { etag, "last-modified": lastModified ?? undefined })) {
      return etag;
    }
  }
  return null;
}
