import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Config } from "../../src/config.js";
import { EarlyEngine } from "../../src/engine/early-engine.js";
import type { EngineData } from "../../src/engine/engine-messages.js";

const dir = mkdtempSync(join(tmpdir(), "feedmill-early-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for the engine's bundle: it echoes every message it gets, and what it was started as. */
const echo = join(dir, "echo.mjs");
writeFileSync(
  echo,
  `import { parentPort, workerData } from "node:worker_threads";
parentPort.on("message", (message) => parentPort.postMessage({ workerData, message }));`,
);
/** Says "failed" as soon as it is started, then stays: the message is out before it is taken. */
const failsAtStart = join(dir, "fails-at-start.mjs");
const saidFlag = join(dir, "said");
writeFileSync(
  failsAtStart,
  `import { writeFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
parentPort.on("message", () => {
  parentPort.postMessage({ type: "failed", message: "no content folder" });
  writeFileSync(${JSON.stringify(saidFlag)}, "");
});`,
);
const ends = join(dir, "ends.mjs");
writeFileSync(ends, "process.exit(0);");

const dataFor = (name: string): EngineData => ({
  config: { contentDir: name } as unknown as Config,
  tempDir: join(dir, name),
  firstGeneration: 1,
});

const messages = (worker: Worker, count: number) =>
  new Promise<unknown[]>((resolve) => {
    const seen: unknown[] = [];
    worker.on("message", (message) => {
      seen.push(message);
      if (seen.length === count) resolve(seen);
    });
  });

describe("the engine's thread started early", () => {
  it("is started with the config read first and handed over with that data, once", async () => {
    const early = new EarlyEngine(pathToFileURL(echo));
    early.start(dataFor("first"));
    early.start(dataFor("again"));
    expect(early.config).toEqual({ contentDir: "first" });
    const taken = early.take(() => dataFor("taker's"));
    expect(taken?.data).toEqual(dataFor("first"));
    const worker = taken?.worker as Worker;
    expect(await messages(worker, 1)).toEqual([
      { workerData: { awaitStart: true }, message: { type: "start", data: dataFor("first") } },
    ]);
    expect(early.take(() => dataFor("later"))).toBeNull();
    await worker.terminate();
  });

  it("makes no data of the taker's when it was started already", async () => {
    const early = new EarlyEngine(pathToFileURL(echo));
    early.start(dataFor("first"));
    const taker = vi.fn(() => dataFor("taker's"));
    const worker = early.take(taker)?.worker as Worker;
    expect(taker).not.toHaveBeenCalled();
    await worker.terminate();
  });

  it("hands over what its thread said before it was taken", async () => {
    rmSync(saidFlag, { force: true });
    const early = new EarlyEngine(pathToFileURL(failsAtStart));
    early.start(dataFor("first"));
    await vi.waitFor(() => expect(existsSync(saidFlag)).toBe(true), { timeout: 10_000 });
    // The message was posted before the flag was written; one more turn delivers it here.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const taken = early.take(() => dataFor("taker's"));
    expect(taken?.said).toEqual([{ type: "failed", message: "no content folder" }]);
    await taken?.worker.terminate();
  });

  it("is started with the taker's data when nothing started it", async () => {
    const early = new EarlyEngine(pathToFileURL(echo));
    const taken = early.take(() => dataFor("taker's"));
    const worker = taken?.worker as Worker;
    expect(await messages(worker, 1)).toEqual([
      { workerData: { awaitStart: true }, message: { type: "start", data: dataFor("taker's") } },
    ]);
    await worker.terminate();
  });

  it("is not handed over once its thread has ended or failed, and drops its folder", async () => {
    for (const entry of [pathToFileURL(ends), pathToFileURL(join(dir, "missing.mjs"))]) {
      const early = new EarlyEngine(entry);
      const data = dataFor("dropped");
      mkdirSync(data.tempDir);
      early.start(data);
      await vi.waitFor(() => expect(early.usable).toBe(false), { timeout: 10_000 });
      expect(early.take(() => dataFor("taker's"))).toBeNull();
      expect(existsSync(data.tempDir)).toBe(false);
    }
  });
});
