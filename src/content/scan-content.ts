import type { ContentError } from "../core/types.js";
import { listArticleFiles, yieldToEventLoop } from "./list-articles.js";
import { ReadAhead } from "./read-ahead.js";
import { ReadBuffer, readSource, sameStamp } from "./read-source.js";
import type { FileIndex, FileStamp, ScanOptions, ScanResult } from "./scan-types.js";

export { scanPaths } from "./scan-paths.js";
export {
  ARTICLE_EXTENSIONS,
  type FileIndex,
  type FileStamp,
  isIgnoredName,
  type ReadOutcome,
  type ScanOptions,
  type ScanResult,
} from "./scan-types.js";

/**
 * Scan `root` against the previous index: stat everything, read only new or changed files.
 * mtime and size decide what to re-read and nothing else: they never become content.
 * Never throws for a file; throws only when the folder itself is missing or unreadable.
 */
export async function scanContent(
  root: string,
  previous: FileIndex,
  options: ScanOptions,
): Promise<ScanResult> {
  const batchSize = options.batchSize ?? 256;
  const problems: ContentError[] = [];
  const unlisted: string[] = [];
  const found = await listArticleFiles(root, previous, problems, unlisted, batchSize * 4);
  const index = new Map<string, FileStamp>();
  const toRead: string[] = [];
  for (const [path, stamp] of found) {
    const known = previous.get(path);
    // The old stamp, not the equal new one: the new one then dies young instead of being kept.
    if (stamp && known && sameStamp(known, stamp)) index.set(path, known);
    else toRead.push(path);
  }
  // Only what is read needs an order (reads reach the catalogue in path order).
  toRead.sort();
  let reads = 0;
  const buffer = new ReadBuffer();
  const ahead = new ReadAhead(toRead, {
    root,
    concurrency: options.readAhead ?? 0,
    maxBytes: options.maxFileBytes,
  });
  try {
    for (const path of toRead) {
      if (++reads % batchSize === 0) {
        options.onProgress?.(reads, toRead.length);
        await yieldToEventLoop();
      }
      const outcome = ahead.read(reads - 1, () =>
        readSource(root, path, options.maxFileBytes, buffer),
      );
      if (outcome.stamp) index.set(path, outcome.stamp);
      options.onRead(outcome);
    }
  } finally {
    ahead.stop();
  }
  options.onProgress?.(toRead.length, toRead.length);
  // An unstamped file stays out of the index: the next scan sees it as new and reads it again.
  // A sub-folder that could not be listed this time is not evidence that its files are gone:
  // they keep their stamps (and the catalogue its articles) until it can be listed again.
  const isUnlisted = (path: string) => unlisted.some((prefix) => path.startsWith(prefix));
  const removed: string[] = [];
  for (const path of options.known ?? previous.keys()) {
    if (found.has(path)) continue;
    if (unlisted.length > 0 && isUnlisted(path)) {
      const stamp = previous.get(path);
      if (stamp) index.set(path, stamp);
      continue;
    }
    removed.push(path);
  }
  removed.sort();
  return { index, read: reads, removed, problems };
}
