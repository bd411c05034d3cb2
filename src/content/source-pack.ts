import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HeldStore } from "./adopt-sources.js";

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

interface PackEntry {
  readonly offset: number;
  readonly length: number;
}

const BLOCK = 1024 * 1024;
/** Below this the pack is never compacted, however much of it is dead. */
const COMPACT_FROM = 64 * 1024 * 1024;

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
export class SourcePack implements HeldStore {
  readonly #write: NonNullable<PackOptions["writeSync"]>;
  readonly #dir: string;
  #generation = 0;
  #fd: number;
  #entries = new Map<string, PackEntry>();
  /** The block being filled; entries at or past `#blockStart` are read from it. */
  readonly #block = Buffer.allocUnsafe(BLOCK);
  #blockStart = 0;
  #blockUsed = 0;
  #end = 0;
  #live = 0;

  constructor(options: PackOptions = {}) {
    this.#write = options.writeSync ?? writeSync;
    this.#dir = mkdtempSync(join(options.parentDir ?? tmpdir(), "feedmill-"));
    this.#fd = openSync(this.#packPath(this.#generation), "w+");
  }

  put(hash: string, bytes: Uint8Array): void {
    if (this.#entries.has(hash)) return;
    // Counted only once appended: a write that fails leaves the store as it was.
    this.#entries.set(hash, { offset: this.#append(bytes), length: bytes.length });
    this.#live += bytes.length;
  }

  get(hash: string): Uint8Array | undefined {
    const entry = this.#entries.get(hash);
    return entry ? this.#readEntry(entry) : undefined;
  }

  has(hash: string): boolean {
    return this.#entries.has(hash);
  }

  retain(keep: ReadonlySet<string>): void {
    for (const [hash, entry] of this.#entries) {
      if (!keep.has(hash)) {
        this.#entries.delete(hash);
        this.#live -= entry.length;
      }
    }
    if (this.#end > COMPACT_FROM && this.#live < this.#end / 2) this.#compact();
  }

  get size(): number {
    return this.#live;
  }

  close(): void {
    closeSync(this.#fd);
    rmSync(this.#dir, { recursive: true, force: true });
    this.#entries.clear();
  }

  #packPath(generation: number): string {
    return join(this.#dir, `pack-${generation}`);
  }

  #writeAll(at: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) {
      done += this.#write(this.#fd, bytes, done, bytes.length - done, at + done);
    }
  }

  #flush(): void {
    if (this.#blockUsed === 0) return;
    this.#writeAll(this.#blockStart, this.#block.subarray(0, this.#blockUsed));
    this.#blockStart += this.#blockUsed;
    this.#blockUsed = 0;
  }

  #append(bytes: Uint8Array): number {
    const offset = this.#end;
    if (bytes.length > BLOCK) {
      this.#flush();
      this.#writeAll(offset, bytes);
      this.#blockStart = offset + bytes.length;
    } else {
      if (this.#blockUsed + bytes.length > BLOCK) this.#flush();
      this.#block.set(bytes, this.#blockUsed);
      this.#blockUsed += bytes.length;
    }
    this.#end += bytes.length;
    return offset;
  }

  #readEntry(entry: PackEntry): Uint8Array {
    if (entry.offset < this.#blockStart) return preadAll(this.#fd, entry);
    const from = entry.offset - this.#blockStart;
    return new Uint8Array(this.#block.subarray(from, from + entry.length));
  }

  /**
   * Copy the live entries into a new pack one by one (memory stays at one block). If the new
   * pack cannot be written (the temp folder is full), it is dropped and the old one kept whole.
   */
  #compact(): void {
    try {
      this.#flush();
    } catch {
      return;
    }
    const old = {
      fd: this.#fd,
      path: this.#packPath(this.#generation),
      blockStart: this.#blockStart,
      end: this.#end,
    };
    const nextPath = this.#packPath(this.#generation + 1);
    this.#fd = openSync(nextPath, "w+");
    this.#blockStart = 0;
    this.#end = 0;
    const next = new Map<string, PackEntry>();
    try {
      for (const [hash, entry] of this.#entries) {
        next.set(hash, { offset: this.#append(preadAll(old.fd, entry)), length: entry.length });
      }
      this.#flush();
    } catch {
      closeSync(this.#fd);
      rmSync(nextPath, { force: true });
      this.#fd = old.fd;
      this.#blockStart = old.blockStart;
      this.#end = old.end;
      this.#blockUsed = 0;
      return;
    }
    this.#generation += 1;
    this.#entries = next;
    closeSync(old.fd);
    rmSync(old.path, { force: true });
  }
}
