import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { ReadBuffer, readSource } from "./read-source.js";

/**
 * The thread's own code, evaluated as a script: it needs nothing but `fs`, so it is not a bundle
 * of its own. Every read only fills the page cache: the bytes are dropped, errors ignored (the
 * scan's own read reports them), and files are opened non-blocking and read only if regular, so
 * a FIFO or a device never holds it.
 */
const READ_AHEAD_SCRIPT = `
const { open, fstat, read, close, constants } = require("node:fs");
const { workerData } = require("node:worker_threads");
const { paths, done, concurrency, maxBytes, chunkBytes } = workerData;
const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
let next = 0;
function take() {
  next = Math.max(next, Atomics.load(done, 0));
  return next < paths.length ? paths[next++] : undefined;
}
function warm(buffer) {
  const path = take();
  if (path === undefined) return;
  open(path, flags, (error, fd) => {
    if (error) return warm(buffer);
    const end = (() => close(fd, () => warm(buffer)));
    fstat(fd, (error, stats) => {
      if (error || !stats.isFile()) return end();
      const size = Math.min(stats.size, maxBytes);
      const step = (offset) => {
        if (offset >= size) return end();
        read(fd, buffer, 0, Math.min(buffer.length, size - offset), offset, (error, n) =>
          error || n === 0 ? end() : step(offset + n));
      };
      step(0);
    });
  });
}
for (let i = 0; i < concurrency; i += 1) warm(Buffer.allocUnsafe(chunkBytes));
`;

/** Reading ahead pays for its thread only on a scan of many files: a first one. */
const MIN_FILES = 1024;
/** The scan's first reads, timed to tell a folder on disk from one in the page cache. */
const PROBE_READS = 64;
/**
 * Reads this many times slower than the same calls on a file surely cached are a disk's: a
 * slower machine's system calls alone must not pass for one (docs/benchmarks.md).
 */
const COLD_READ_RATIO = 2.5;
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a scan's files ahead of it, `concurrency` at a time on a thread of its own, when its
 * first reads show the folder is not in the page cache (the first start after a boot): the
 * disk then works in parallel while the scan parses, instead of one file at a time in its
 * synchronous reads. From the page cache it would only compete with the scan, so it does not.
 */
export class ReadAhead {
  readonly #paths: readonly string[];
  readonly #options: ReadAheadOptions;
  #probe: number[] | null;
  readonly #cached: number[] = [];
  #scratch: ReadBuffer | null = null;
  #done: Int32Array | null = null;
  #worker: Worker | null = null;

  constructor(paths: readonly string[], options: ReadAheadOptions) {
    this.#paths = paths;
    this.#options = options;
    this.#probe = options.concurrency > 0 && paths.length >= MIN_FILES ? [] : null;
  }

  /** The scan's own read of `paths[index]`. */
  read<T>(index: number, read: () => T): T {
    if (this.#done) Atomics.store(this.#done, 0, index + 1);
    if (this.#probe === null) return read();
    if (index > 0) this.#timeCachedRead(index - 1);
    const started = performance.now();
    const result = read();
    this.#probe.push(performance.now() - started);
    if (this.#probe.length === PROBE_READS) {
      const cold = median(this.#probe) > COLD_READ_RATIO * median(this.#cached);
      this.#probe = null;
      this.#scratch = null;
      if (cold) this.#start(index + 1);
    }
    return result;
  }

  /** Times reading again, as the scan reads, the file it read last: the page cache holds it. */
  #timeCachedRead(index: number): void {
    this.#scratch ??= new ReadBuffer();
    const { root, maxBytes } = this.#options;
    const started = performance.now();
    const outcome = readSource(root, this.#paths[index] as string, maxBytes, this.#scratch);
    if ("bytes" in outcome) this.#cached.push(performance.now() - started);
  }

  /** True once the thread was started. */
  get reading(): boolean {
    return this.#worker !== null;
  }

  stop(): void {
    void this.#worker?.terminate();
  }

  #start(from: number): void {
    const { root, concurrency, maxBytes } = this.#options;
    this.#done = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(this.#done, 0, from);
    const paths = this.#paths.map((path) => join(root, path));
    const workerData = { paths, done: this.#done, concurrency, maxBytes, chunkBytes: CHUNK_BYTES };
    this.#worker = new Worker(READ_AHEAD_SCRIPT, {
      eval: true,
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    this.#worker.unref();
    // Only a cache is lost with it: the scan reads every file itself.
    this.#worker.on("error", () => {});
  }
}

function median(values: number[]): number {
  if (values.length === 0) return Number.POSITIVE_INFINITY;
  return values.sort((a, b) => a - b)[values.length >> 1] as number;
}

export interface ReadAheadOptions {
  readonly root: string;
  /** Files read at once (config `readConcurrency`); 0 never reads ahead. */
  readonly concurrency: number;
  /** Bytes read of one file at most (config `maxFileBytes`). */
  readonly maxBytes: number;
}
