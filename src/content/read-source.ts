import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { join } from "node:path";
import { contentError } from "../core/parse/content-error.js";
import type { SourceFile } from "../core/types.js";
import type { FileStamp, ReadOutcome } from "./scan-types.js";

/** An fs error in the words a content problem reports. */
export function describeError(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (err.code === "EACCES" || err.code === "EPERM") return "permission denied";
  if (err.code === "EISDIR") return "is a folder, not a file";
  if (err.code === "ENOENT") return "file vanished while being read";
  return err.code ? `${err.code}: ${err.message}` : String(err.message ?? error);
}

export function stampOf(stats: Stats): FileStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp): boolean {
  return a !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/**
 * One buffer that every read of a scan fills in turn, grown to the largest file: no dead buffer
 * per file waits for the garbage collector, which V8 collects late and which add up in RSS.
 */
export class ReadBuffer {
  private bytes = Buffer.allocUnsafeSlow(64 * 1024);

  /** A view of `size` bytes, valid until the next call; not zero-filled (every byte is read over). */
  take(size: number): Buffer {
    if (size > this.bytes.length) {
      this.bytes = Buffer.allocUnsafeSlow(Math.max(size, this.bytes.length * 2));
    }
    return this.bytes.subarray(0, size);
  }
}

/**
 * Read one file, refusing more than `maxFileBytes` without allocating it. A file that changed
 * between the fstat before and the one after (a writer mid-way) is left unstamped, to be re-read.
 */
export function readSource(
  root: string,
  path: string,
  maxFileBytes: number,
  buffer: ReadBuffer,
): ReadOutcome {
  let fd: number | undefined;
  const fallback: SourceFile = { path, size: 0, mtimeMs: 0 };
  try {
    // O_NONBLOCK: a file swapped for a FIFO after its stat must not hold the engine's thread.
    fd = openSync(join(root, path), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const before = fstatSync(fd);
    const file: SourceFile = { path, size: before.size, mtimeMs: before.mtimeMs };
    const stamp = stampOf(before);
    if (!before.isFile()) return { file, error: contentError(path, "read-failed", "not a file") };
    if (before.size > maxFileBytes) {
      const reason = `file is ${before.size} bytes, over the ${maxFileBytes}-byte limit (maxFileBytes)`;
      return { file, stamp, error: contentError(path, "too-large", reason) };
    }
    const bytes = buffer.take(before.size);
    let offset = 0;
    while (offset < bytes.length) {
      const n = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    const after = fstatSync(fd);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || offset !== before.size) {
      // Changed under us: report what we got, unstamped so that the next scan looks again.
      return { file, bytes: bytes.subarray(0, offset) };
    }
    return { file, stamp, bytes };
  } catch (error) {
    return { file: fallback, error: contentError(path, "read-failed", describeError(error)) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
