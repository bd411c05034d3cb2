import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { sha256Base64url } from "../lib/sha256.js";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** One response body, rendered, compressed and hashed once, then sent to every client. */
export interface RenderedDocument {
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  /**
   * Brotli bytes, null until they follow the document (gzip is sent meanwhile): half the
   * compression work then stays off the path from an edit to its new feed.
   */
  readonly brotli: Buffer | null;
  /** Settles when `brotli` is there too (the static build writes every encoding). */
  readonly complete: Promise<void>;
  /** Strong validator of the identity bytes: a hash of them, so replicas and restarts agree. */
  readonly etag: string;
  /** Strong validator of the gzip bytes (each representation has its own, RFC 9110 §8.8.3). */
  readonly gzipEtag: string;
  /** Strong validator of the brotli bytes, null until they are there. */
  readonly brotliEtag: string | null;
  /**
   * When this instance first produced these bytes at this address (epoch ms, a whole second),
   * or null when the document has no Last-Modified. Set once by `stampDocument`.
   */
  readonly lastModifiedAt: number | null;
  /** `lastModifiedAt` as an HTTP date. */
  readonly lastModified: string | null;
  /** Override of the default Cache-Control (e.g. for 404 pages). */
  readonly cacheControl?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A strong ETag for some bytes. */
export function etagOf(bytes: Uint8Array): string {
  return `"${sha256Base64url(bytes).slice(0, 32)}"`;
}

/**
 * Fixed settings, so every replica compresses the same bytes to the same bytes; the levels are
 * chosen for time, as rendering is on the path from a change to the new feed: nearly the size
 * of the top levels for a fraction of their time. zlib runs on the thread pool.
 * Resolves once the body and gzip are ready; brotli follows (see `complete`).
 */
export async function createRenderedDocument(input: {
  contentType: string;
  text: string;
  cacheControl?: string;
}): Promise<RenderedDocument> {
  const body = Buffer.from(input.text, "utf8");
  const gz = await gzipAsync(body, { level: 6 });
  // Started only now: run beside the gzip of this and the other feeds, it would compete with
  // them for the cores and hold them back.
  const brotli = brotliAsync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 6,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const doc: Mutable<RenderedDocument> = {
    contentType: input.contentType,
    body,
    gzip: gz,
    brotli: null,
    complete: brotli.then((bytes) => {
      doc.brotliEtag = etagOf(bytes);
      doc.brotli = bytes;
    }),
    etag: etagOf(body),
    gzipEtag: etagOf(gz),
    brotliEtag: null,
    lastModifiedAt: null,
    lastModified: null,
    ...(input.cacheControl ? { cacheControl: input.cacheControl } : {}),
  };
  // A failed brotli leaves gzip serving; the static build, which awaits it, reports it.
  doc.complete.catch(() => {});
  return doc;
}

/** Give a document its Last-Modified (once, before it is first sent). */
export function stampDocument(doc: RenderedDocument, at: number | null): void {
  const target = doc as Mutable<RenderedDocument>;
  target.lastModifiedAt = at;
  target.lastModified = at === null ? null : new Date(at).toUTCString();
}

/** Documents heavier than a cache's whole budget (a huge OPML) still kept, the latest few. */
export const OVERSIZED_DOCUMENTS = 2;

/** Bytes a document holds, for cache accounting (brotli, when still coming, as big as gzip). */
export function documentWeight(doc: RenderedDocument): number {
  return doc.body.length + doc.gzip.length + (doc.brotli ?? doc.gzip).length + 256;
}
