import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ReadAhead } from "../../src/content/read-ahead.js";

const root = mkdtempSync(join(tmpdir(), "feedmill-ahead-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FILE_BYTES = 8 * 1024;
const paths = Array.from({ length: 1100 }, (_, i) => `a/${String(i).padStart(5, "0")}.md`);
execFileSync("mkdir", ["-p", join(root, "a")]);
for (const path of paths) writeFileSync(join(root, path), "x".repeat(FILE_BYTES));
// A FIFO early in the list: opened without blocking and passed over, it holds nothing up.
rmSync(join(root, paths[100] as string));
execFileSync("mkfifo", [join(root, paths[100] as string)]);

/** Bytes this process has read with read(2) and the like, every thread's together. */
const bytesRead = () => Number(/^rchar: (\d+)$/m.exec(readFileSync("/proc/self/io", "utf8"))?.[1]);

const options = { root, concurrency: 8, maxBytes: 1024 * 1024 };
const slowRead = () => {
  const until = performance.now() + 0.2;
  while (performance.now() < until) {}
  return "read";
};
const fastRead = () => "read";

describe("reading a scan's files ahead", () => {
  it("starts when the scan's first reads are a disk's, and reads the rest of the files", async () => {
    const ahead = new ReadAhead(paths, options);
    const before = bytesRead();
    for (let index = 0; index < 64; index += 1) expect(ahead.read(index, slowRead)).toBe("read");
    expect(ahead.reading).toBe(true);
    // Everything after the 64 files the scan read itself, but for the FIFO.
    const rest = (paths.length - 64 - 1) * FILE_BYTES;
    await vi.waitFor(() => expect(bytesRead() - before).toBeGreaterThanOrEqual(rest), {
      timeout: 10_000,
    });
    ahead.stop();
  });

  it("does not start when they are the page cache's, or for a scan of few files", () => {
    for (const [list, read] of [
      [paths, fastRead],
      [paths.slice(0, 500), slowRead],
    ] as const) {
      const ahead = new ReadAhead(list, options);
      for (let index = 0; index < 64; index += 1) ahead.read(index, read);
      expect(ahead.reading).toBe(false);
    }
  });

  it("does not start when reading ahead is turned off", () => {
    const ahead = new ReadAhead(paths, { ...options, concurrency: 0 });
    for (let index = 0; index < 64; index += 1) ahead.read(index, slowRead);
    expect(ahead.reading).toBe(false);
  });
});
