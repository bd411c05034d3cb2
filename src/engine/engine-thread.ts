import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { type EarlyEngine, newEngineData } from "./early-engine.js";
import type { EngineHooks, FromEngine, ToEngine } from "./engine-messages.js";

const STOP_GRACE_MS = 8_000;
const RESTART_DELAYS_MS = [100, 1_000, 5_000, 30_000];

export interface EngineThreadOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly hooks?: EngineHooks;
  /** A thread started before the command's code loaded, taken by the first start. */
  readonly early?: EarlyEngine;
  /** The generation a new engine numbers its snapshots from: a restarted one continues. */
  firstGeneration(): number;
  /** Every message but the start's own ("ready", "failed"). */
  onMessage(message: FromEngine): void;
  /** The thread ended, however it ended. */
  onExit(): void;
  /** An engine started again failed its first scan. */
  onRestartFailed(error: Error): void;
}

/** The engine's thread: started, started again after a growing wait while it keeps dying. */
export class EngineThread {
  readonly #options: EngineThreadOptions;
  #worker: Worker | null = null;
  #ready = false;
  #stopping = false;
  #restarts = 0;
  // Failed starts in a row: the wait before the next grows with them.
  #failures = 0;

  constructor(options: EngineThreadOptions) {
    this.#options = options;
  }

  /** The thread to ask, or null while none has its first snapshot live. */
  get answering(): Worker | null {
    return this.#worker && this.#ready ? this.#worker : null;
  }

  /** Times the engine was started again after it died. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Start the first thread; if it fails, end it and start no other. */
  start(): Promise<void> {
    return this.#spawn().catch(async (error: unknown) => {
      this.#stopping = true;
      await this.#worker?.terminate();
      throw error;
    });
  }

  async kill(): Promise<void> {
    await this.#worker?.terminate();
  }

  /** Ask the engine to stop, and end its thread if it has not within the grace time. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const thread = this.#worker;
    if (!thread) return;
    const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
    thread.postMessage({ type: "stop" } satisfies ToEngine);
    const force = setTimeout(() => void thread.terminate(), STOP_GRACE_MS);
    force.unref();
    await exited;
    clearTimeout(force);
  }

  /** One engine thread; resolves when its first snapshot is live here, rejects if it fails. */
  async #spawn(): Promise<void> {
    const { config, hooks } = this.#options;
    const newData = () => newEngineData(config, this.#options.firstGeneration(), hooks);
    const early = this.#options.early?.take(newData);
    const data = early?.data ?? newData();
    const thread = early?.worker ?? new Worker(await engineEntry(), { workerData: data });
    const { tempDir } = data;
    this.#worker = thread;
    this.#ready = false;
    return new Promise<void>((resolve, reject) => {
      const heard = (message: FromEngine) => {
        if (message.type === "ready") {
          this.#ready = true;
          resolve();
        } else if (message.type === "failed") {
          reject(new Error(message.message));
        } else this.#options.onMessage(message);
      };
      thread.on("message", heard);
      for (const message of early?.said ?? []) heard(message);
      thread.on("error", (error) =>
        this.#options.logger.error({ err: error }, "content engine failed"),
      );
      thread.on("exit", (code) => {
        rmSync(tempDir, { recursive: true, force: true });
        if (this.#worker === thread) this.#worker = null;
        this.#ready = false;
        this.#options.onExit();
        reject(new Error(`the content engine exited (code ${code}) before its first scan`));
        if (!this.#stopping) this.#restart(code);
      });
    });
  }

  #restart(code: number): void {
    const { logger } = this.#options;
    const delay = RESTART_DELAYS_MS[Math.min(this.#failures, RESTART_DELAYS_MS.length - 1)] ?? 0;
    this.#restarts += 1;
    this.#failures += 1;
    logger.error({ code, delayMs: delay }, "content engine died; serving the last documents");
    const timer = setTimeout(() => {
      if (this.#stopping) return;
      this.#spawn().then(
        () => {
          this.#failures = 0;
          logger.info({ restarts: this.#restarts }, "content engine started again");
        },
        (error: unknown) => {
          // A failed first scan here leaves the thread's exit to schedule the next try.
          this.#options.onRestartFailed(error as Error);
          logger.error({ err: error }, "content engine could not start again");
          void this.#worker?.terminate();
        },
      );
    }, delay);
    timer.unref();
  }
}

/** Where the engine's code is: compiled beside this module (or bundled beside the command). */
async function engineEntry(): Promise<URL> {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new URL("./engine-worker.js", here);
  const { bundleEngineSource } = await import("./bundle-engine-source.js");
  return pathToFileURL(await bundleEngineSource());
}
