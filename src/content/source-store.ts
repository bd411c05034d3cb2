import { AdoptingStore } from "./adopt-sources.js";
import { type PackOptions, SourcePack } from "./source-pack.js";

export type { PackOptions };

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

/** Everything in memory: for tests, small folders and the static build. */
export function createMemorySourceStore(): SourceStore {
  const entries = new Map<string, Uint8Array>();
  let size = 0;
  return new AdoptingStore({
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

/** Sources in a pack file in a private temp folder (`SourcePack`), with adoption on top. */
export function createPackSourceStore(options: PackOptions = {}): SourceStore {
  return new AdoptingStore(new SourcePack(options));
}
