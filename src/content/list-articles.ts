import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { contentError } from "../core/parse/content-error.js";
import type { ContentError } from "../core/types.js";
import { describeError, stampOf } from "./read-source.js";
import { ARTICLE_EXTENSIONS, type FileIndex, type FileStamp, isIgnoredName } from "./scan-types.js";

export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => setImmediate(resolve));

/** One walk of the content folder: what it has found so far and what is left to list. */
interface Walk {
  readonly realRoot: string;
  readonly previous: FileIndex;
  readonly problems: ContentError[];
  readonly found: Map<string, FileStamp | null>;
  /** Real paths of the folders queued, so a folder reached twice through links is walked once. */
  readonly seenDirs: Set<string>;
  /** Folders still to list, as `a/b/` prefixes (`""` for the root). */
  readonly pending: string[];
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(`..${sep}`) && rel !== "..");
}

/** The entries of one folder, or null (reported) when it cannot be listed. */
function listFolder(walk: Walk, dir: string, prefix: string): Dirent[] | null {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const path = prefix === "" ? "." : prefix.slice(0, -1);
    const reason = `cannot list folder: ${describeError(error)}`;
    walk.problems.push(contentError(path, "read-failed", reason));
    return null;
  }
}

/** A symlink's target if it is a file to stamp; a folder it leads to is queued instead. */
function followLink(walk: Walk, full: string, path: string, isArticle: boolean): Stats | null {
  const target = realpathSync(full);
  if (!isInside(walk.realRoot, target)) {
    walk.problems.push(
      contentError(path, "read-failed", "symlink points outside the content folder"),
    );
    return null;
  }
  const stats = statSync(target);
  if (stats.isDirectory()) {
    if (!walk.seenDirs.has(target)) {
      walk.seenDirs.add(target);
      walk.pending.push(`${path}/`);
    }
    return null;
  }
  return isArticle ? stats : null;
}

/** Queue a folder, or record an article file with its stamp (null: not stat-ed, read anyway). */
function visitEntry(walk: Walk, dir: string, prefix: string, entry: Dirent): void {
  const name = entry.name;
  const path = prefix + name;
  if (entry.isDirectory()) {
    walk.pending.push(`${path}/`);
    return;
  }
  const isLink = entry.isSymbolicLink();
  if (!isLink && !entry.isFile()) return;
  const isArticle = ARTICLE_EXTENSIONS.has(extname(name).toLowerCase());
  if (!isLink && !isArticle) return;
  if (!isLink && !walk.previous.has(path)) {
    walk.found.set(path, null);
    return;
  }
  let stats: Stats | null;
  try {
    const full = `${dir}${sep}${name}`;
    stats = isLink ? followLink(walk, full, path, isArticle) : statSync(full);
  } catch (error) {
    // Vanished between readdir and stat, or a dangling link: simply not there this time.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    walk.problems.push(contentError(path, "read-failed", describeError(error)));
    return;
  }
  if (stats === null || !stats.isFile()) return;
  walk.found.set(path, stampOf(stats));
}

/**
 * Every article file under `root` with its stamp. Symlinks are followed only while they resolve
 * inside the folder; a plain file the previous scan did not know is not stat-ed here (`null`).
 * Folders that cannot be listed go to `problems`, and their prefixes to `unlisted`.
 */
export async function listArticleFiles(
  root: string,
  previous: FileIndex,
  problems: ContentError[],
  unlisted: string[],
  batchSize: number,
): Promise<Map<string, FileStamp | null>> {
  const realRoot = realpathSync(root);
  const walk: Walk = {
    realRoot,
    previous,
    problems,
    found: new Map(),
    seenDirs: new Set([realRoot]),
    // Paths are built by concatenation (POSIX, relative to root): the walk runs per file.
    pending: [""],
  };
  let work = 0;
  while (walk.pending.length > 0) {
    const prefix = walk.pending.pop() as string;
    const dir = prefix === "" ? root : join(root, prefix);
    const entries = listFolder(walk, dir, prefix);
    if (entries === null) {
      unlisted.push(prefix);
      continue;
    }
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      if (++work % batchSize === 0) await yieldToEventLoop();
      visitEntry(walk, dir, prefix, entry);
    }
  }
  return walk.found;
}
