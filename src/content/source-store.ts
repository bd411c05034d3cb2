import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashSource } from "../catalogue/update-catalogue.js";

/**
 * Keeps the exact bytes of every article version the catalogue serves, keyed by content hash.
 *
 * Why a copy at all: bodies are not held in memory (100,000 of them would not fit the budget),
 * so they are re-read when a feed needs them. But the file on disk may since have been
 * overwritten with a broken version, and the contract is to keep serving the last good one.
 * Only a copy taken when the good version was read can do that.
 */
export interface SourceStore {
  /**
   * Remember a copy of `bytes` under `hash` (idempotent); the caller may reuse its buffer.
   * Throws when it cannot (the temp folder is full), leaving the store as it was.
   */
  put(hash: string, bytes: Uint8Array): void;
  /** The bytes stored under `hash`, or undefined. */
  get(hash: string): Uint8Array | undefined;
  /**
   * Take `hash` on trust from a content file (`path` under `root`) that held those bytes when a
   * saved state was written, without reading it now. The first `get` of it, or `absorbAdopted`,
   * reads the file and keeps the bytes only if they still hash to `hash`; if not, the path is
   * reported by `takeStale` and `get` answers undefined.
   */
  adopt(hash: string, root: string, path: string): void;
  /** Read up to `max` adopted files into the store; returns how many are still adopted. */
  absorbAdopted(max: number): number;
  /** Paths of adopted files found changed since they were adopted (each reported once). */
  takeStale(): string[];
  /** Keep only these hashes; may reclaim space. */
  retain(live: ReadonlySet<string>): void;
  /** Bytes held (memory store) or live in the pack file (disk store); adopted files not counted. */
  readonly size: number;
  close(): void;
}

type HeldStore = Omit<SourceStore, "adopt" | "absorbAdopted" | "takeStale"> & {
  has(hash: string): boolean;
};

/**
 * Adoption on top of a store that holds bytes. A restart from a saved state stat-s the folder
 * instead of reading it, so the sources of unchanged articles are not in the store yet: they are
 * adopted, served from their files once checked against their hash, and absorbed into the store
 * in the background so that a later broken edit of a file still leaves its last good version.
 */
function withAdoption(store: HeldStore): SourceStore {
  // By hash, every file said to hold it (two files may have the same bytes).
  const adopted = new Map<string, { readonly root: string; readonly paths: string[] }>();
  const stale: string[] = [];

  function readIfSame(root: string, path: string, hash: string): Buffer | undefined {
    try {
      const bytes = readFileSync(join(root, path));
      return hashSource(bytes) === hash ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  /** Read the files said to hold `hash` until one does; each one that does not is stale. */
  function absorb(hash: string, files: { readonly root: string; readonly paths: string[] }) {
    adopted.delete(hash);
    for (const path of files.paths) {
      const bytes = readIfSame(files.root, path, hash);
      if (bytes === undefined) {
        stale.push(path);
        continue;
      }
      // The files after this one are not read: if one of them changed, a scan will see it.
      store.put(hash, bytes);
      // A plain Uint8Array, as every other `get` gives (not a Buffer).
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return undefined;
  }

  return {
    put(hash, bytes) {
      store.put(hash, bytes);
      adopted.delete(hash);
    },
    get(hash) {
      const file = adopted.get(hash);
      return file === undefined ? store.get(hash) : absorb(hash, file);
    },
    adopt(hash, root, path) {
      if (store.has(hash)) return;
      const files = adopted.get(hash);
      if (files) files.paths.push(path);
      else adopted.set(hash, { root, paths: [path] });
    },
    absorbAdopted(max) {
      let done = 0;
      for (const [hash, file] of adopted) {
        if (done++ >= max) break;
        absorb(hash, file);
      }
      return adopted.size;
    },
    takeStale: () => stale.splice(0),
    retain(live) {
      for (const hash of adopted.keys()) if (!live.has(hash)) adopted.delete(hash);
      store.retain(live);
    },
    get size() {
      return store.size;
    },
    close() {
      adopted.clear();
      store.close();
    },
  };
}

/** Everything in memory: for tests, small folders and the static build. */
export function createMemorySourceStore(): SourceStore {
  const entries = new Map<string, Uint8Array>();
  let size = 0;
  return withAdoption({
    put(hash, bytes) {
      if (entries.has(hash)) return;
      // A copy in an ArrayBuffer of its own (never a slice of Node's shared pool).
      entries.set(hash, new Uint8Array(bytes));
      size += bytes.length;
    },
    get: (hash) => entries.get(hash),
    has: (hash) => entries.has(hash),
    retain(live) {
      for (const [hash, bytes] of entries) {
        if (!live.has(hash)) {
          entries.delete(hash);
          size -= bytes.length;
        }
      }
    },
    get size() {
      return size;
    },
    close() {
      entries.clear();
      size = 0;
    },
  });
}

interface PackEntry {
  readonly offset: number;
  readonly length: number;
}

export interface PackOptions {
  /** Where the pack's private folder goes. */
  readonly parentDir?: string;
  /** `fs.writeSync` as the pack calls it; a test passes one that fails as a full disk does. */
  readonly writeSync?: (
    fd: number,
    bytes: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ) => number;
}

/**
 * Sources in an append-only pack file in a private temp folder: written in 1 MiB blocks (a few
 * syscalls per thousand articles, no inode per file), read back with one positioned read, a few
 * dozen bytes of memory per article whatever the body size. A small site's sources all sit in
 * the block being filled. When more than half of the pack is dead, `retain` rewrites the live
 * entries into a new pack.
 *
 * Nothing is kept in memory beyond the block: the scan lends each file's bytes from one reused
 * buffer, so keeping a source would cost a copy just as writing it to the pack does, and the
 * sources once kept in memory were a large share of the peak RSS. Reading a source back (a
 * positioned read from the page cache) costs little next to cleaning and rendering its body.
 */
export function createPackSourceStore(options: PackOptions = {}): SourceStore {
  const parentDir = options.parentDir ?? tmpdir();
  const write = options.writeSync ?? writeSync;
  const BLOCK = 1024 * 1024;
  const dir = mkdtempSync(join(parentDir, "feedmill-"));
  let generation = 0;
  let fd = openSync(join(dir, `pack-${generation}`), "w+");
  let entries = new Map<string, PackEntry>();
  /** The block being filled; entries at or past `blockStart` are read from it. */
  const block = Buffer.allocUnsafe(BLOCK);
  let blockStart = 0;
  let blockUsed = 0;
  let end = 0;
  let live = 0;

  function writeAll(target: number, at: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += write(target, bytes, done, bytes.length - done, at + done);
  }

  function flush(): void {
    if (blockUsed === 0) return;
    writeAll(fd, blockStart, block.subarray(0, blockUsed));
    blockStart += blockUsed;
    blockUsed = 0;
  }

  function append(bytes: Uint8Array): number {
    const offset = end;
    if (bytes.length > BLOCK) {
      flush();
      writeAll(fd, offset, bytes);
      blockStart = offset + bytes.length;
    } else {
      if (blockUsed + bytes.length > BLOCK) flush();
      block.set(bytes, blockUsed);
      blockUsed += bytes.length;
    }
    end += bytes.length;
    return offset;
  }

  function preadAll(from: number, entry: PackEntry): Uint8Array {
    const bytes = new Uint8Array(entry.length);
    let done = 0;
    while (done < entry.length) {
      const n = readSync(from, bytes, done, entry.length - done, entry.offset + done);
      if (n === 0) break;
      done += n;
    }
    return bytes;
  }

  function readEntry(entry: PackEntry): Uint8Array {
    if (entry.offset < blockStart) return preadAll(fd, entry);
    const from = entry.offset - blockStart;
    return new Uint8Array(block.subarray(from, from + entry.length));
  }

  /**
   * Copy the live entries into a new pack one by one (memory stays at one block). If the new
   * pack cannot be written (the temp folder is full), it is dropped and the old one kept whole.
   */
  function compact(): void {
    try {
      flush();
    } catch {
      return;
    }
    const old = { fd, path: join(dir, `pack-${generation}`), blockStart, end };
    const nextPath = join(dir, `pack-${generation + 1}`);
    fd = openSync(nextPath, "w+");
    blockStart = 0;
    end = 0;
    const next = new Map<string, PackEntry>();
    try {
      for (const [hash, entry] of entries) {
        next.set(hash, { offset: append(preadAll(old.fd, entry)), length: entry.length });
      }
      flush();
    } catch {
      closeSync(fd);
      rmSync(nextPath, { force: true });
      ({ fd, blockStart, end } = old);
      blockUsed = 0;
      return;
    }
    generation += 1;
    entries = next;
    closeSync(old.fd);
    rmSync(old.path, { force: true });
  }

  return withAdoption({
    put(hash, bytes) {
      if (entries.has(hash)) return;
      // Counted only once appended: a write that fails leaves the store as it was.
      entries.set(hash, { offset: append(bytes), length: bytes.length });
      live += bytes.length;
    },
    get(hash) {
      const entry = entries.get(hash);
      return entry ? readEntry(entry) : undefined;
    },
    has: (hash) => entries.has(hash),
    retain(keep) {
      for (const [hash, entry] of entries) {
        if (!keep.has(hash)) {
          entries.delete(hash);
          live -= entry.length;
        }
      }
      if (end > 64 * 1024 * 1024 && live < end / 2) compact();
    },
    get size() {
      return live;
    },
    close() {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
      entries.clear();
    },
  });
}
