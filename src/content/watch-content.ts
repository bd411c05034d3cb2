import { type Dirent, type FSWatcher, lstatSync, readdirSync, statSync, watch } from "node:fs";
import { join } from "node:path";
import { isIgnoredName } from "./scan-types.js";

/** Change notification for a content folder; the scheduled scan stays the source of truth. */
export interface ContentWatcher {
  /** Folders watched now. */
  readonly folders: number;
  /**
   * Whether `root` now names another folder than the one being watched (a symlink switched to
   * a new release, a volume mounted again): the watches are on the old one and hear nothing.
   */
  moved(): boolean;
  close(): void;
}

export interface WatchOptions {
  /**
   * A batch of paths (relative to the folder, `/`-separated) that something happened to. A path
   * may name a file, a folder, or something already gone; `.` stands for "look at everything".
   */
  readonly onChange: (paths: string[]) => void;
  /** Watching failed (e.g. the inotify watch limit); the watcher has closed itself. */
  readonly onError: (error: Error) => void;
  /**
   * How long to gather events after the first of a batch: a save is often several events in
   * quick succession (create, write, close; or write and rename).
   */
  readonly delayMs?: number;
  /** `fs.watch`, replaceable for tests. */
  readonly watchFolder?: typeof watch;
}

/**
 * Watch every folder under `root` (hidden and editor folders aside) with one non-recursive
 * `fs.watch` each. Node 20's recursive `fs.watch` on Linux sets one inotify watch per file as
 * well as per folder, and the default limit of 8,192 per user (older kernels) or the
 * `max_user_watches` of a container would run out long before 100,000 articles. Per folder, a
 * folder of 100,000 articles in 1,000 sub-folders needs 1,000.
 *
 * Symlinked folders are not followed (their changes reach the service on the next scheduled
 * scan), new folders are watched as they appear, and removed ones are let go.
 */
export function watchContent(root: string, options: WatchOptions): ContentWatcher {
  const watchFolder = options.watchFolder ?? watch;
  const delayMs = options.delayMs ?? 1;
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  function fail(error: Error): void {
    if (closed) return;
    close();
    options.onError(error);
  }

  /** Watch `prefix` (`""` for the root, else `a/b/`) and every folder under it. */
  function add(prefix: string): void {
    const stack = [prefix];
    while (stack.length > 0 && !closed) {
      const folder = stack.pop() as string;
      if (watchers.has(folder)) continue;
      const full = folder === "" ? root : join(root, folder);
      let entries: Dirent[];
      try {
        const watcher = watchFolder(full, { persistent: false }, (_event, name) =>
          noticed(folder, name === null ? null : String(name)),
        );
        watcher.on("error", (error) => forget(folder, error));
        watchers.set(folder, watcher);
        entries = readdirSync(full, { withFileTypes: true });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Gone or unreadable meanwhile: the scan reports what it cannot list.
        if (code === "ENOENT" || code === "ENOTDIR" || code === "EACCES") {
          forget(folder);
          continue;
        }
        fail(error as Error);
        return;
      }
      for (const entry of entries) {
        if (entry.isDirectory() && !isIgnoredName(entry.name)) {
          stack.push(`${folder}${entry.name}/`);
        }
      }
    }
  }

  /** Stop watching `prefix` and everything under it (it was removed or renamed away). */
  function forget(prefix: string, error?: Error): void {
    for (const [folder, watcher] of watchers) {
      if (folder.startsWith(prefix)) {
        watcher.close();
        watchers.delete(folder);
      }
    }
    if (error && prefix === "") fail(error);
  }

  function noticed(folder: string, name: string | null): void {
    if (closed) return;
    if (name !== null && isIgnoredName(name)) return;
    // No name (some platforms, overflowing queues): the folder as a whole, a full scan.
    pending.add(name === null ? folder.replace(/\/$/, "") || "." : folder + name);
    timer ??= setTimeout(flush, delayMs);
  }

  function flush(): void {
    timer = null;
    if (closed) return;
    const paths = [...pending];
    pending = new Set();
    for (const path of paths) {
      if (path === ".") continue;
      let isFolder = false;
      try {
        isFolder = lstatSync(join(root, path)).isDirectory();
      } catch {
        // Gone: if it was a folder, let its watchers go.
      }
      if (isFolder) add(`${path}/`);
      else if (watchers.has(`${path}/`)) forget(`${path}/`);
    }
    if (!closed) options.onChange(paths);
  }

  function close(): void {
    closed = true;
    if (timer) clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  }

  const identity = () => {
    try {
      const stats = statSync(root);
      return `${stats.dev}:${stats.ino}`;
    } catch {
      return null;
    }
  };
  const watched = identity();
  add("");
  return {
    get folders() {
      return watchers.size;
    },
    moved: () => identity() !== watched,
    close,
  };
}
