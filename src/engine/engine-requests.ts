import type { Worker } from "node:worker_threads";
import type { FromEngine, ToEngine } from "./engine-messages.js";

/** An error with the HTTP status the request it failed should get. */
export type EngineError = Error & { status?: number };

export function unavailable(): EngineError {
  return Object.assign(new Error("the content engine is not running"), { status: 503 });
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Requests sent to the engine, each waiting for the reply with its `id`. */
export class EngineRequests {
  #nextId = 1;
  readonly #pending = new Map<number, Waiter>();

  /** Ask `target`, or fail at once with 503 when no engine is ready to answer. */
  send<T>(target: Worker | null, message: (id: number) => ToEngine): Promise<T> {
    if (!target) return Promise.reject(unavailable());
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      target.postMessage(message(id));
    });
  }

  settle(reply: Extract<FromEngine, { type: "reply" }>): void {
    const waiter = this.#pending.get(reply.id);
    this.#pending.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply.value);
    else waiter?.reject(new Error(reply.message));
  }

  /** The engine's thread ended: no reply it owed will come. */
  failAll(): void {
    for (const waiter of this.#pending.values()) waiter.reject(unavailable());
    this.#pending.clear();
  }
}
