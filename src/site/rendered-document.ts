import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { sha256Base64url } from "../core/sha256.js";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** One response body, rendered, compressed and hashed once, then sent to every client. */
export interface RenderedDocument {
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  /**
   * Brotli bytes, null for the few milliseconds after the document is ready: brotli-accepting
   * clients get gzip meanwhile. Half of the compression work is not on the path from an edit
   * to its new feed.
   */
  readonly brotli: Buffer | null;
  /** Settles when `brotli` is there too (the static build writes every encoding). */
  readonly complete: Promise<void>;
  /** Strong validator: a hash of the bytes, so replicas agree and restarts change nothing. */
  readonly etag: string;
  /** HTTP date of the newest content change, or null when there is no content date. */
  readonly lastModified: string | null;
  /** Override of the default Cache-Control (e.g. for 404 pages). */
  readonly cacheControl?: string;
}

/**
 * Fixed compression settings: the same bytes in give the same compressed bytes out on every
 * machine, so replicas behind a CDN serve identical representations. Rendering is on the path
 * from a change to the new feed, so the levels are chosen for time: on a 160 KB feed, gzip
 * level 6 is within 0.2 % of level 9's size (49,145 against 49,057 bytes) at ~75 % of its time,
 * and brotli quality 6 within 1 % of quality 9's at a quarter of its time (6 ms against 28 ms).
 * zlib runs on the thread pool.
 * Resolves once the body and gzip are ready; brotli follows (see `complete`).
 */
export async function createRenderedDocument(input: {
  contentType: string;
  text: string;
  lastModified: number;
  cacheControl?: string;
}): Promise<RenderedDocument> {
  const body = Buffer.from(input.text, "utf8");
  const gz = await gzipAsync(body, { level: 6 });
  // Started only now: run beside the gzip of this and the other feeds, on two cores, it would
  // hold them back.
  const brotli = brotliAsync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 6,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const doc: { -readonly [K in keyof RenderedDocument]: RenderedDocument[K] } = {
    contentType: input.contentType,
    body,
    gzip: gz,
    brotli: null,
    complete: brotli.then((bytes) => {
      doc.brotli = bytes;
    }),
    etag: `"${sha256Base64url(body).slice(0, 32)}"`,
    lastModified:
      input.lastModified > 0 ? new Date(Math.floor(input.lastModified)).toUTCString() : null,
    ...(input.cacheControl ? { cacheControl: input.cacheControl } : {}),
  };
  // A failed brotli leaves gzip serving; the static build, which awaits it, reports it.
  doc.complete.catch(() => {});
  return doc;
}

/** Bytes a document holds, for cache accounting (brotli, when still coming, as big as gzip). */
export function documentWeight(doc: RenderedDocument): number {
  return doc.body.length + doc.gzip.length + (doc.brotli ?? doc.gzip).length + 256;
}
