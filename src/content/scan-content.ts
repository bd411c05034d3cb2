import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { contentError } from "../core/parse/content-error.js";
import type { ContentError, SourceFile } from "../core/types.js";
import { editMap } from "../lib/overlay-map.js";

/** The extensions that hold articles (docs/format.md); everything else is media or ignored. */
export const ARTICLE_EXTENSIONS: ReadonlySet<string> = new Set([
  ".md",
  ".markdown",
  ".html",
  ".htm",
  ".txt",
]);

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
  /** Called as files are read (for a progress display). */
  readonly onProgress?: (done: number, total: number) => void;
}

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

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(`..${sep}`) && rel !== "..");
}

/**
 * Walk the content folder and return every article file with its stamp. Symlinks are followed
 * only while they resolve inside the folder (a link out of it is reported, never read), and a
 * folder reached twice through links is walked once. A plain file the previous scan did not
 * know is not stat-ed here (`null`): it is read anyway, and the read stats it.
 */
async function listArticleFiles(
  root: string,
  previous: FileIndex,
  problems: ContentError[],
  unlisted: string[],
  batchSize: number,
): Promise<Map<string, FileStamp | null>> {
  const realRoot = realpathSync(root);
  const found = new Map<string, FileStamp | null>();
  const seenDirs = new Set<string>([realRoot]);
  // Paths are built by concatenation (POSIX, relative to root): this loop runs per file.
  const pending: string[] = [""];
  let work = 0;
  while (pending.length > 0) {
    const prefix = pending.pop() as string;
    const dir = prefix === "" ? root : join(root, prefix);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const path = prefix === "" ? "." : prefix.slice(0, -1);
      problems.push(contentError(path, "read-failed", `cannot list folder: ${describe(error)}`));
      unlisted.push(prefix);
      continue;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (isIgnoredName(name)) continue;
      const path = prefix + name;
      if (++work % batchSize === 0) await yieldToEventLoop();
      if (entry.isDirectory()) {
        pending.push(`${path}/`);
        continue;
      }
      const isLink = entry.isSymbolicLink();
      if (!isLink && !entry.isFile()) continue;
      const isArticle = ARTICLE_EXTENSIONS.has(extname(name).toLowerCase());
      if (!isLink && !isArticle) continue;
      if (!isLink && !previous.has(path)) {
        found.set(path, null);
        continue;
      }
      let stats: Stats;
      try {
        const full = `${dir}${sep}${name}`;
        if (isLink) {
          const target = realpathSync(full);
          if (!isInside(realRoot, target)) {
            problems.push(
              contentError(path, "read-failed", "symlink points outside the content folder"),
            );
            continue;
          }
          stats = statSync(target);
          if (stats.isDirectory()) {
            if (!seenDirs.has(target)) {
              seenDirs.add(target);
              pending.push(`${path}/`);
            }
            continue;
          }
          if (!isArticle) continue;
        } else {
          stats = statSync(full);
        }
      } catch (error) {
        // Vanished between readdir and stat, or a dangling link: simply not there this time.
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
        problems.push(contentError(path, "read-failed", describe(error)));
        continue;
      }
      if (!stats.isFile()) continue;
      found.set(path, stampOf(stats));
    }
  }
  return found;
}

function describe(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (err.code === "EACCES" || err.code === "EPERM") return "permission denied";
  if (err.code === "EISDIR") return "is a folder, not a file";
  if (err.code === "ENOENT") return "file vanished while being read";
  return err.code ? `${err.code}: ${err.message}` : String(err.message ?? error);
}

function stampOf(stats: Stats): FileStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
}

function sameStamp(a: FileStamp | undefined, b: FileStamp): boolean {
  return a !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/**
 * One buffer that every read of a scan fills in turn, grown to the largest file: no dead buffer
 * per file waits for the garbage collector, which V8 collects late and which add up in RSS.
 */
class ReadBuffer {
  private bytes = Buffer.allocUnsafeSlow(64 * 1024);

  /** A view of `size` bytes, valid until the next call; not zero-filled (every byte is read over). */
  take(size: number): Buffer {
    if (size > this.bytes.length) {
      this.bytes = Buffer.allocUnsafeSlow(Math.max(size, this.bytes.length * 2));
    }
    return this.bytes.subarray(0, size);
  }
}

/**
 * Read one file, refusing more than `maxFileBytes` without allocating it. The file is stat-ed
 * through the open descriptor before and after the read: if it changed meanwhile (a writer is
 * mid-way), the stamp returned is the pre-read one, so the next scan reads it again.
 */
function readSource(
  root: string,
  path: string,
  maxFileBytes: number,
  buffer: ReadBuffer,
): ReadOutcome {
  let fd: number | undefined;
  const fallback: SourceFile = { path, size: 0, mtimeMs: 0 };
  try {
    // O_NONBLOCK: a file swapped for a FIFO after its stat must not hold the engine's thread.
    fd = openSync(join(root, path), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const before = fstatSync(fd);
    const file: SourceFile = { path, size: before.size, mtimeMs: before.mtimeMs };
    const stamp = stampOf(before);
    if (!before.isFile()) return { file, error: contentError(path, "read-failed", "not a file") };
    if (before.size > maxFileBytes) {
      const reason = `file is ${before.size} bytes, over the ${maxFileBytes}-byte limit (maxFileBytes)`;
      return { file, stamp, error: contentError(path, "too-large", reason) };
    }
    const bytes = buffer.take(before.size);
    let offset = 0;
    while (offset < bytes.length) {
      const n = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    const after = fstatSync(fd);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || offset !== before.size) {
      // Changed under us: report what we got, unstamped so that the next scan looks again.
      return { file, bytes: bytes.subarray(0, offset) };
    }
    return { file, stamp, bytes };
  } catch (error) {
    return { file: fallback, error: contentError(path, "read-failed", describe(error)) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

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
  for (const path of toRead) {
    if (++reads % batchSize === 0) {
      options.onProgress?.(reads, toRead.length);
      await yieldToEventLoop();
    }
    const outcome = readSource(root, path, options.maxFileBytes, buffer);
    if (outcome.stamp) index.set(path, outcome.stamp);
    options.onRead(outcome);
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

/** `lstat` of a named path: its stats, `gone`, or null for an error only a full scan can sort out. */
function lstatNamed(root: string, path: string): Stats | "gone" | null {
  try {
    return lstatSync(join(root, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "gone" : null;
  }
}

/** More articles than this in a new folder go to a full scan, which yields to serving. */
const MAX_NEW_FOLDER_FILES = 1000;

/**
 * The article files under `prefix` (`a/b/`), a folder no scan has seen, in any order; null when
 * it holds what only a full scan handles (a symlink, a folder it cannot list) or more than
 * `MAX_NEW_FOLDER_FILES` articles.
 */
function listNewFolder(root: string, prefix: string): string[] | null {
  const files: string[] = [];
  const pending = [prefix];
  while (pending.length > 0) {
    const folder = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, folder), { withFileTypes: true });
    } catch {
      return null;
    }
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      const path = folder + entry.name;
      if (entry.isSymbolicLink()) return null;
      if (entry.isDirectory()) pending.push(`${path}/`);
      else if (entry.isFile() && ARTICLE_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        files.push(path);
        if (files.length > MAX_NEW_FOLDER_FILES) return null;
      }
    }
  }
  return files;
}

/**
 * The named paths with what `lstat` said of each (undefined for a new folder's files, which
 * are not stat-ed yet), a named folder that is new (nothing known under it; the first article
 * of a month in a `2026/12/` layout) replaced by the article files in it. Null when a path needs
 * a full scan: `.`, a symlink, a known folder (renamed, or changed as a whole), a folder
 * `listNewFolder` leaves alone, or a known folder that vanished.
 */
function expandNames(
  root: string,
  paths: Iterable<string>,
  previous: FileIndex,
  known: Pick<ReadonlySet<string>, "has" | "keys">,
): Map<string, Stats | "gone" | undefined> | null {
  const names = new Map<string, Stats | "gone" | undefined>();
  const hasKnownUnder = (folder: string): boolean => {
    for (const path of known.keys()) if (path.startsWith(folder)) return true;
    return false;
  };
  for (const path of paths) {
    // The folder itself (a change notification that could not name what changed).
    if (path === ".") return null;
    if (path.split("/").some((name) => name === "" || name === ".." || isIgnoredName(name))) {
      continue;
    }
    const stats = lstatNamed(root, path);
    if (stats === null) return null;
    if (stats === "gone") {
      // A file the scan below drops, or a folder whose files only a full scan finds.
      if (!previous.has(path) && !known.has(path) && hasKnownUnder(`${path}/`)) return null;
      names.set(path, stats);
      continue;
    }
    if (stats.isSymbolicLink()) return null;
    if (!stats.isDirectory()) {
      names.set(path, stats);
      continue;
    }
    if (hasKnownUnder(`${path}/`)) return null;
    const files = listNewFolder(root, `${path}/`);
    if (files === null) return null;
    for (const file of files) if (!names.has(file)) names.set(file, undefined);
  }
  return names;
}

/**
 * Look again at just `paths` (relative to `root`, `/`-separated), as a change notification named
 * them, against the previous index; everything else keeps its stamp. A named file is stat-ed and
 * read only if its stamp changed, exactly as a full scan would; a new folder is listed and its
 * articles read. Returns null when a path needs a full scan (see `expandNames`). Folder problems
 * are not looked for; the caller keeps those of its last full scan.
 */
export function scanPaths(
  root: string,
  previous: FileIndex,
  paths: Iterable<string>,
  options: Pick<ScanOptions, "maxFileBytes" | "onRead"> & {
    /**
     * Every path the caller holds something for (the catalogue's keys, or the catalogue): all
     * of `previous`'s, and files whose last read failed.
     */
    readonly known: Pick<ReadonlySet<string>, "has" | "keys">;
  },
): ScanResult | null {
  const names = expandNames(root, paths, previous, options.known);
  if (names === null) return null;
  const index = editMap(previous);
  const removed: string[] = [];
  const buffer = new ReadBuffer();
  let reads = 0;
  // In path order, as a full scan reads them.
  const looked = [...names.keys()].sort();
  for (const path of looked) {
    const stats = names.get(path) ?? lstatNamed(root, path);
    if (stats === null) return null;
    if (stats === "gone") {
      if (previous.has(path) || options.known.has(path)) {
        index.delete(path);
        removed.push(path);
      }
      continue;
    }
    if (!stats.isFile()) {
      // A new folder's entry replaced by a folder or a link since it was listed.
      if (stats.isDirectory() || stats.isSymbolicLink()) return null;
      continue;
    }
    if (!ARTICLE_EXTENSIONS.has(extname(path).toLowerCase())) continue;
    if (sameStamp(previous.get(path), stampOf(stats))) continue;
    const outcome = readSource(root, path, options.maxFileBytes, buffer);
    reads += 1;
    if (outcome.stamp) index.set(path, outcome.stamp);
    else index.delete(path);
    options.onRead(outcome);
  }
  return { index: index.done(), read: reads, removed, problems: [], looked };
}
