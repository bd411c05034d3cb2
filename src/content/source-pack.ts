import { closeSync, mkdtempSync, openSync, readSync, rmSync, write, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HeldStore } from "./adopt-sources.js";

/** How the pack writes: at once, and in the background (libuv's pool). */
export interface PackDisk {
  writeSync(
    fd: number,
    bytes: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): number;
  write(
    fd: number,
    bytes: Uint8Array,
    offset: number,
    length: number,
    position: number,
    done: (error: Error | null, written: number) => void,
  ): void;
}

export interface PackOptions {
  /** Where the pack's private folder goes. */
  readonly parentDir?: string;
  /** Node's `fs`; a test passes one that fails as a full disk does. */
  readonly disk?: PackDisk;
}

interface PackEntry {
  readonly offset: number;
  readonly length: number;
}

/** A filled block handed to the pool: read from memory until it is known to be on disk. */
interface PendingBlock {
  readonly start: number;
  readonly bytes: Buffer<ArrayBuffer>;
  readonly length: number;
  failed: boolean;
}

const BLOCK = 1024 * 1024;
/** Filled blocks waiting for the disk at most; past that, the next block is written at once. */
const MAX_PENDING = 4;
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
 * A filled block is written by libuv's pool while the scan goes on parsing: a first scan's
 * writes then cost the scan nothing. A block the disk refused stays in memory and is written
 * again, at once, by the next block's turn, whose `put` throws if the disk is still full.
 *
 * Nothing is kept in memory beyond the blocks: the scan lends each file's bytes from one reused
 * buffer, so keeping a source would cost a copy just as writing it to the pack does, and the
 * sources once kept in memory were a large share of the peak RSS. Reading a source back (a
 * positioned read from the page cache) costs little next to cleaning and rendering its body.
 */
export class SourcePack implements HeldStore {
  readonly #disk: PackDisk;
  readonly #dir: string;
  #generation = 0;
  #fd: number;
  #entries = new Map<string, PackEntry>();
  /** The block being filled; entries at or past `#blockStart` are read from it. */
  #block: Buffer<ArrayBuffer> = Buffer.allocUnsafe(BLOCK);
  #blockStart = 0;
  #blockUsed = 0;
  #end = 0;
  #live = 0;
  /** Filled blocks not yet known to be on disk, in pack order. */
  #pending: PendingBlock[] = [];
  #spare: Buffer<ArrayBuffer>[] = [];
  /** Background writes not yet called back; a pack file is closed only when none is. */
  #inFlight = 0;
  #toClose: number[] = [];

  constructor(options: PackOptions = {}) {
    this.#disk = options.disk ?? { writeSync, write };
    this.#dir = mkdtempSync(join(options.parentDir ?? tmpdir(), "feedmill-"));
    this.#fd = openAnonymous(this.#packPath(this.#generation));
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
    this.#closeWhenIdle(this.#fd);
    rmSync(this.#dir, { recursive: true, force: true });
    this.#entries.clear();
    this.#pending = [];
  }

  #packPath(generation: number): string {
    return join(this.#dir, `pack-${generation}`);
  }

  #writeAll(fd: number, at: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) {
      done += this.#disk.writeSync(fd, bytes, done, bytes.length - done, at + done);
    }
  }

  /** Write every pending block now; throws (keeping the rest pending) if the disk refuses one. */
  #settlePending(): void {
    while (this.#pending.length > 0) {
      const block = this.#pending[0] as PendingBlock;
      this.#writeAll(this.#fd, block.start, block.bytes.subarray(0, block.length));
      this.#pending.shift();
    }
  }

  #writeBehind(block: PendingBlock): void {
    const fd = this.#fd;
    this.#inFlight += 1;
    this.#disk.write(fd, block.bytes, 0, block.length, block.start, (error, written) => {
      this.#inFlight -= 1;
      const at = this.#pending.indexOf(block);
      // Short or refused: kept for `#settlePending`, which writes it again at once.
      if (at !== -1 && (error || written !== block.length)) block.failed = true;
      else {
        if (at !== -1) this.#pending.splice(at, 1);
        if (this.#spare.length < MAX_PENDING) this.#spare.push(block.bytes);
      }
      if (this.#inFlight === 0) for (const done of this.#toClose.splice(0)) closeSync(done);
    });
  }

  #closeWhenIdle(fd: number): void {
    if (this.#inFlight === 0) closeSync(fd);
    else this.#toClose.push(fd);
  }

  #flush(): void {
    if (this.#blockUsed === 0) return;
    if (this.#pending.length >= MAX_PENDING || this.#pending.some((block) => block.failed)) {
      this.#settlePending();
    }
    const pending: PendingBlock = {
      start: this.#blockStart,
      bytes: this.#block,
      length: this.#blockUsed,
      failed: false,
    };
    this.#pending.push(pending);
    this.#writeBehind(pending);
    this.#block = this.#spare.pop() ?? Buffer.allocUnsafe(BLOCK);
    this.#blockStart += this.#blockUsed;
    this.#blockUsed = 0;
  }

  #append(bytes: Uint8Array): number {
    const offset = this.#end;
    if (bytes.length > BLOCK) {
      this.#flush();
      // Written at once: the caller may reuse `bytes`, and a copy this size is rare.
      this.#writeAll(this.#fd, offset, bytes);
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
    const copy = (bytes: Buffer, from: number) =>
      new Uint8Array(bytes.subarray(from, from + entry.length));
    if (entry.offset >= this.#blockStart) return copy(this.#block, entry.offset - this.#blockStart);
    for (const block of this.#pending) {
      const from = entry.offset - block.start;
      if (from >= 0 && from < block.length) return copy(block.bytes, from);
    }
    return preadAll(this.#fd, entry);
  }

  /**
   * Copy the live entries into a new pack one by one, at once (memory stays at one entry). If the
   * new pack cannot be written (the temp folder is full), it is dropped and the old one kept whole.
   */
  #compact(): void {
    try {
      this.#flush();
      this.#settlePending();
    } catch {
      return;
    }
    const nextPath = this.#packPath(this.#generation + 1);
    const fd = openAnonymous(nextPath);
    const next = new Map<string, PackEntry>();
    let end = 0;
    try {
      for (const [hash, entry] of this.#entries) {
        this.#writeAll(fd, end, preadAll(this.#fd, entry));
        next.set(hash, { offset: end, length: entry.length });
        end += entry.length;
      }
    } catch {
      closeSync(fd);
      return;
    }
    this.#closeWhenIdle(this.#fd);
    this.#generation += 1;
    this.#fd = fd;
    this.#entries = next;
    this.#blockStart = end;
    this.#end = end;
  }
}

/**
 * A pack file open for reading and writing, its name already gone: only the descriptor holds it,
 * so the kernel frees it however the process ends (a SIGKILL, the OOM killer) and a crash loop
 * cannot fill the temp folder with copies of the content.
 */
function openAnonymous(path: string): number {
  const fd = openSync(path, "w+");
  rmSync(path, { force: true });
  return fd;
}
