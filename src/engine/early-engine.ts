import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import type { EngineData, EngineHooks, FromEngine, StartEngine } from "./engine-messages.js";

/** What the engine's thread is started with when it is to wait for its `EngineData`. */
export const AWAIT_START = { awaitStart: true } as const;

/** An engine's data, with a new folder for its source pack (removed when its thread ends). */
export function newEngineData(
  config: Config,
  firstGeneration: number,
  hooks?: EngineHooks,
): EngineData {
  const tempDir = mkdtempSync(join(hooks?.tempParent ?? tmpdir(), "feedmill-engine-"));
  return { config, tempDir, firstGeneration, ...(hooks ? { hooks } : {}) };
}

export interface TakenEngine {
  readonly worker: Worker;
  readonly data: EngineData;
  /** Its messages from before it was taken, oldest first. */
  readonly said: readonly FromEngine[];
}

/**
 * The engine's thread, started before the command's own code is loaded, so that the two load
 * side by side, and started on its first scan as soon as the config is read (docs/benchmarks.md).
 * Until then it waits for a "start" message with its data. `take` hands it over at most once,
 * and not if it has already failed, with what it said before: a worker's messages that nobody
 * listens for are dropped, and a first scan can fail before the command's code has loaded.
 */
export class EarlyEngine {
  readonly #worker: Worker;
  #usable = true;
  #taken = false;
  #data: EngineData | undefined;
  readonly #said: FromEngine[] = [];
  readonly #keep = (message: FromEngine) => this.#said.push(message);

  constructor(entry: URL) {
    this.#worker = new Worker(entry, { workerData: AWAIT_START });
    this.#worker.on("message", this.#keep);
    // Until taken it must neither hold the process open nor crash it with an unheard error.
    this.#worker.unref();
    const unusable = () => {
      this.#usable = false;
      this.#forget();
    };
    this.#worker.once("error", unusable);
    this.#worker.once("exit", unusable);
    // `serve --help`, a bad option: the process ends with the thread never taken.
    process.once("exit", () => this.#forget());
  }

  /** False once its thread has failed or ended, or once taken. */
  get usable(): boolean {
    return this.#usable;
  }

  /** The config it was started with, if it was. */
  get config(): Config | undefined {
    return this.#data?.config;
  }

  start(data: EngineData): void {
    if (this.#data) return;
    this.#data = data;
    this.#worker.postMessage({ type: "start", data } satisfies StartEngine);
  }

  /**
   * The thread, what it was started with (`data()`, now, if it was not yet started) and what it
   * has said so far. The taker must listen in the same turn, before anything else can arrive.
   */
  take(data: () => EngineData): TakenEngine | null {
    if (!this.#usable) return null;
    this.#usable = false;
    this.#taken = true;
    // Only if not yet started: `data()` makes the source pack's folder.
    if (!this.#data) this.start(data());
    this.#worker.off("message", this.#keep);
    this.#worker.ref();
    return { worker: this.#worker, data: this.#data as EngineData, said: this.#said.splice(0) };
  }

  /** Not taken: its source pack's folder goes (once taken, the engine's thread owns it). */
  #forget(): void {
    if (!this.#taken && this.#data) rmSync(this.#data.tempDir, { recursive: true, force: true });
  }
}
