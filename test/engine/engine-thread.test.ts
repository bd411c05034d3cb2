import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Config } from "../../src/config.js";
import { EarlyEngine } from "../../src/engine/early-engine.js";
import { EngineThread } from "../../src/engine/engine-thread.js";
import { createLogger } from "../../src/log.js";

const dir = mkdtempSync(join(tmpdir(), "feedmill-thread-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Fails its first scan as soon as it is started, and only then, a little later, ends. */
const failsThenEnds = join(dir, "fails-then-ends.mjs");
const saidFlag = join(dir, "said");
writeFileSync(
  failsThenEnds,
  `import { writeFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
parentPort.on("message", () => {
  parentPort.postMessage({ type: "failed", message: "the content folder is missing" });
  writeFileSync(${JSON.stringify(saidFlag)}, "");
  setTimeout(() => process.exit(0), 200);
});`,
);

describe("the engine's thread", () => {
  it("reports the first scan's own failure when it failed before the thread was taken", async () => {
    const early = new EarlyEngine(pathToFileURL(failsThenEnds));
    const config = { contentDir: "/nowhere" } as unknown as Config;
    early.start({ config, tempDir: join(dir, "pack"), firstGeneration: 1 });
    await vi.waitFor(() => expect(existsSync(saidFlag)).toBe(true), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const thread = new EngineThread({
      config,
      logger: createLogger("silent"),
      early,
      firstGeneration: () => 1,
      onMessage: () => {},
      onExit: () => {},
      onRestartFailed: () => {},
    });
    await expect(thread.start()).rejects.toThrow("the content folder is missing");
  });
});
