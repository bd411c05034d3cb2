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

/** The watches on `root`'s folders, keyed by `a/b/` prefix, and the batch of paths heard. */
class FolderWatches {
  readonly #root: string;
  readonly #options: WatchOptions;
  readonly #watchers = new Map<string, FSWatcher>();
  #pending = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(root: string, options: WatchOptions) {
    this.#root = root;
    this.#options = options;
  }

  get size(): number {
    return this.#watchers.size;
  }

  /** Watch `prefix` (`""` for the root, else `a/b/`) and every folder under it. */
  add(prefix: string): void {
    const stack = [prefix];
    while (stack.length > 0 && !this.#closed) {
      const folder = stack.pop() as string;
      if (this.#watchers.has(folder)) continue;
      const entries = this.#watch(folder);
      for (const entry of entries ?? []) {
        if (entry.isDirectory() && !isIgnoredName(entry.name)) {
          stack.push(`${folder}${entry.name}/`);
        }
      }
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }

  /** Watch one folder and list it; null when it is gone, unreadable, or watching failed. */
  #watch(folder: string): Dirent[] | null {
    const full = folder === "" ? this.#root : join(this.#root, folder);
    const watchFolder = this.#options.watchFolder ?? watch;
    try {
      const watcher = watchFolder(full, { persistent: false }, (_event, name) =>
        this.#noticed(folder, name === null ? null : String(name)),
      );
      watcher.on("error", (error) => this.#forget(folder, error));
      this.#watchers.set(folder, watcher);
      return readdirSync(full, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Gone or unreadable meanwhile: the scan reports what it cannot list.
      if (code === "ENOENT" || code === "ENOTDIR" || code === "EACCES") this.#forget(folder);
      else this.#fail(error as Error);
      return null;
    }
  }

  #fail(error: Error): void {
    if (this.#closed) return;
    this.close();
    this.#options.onError(error);
  }

  /** Stop watching `prefix` and everything under it (it was removed or renamed away). */
  #forget(prefix: string, error?: Error): void {
    for (const [folder, watcher] of this.#watchers) {
      if (folder.startsWith(prefix)) {
        watcher.close();
        this.#watchers.delete(folder);
      }
    }
    if (error && prefix === "") this.#fail(error);
  }

  #noticed(folder: string, name: string | null): void {
    if (this.#closed) return;
    if (name !== null && isIgnoredName(name)) return;
    // No name (some platforms, overflowing queues): the folder as a whole, a full scan.
    this.#pending.add(name === null ? folder.replace(/\/$/, "") || "." : folder + name);
    this.#timer ??= setTimeout(() => this.#flush(), this.#options.delayMs ?? 1);
  }

  #flush(): void {
    this.#timer = null;
    if (this.#closed) return;
    const paths = [...this.#pending];
    this.#pending = new Set();
    for (const path of paths) {
      if (path === ".") continue;
      let isFolder = false;
      try {
        isFolder = lstatSync(join(this.#root, path)).isDirectory();
      } catch {
        // Gone: if it was a folder, let its watchers go.
      }
      if (isFolder) this.add(`${path}/`);
      else if (this.#watchers.has(`${path}/`)) this.#forget(`${path}/`);
    }
    if (!this.#closed) this.#options.onChange(paths);
  }
}

/** The folder's device and inode, or null when it cannot be stat-ed. */
function identityOf(root: string): string | null {
  try {
    const stats = statSync(root);
    return `${stats.dev}:${stats.ino}`;
  } catch {
    return null;
  }
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
  const watches = new FolderWatches(root, options);
  const watched = identityOf(root);
  watches.add("");
  return {
    get folders() {
      return watches.size;
    },
    moved: () => identityOf(root) !== watched,
    close: () => watches.close(),
  };
}
