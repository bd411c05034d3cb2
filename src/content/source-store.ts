import { closeSync, mkdtempSync, openSync, readSync, rmSync, write, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Keeps the exact bytes of every article version the catalogue serves, keyed by content hash.
 *
 * Why a copy at all: bodies are not held in memory (100,000 of them would not fit the budget),
 * so they are re-read when a feed needs them. But the file on disk may since have been
 * overwritten with a broken version, and the contract is to keep serving the last good one.
 * Only a copy taken when the good version was read can do that.
 */
export interface SourceStore {
  /** Remember `bytes` under `hash` (idempotent). */
  put(hash: string, bytes: Uint8Array): void;
  /** The bytes stored under `hash`, or undefined. */
  get(hash: string): Uint8Array | undefined;
  /** Keep only these hashes; may reclaim space. */
  retain(live: ReadonlySet<string>): void;
  /** Bytes held (memory store) or live in the pack file (disk store). */
  readonly size: number;
  close(): void;
}

/** Everything in memory: for tests, small folders and the static build. */
export function createMemorySourceStore(): SourceStore {
  const entries = new Map<string, Uint8Array>();
  let size = 0;
  return {
    put(hash, bytes) {
      if (entries.has(hash)) return;
      entries.set(hash, bytes);
      size += bytes.length;
    },
    get: (hash) => entries.get(hash),
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
  };
}

interface PackEntry {
  readonly offset: number;
  readonly length: number;
}

export interface PackOptions {
  /** Where the pack's private folder goes. */
  readonly parentDir?: string;
  /**
   * Bytes of sources kept in memory before spilling to the pack. Copying into the page cache
   * costs more CPU than the whole parse of a small folder, and the bytes are already in memory
   * when they are read, so keeping a bounded amount there is free; past it, memory stays flat.
   */
  readonly memoryBytes?: number;
}

/**
 * Sources in memory up to a budget, then in an append-only pack file in a private temp folder:
 * one sequential write per stored version (no inode per file) and one positioned read to get it
 * back, a few dozen bytes of memory per article whatever the body size. Writes go to the thread
 * pool; until a write lands its bytes stay in memory, and if it fails (a full disk) they simply
 * stay there. When more than half of the pack is dead, `retain` rewrites the live entries.
 */
export function createPackSourceStore(options: PackOptions = {}): SourceStore {
  const parentDir = options.parentDir ?? tmpdir();
  const memoryBudget = options.memoryBytes ?? 128 * 1024 * 1024;
  /** Sources kept in memory by choice (within the budget). */
  const resident = new Map<string, Uint8Array>();
  let residentBytes = 0;
  const dir = mkdtempSync(join(parentDir, "feedmill-"));
  let generation = 0;
  let fd = openSync(join(dir, `pack-${generation}`), "w+");
  let entries = new Map<string, PackEntry>();
  /** Bytes not (yet, or ever) in the pack: writes in flight and writes that failed. */
  const inMemory = new Map<string, Uint8Array>();
  let writing = 0;
  let end = 0;
  let live = 0;
  let closed = false;

  function readEntry(from: number, entry: PackEntry): Uint8Array {
    const bytes = new Uint8Array(entry.length);
    let done = 0;
    while (done < entry.length) {
      const n = readSync(from, bytes, done, entry.length - done, entry.offset + done);
      if (n === 0) break;
      done += n;
    }
    return bytes;
  }

  function writeAll(target: number, at: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length)
      done += writeSync(target, bytes, done, bytes.length - done, at + done);
  }

  function compact(): void {
    const nextFd = openSync(join(dir, `pack-${generation + 1}`), "w+");
    const next = new Map<string, PackEntry>();
    let offset = 0;
    for (const [hash, entry] of entries) {
      writeAll(nextFd, offset, readEntry(fd, entry));
      next.set(hash, { offset, length: entry.length });
      offset += entry.length;
    }
    closeSync(fd);
    rmSync(join(dir, `pack-${generation}`), { force: true });
    generation += 1;
    fd = nextFd;
    entries = next;
    end = offset;
  }

  return {
    put(hash, bytes) {
      if (resident.has(hash) || entries.has(hash) || inMemory.has(hash)) return;
      if (residentBytes + bytes.length <= memoryBudget) {
        resident.set(hash, bytes);
        residentBytes += bytes.length;
        live += bytes.length;
        return;
      }
      const entry: PackEntry = { offset: end, length: bytes.length };
      end += bytes.length;
      live += bytes.length;
      inMemory.set(hash, bytes);
      writing += 1;
      const target = fd;
      write(target, bytes, 0, bytes.length, entry.offset, (error, written) => {
        writing -= 1;
        if (closed || target !== fd || error || written !== bytes.length) return;
        if (inMemory.get(hash) !== bytes) return;
        inMemory.delete(hash);
        entries.set(hash, entry);
      });
    },
    get(hash) {
      const pending = resident.get(hash) ?? inMemory.get(hash);
      if (pending) return pending;
      const entry = entries.get(hash);
      return entry ? readEntry(fd, entry) : undefined;
    },
    retain(keep) {
      for (const [hash, entry] of entries) {
        if (!keep.has(hash)) {
          entries.delete(hash);
          live -= entry.length;
        }
      }
      for (const [hash, bytes] of inMemory) {
        if (!keep.has(hash)) {
          inMemory.delete(hash);
          live -= bytes.length;
        }
      }
      for (const [hash, bytes] of resident) {
        if (!keep.has(hash)) {
          resident.delete(hash);
          residentBytes -= bytes.length;
          live -= bytes.length;
        }
      }
      // Compaction rewrites offsets, so it waits until no write is in flight.
      if (writing === 0 && inMemory.size === 0 && end > 64 * 1024 * 1024 && live < end / 2) {
        compact();
      }
    },
    get size() {
      return live;
    },
    close() {
      closed = true;
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
      inMemory.clear();
      resident.clear();
    },
  };
}
