import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hashSource } from "./hash-source.js";

/** A store that holds bytes (in memory or in a pack), which `withAdoption` wraps. */
export interface HeldStore {
  put(hash: string, bytes: Uint8Array): void;
  get(hash: string): Uint8Array | undefined;
  has(hash: string): boolean;
  retain(live: ReadonlySet<string>): void;
  readonly size: number;
  close(): void;
}

/** The content files said to hold one hash (two files may have the same bytes). */
interface AdoptedFiles {
  readonly root: string;
  readonly paths: string[];
}

function readIfSame(root: string, path: string, hash: string): Buffer | undefined {
  try {
    const bytes = readFileSync(join(root, path));
    return hashSource(bytes) === hash ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Adoption on top of a store that holds bytes. A restart from a saved state stat-s the folder
 * instead of reading it, so the sources of unchanged articles are not in the store yet: they are
 * adopted, served from their files once checked against their hash, and absorbed into the store
 * in the background so that a later broken edit of a file still leaves its last good version.
 */
export class AdoptingStore {
  readonly #store: HeldStore;
  readonly #adopted = new Map<string, AdoptedFiles>();
  readonly #stale: string[] = [];

  constructor(store: HeldStore) {
    this.#store = store;
  }

  put(hash: string, bytes: Uint8Array): void {
    this.#store.put(hash, bytes);
    this.#adopted.delete(hash);
  }

  get(hash: string): Uint8Array | undefined {
    const files = this.#adopted.get(hash);
    return files === undefined ? this.#store.get(hash) : this.#absorb(hash, files);
  }

  adopt(hash: string, root: string, path: string): void {
    if (this.#store.has(hash)) return;
    const files = this.#adopted.get(hash);
    if (files) files.paths.push(path);
    else this.#adopted.set(hash, { root, paths: [path] });
  }

  absorbAdopted(max: number): number {
    let done = 0;
    for (const [hash, files] of this.#adopted) {
      if (done++ >= max) break;
      this.#absorb(hash, files);
    }
    return this.#adopted.size;
  }

  takeStale(): string[] {
    return this.#stale.splice(0);
  }

  retain(live: ReadonlySet<string>): void {
    for (const hash of this.#adopted.keys()) if (!live.has(hash)) this.#adopted.delete(hash);
    this.#store.retain(live);
  }

  get size(): number {
    return this.#store.size;
  }

  close(): void {
    this.#adopted.clear();
    this.#store.close();
  }

  /** Read the files said to hold `hash` until one does; each one that does not is stale. */
  #absorb(hash: string, files: AdoptedFiles): Uint8Array | undefined {
    this.#adopted.delete(hash);
    for (const path of files.paths) {
      const bytes = readIfSame(files.root, path, hash);
      if (bytes === undefined) {
        this.#stale.push(path);
        continue;
      }
      // The files after this one are not read: if one of them changed, a scan will see it.
      this.#store.put(hash, bytes);
      // A plain Uint8Array, as every other `get` gives (not a Buffer).
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return undefined;
  }
}
