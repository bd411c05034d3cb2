import type { ContentError, SourceFile } from "../core/types.js";

/** The extensions that hold articles (docs/format.md); everything else is media or ignored. */
export const ARTICLE_EXTENSIONS: ReadonlySet<string> = new Set([
  ".md",
  ".markdown",
  ".html",
  ".htm",
  ".txt",
]);

/** Editor leftovers and temp files that sit beside articles while someone is writing. */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith(".") ||
    name.startsWith("#") ||
    name.endsWith("~") ||
    name.endsWith(".swp") ||
    name.endsWith(".swx") ||
    name.endsWith(".tmp") ||
    name.endsWith(".part")
  );
}

/** What the last scan saw of a file; only a change here makes the next scan re-read it. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

export type FileIndex = ReadonlyMap<string, FileStamp>;

/**
 * A file whose stamp changed since the last scan, read (or not) this time. `stamp` is what the
 * open descriptor said before reading; it is absent when the file changed during the read or
 * could not be opened, so that the next scan tries again.
 */
export type ReadOutcome = (
  | { readonly file: SourceFile; readonly bytes: Uint8Array }
  | { readonly file: SourceFile; readonly error: ContentError }
) & { readonly stamp?: FileStamp };

export interface ScanResult {
  /** Stamps of every article file seen; the next scan's `previous`. */
  readonly index: FileIndex;
  /** How many new or changed files were read (each went to `onRead`). */
  readonly read: number;
  /** Paths that were in `previous` and are gone. */
  readonly removed: readonly string[];
  /** Problems with the folder itself (unreadable sub-folders, escaping symlinks). */
  readonly problems: readonly ContentError[];
  /** A scan of named paths: the files it looked at (a new folder's articles for the folder). */
  readonly looked?: readonly string[];
}

export interface ScanOptions {
  readonly maxFileBytes: number;
  /** Files read between two yields to the event loop, so serving never stalls for long. */
  readonly batchSize?: number;
  /**
   * Receives each new or changed file as it is read, in path order. Bytes are handed over one
   * file at a time and never collected, so a cold scan's memory does not grow with the folder.
   * They are lent, not given: the next read reuses their memory, so a caller copies what it keeps.
   */
  readonly onRead: (outcome: ReadOutcome) => void;
  /**
   * Every path the caller holds something for (the catalogue), when that is more than
   * `previous`: a file whose last read failed has no stamp, yet its deletion must be noticed.
   */
  readonly known?: Iterable<string>;
  /** Files read ahead at once on a thread of its own, on a scan of many (config `readConcurrency`). */
  readonly readAhead?: number;
  /** Called as files are read (for a progress display). */
  readonly onProgress?: (done: number, total: number) => void;
}
