import { type Dirent, lstatSync, readdirSync, type Stats } from "node:fs";
import { extname, join } from "node:path";
import { editMap } from "../lib/overlay-map.js";
import { ReadBuffer, readSource, sameStamp, stampOf } from "./read-source.js";
import {
  ARTICLE_EXTENSIONS,
  type FileIndex,
  isIgnoredName,
  type ScanOptions,
  type ScanResult,
} from "./scan-types.js";

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
 * The article files under `prefix` (`a/b/`), a folder no scan has seen; null when only a full
 * scan handles it (a symlink, a folder it cannot list, over `MAX_NEW_FOLDER_FILES` articles).
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
 * The named paths with their `lstat`, a new folder replaced by its article files (not stat-ed);
 * null when one needs a full scan: `.`, a symlink, a known folder, one `listNewFolder` refuses.
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
