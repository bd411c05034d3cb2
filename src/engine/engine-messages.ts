import type { ScanReport } from "../catalogue/refresh.js";
import type { Health } from "../catalogue/service.js";
import type { Config } from "../config.js";
import type { LoopDelay } from "../metrics/loop-delay.js";
import type { DocumentKey } from "../publish/create-site.js";
import type { RenderedDocument } from "../publish/rendered-document.js";

/** A rendered document as it crosses between threads: its fields, without the promise. */
export type WireDocument = Omit<RenderedDocument, "complete">;

/**
 * Test hooks: with `hold`, the engine blocks its own thread at that point (after its first
 * snapshot) until `gate[0]` is set, and sets `gate[1]` while it waits.
 */
export interface EngineHooks {
  readonly hold?: { readonly at: "prepare" | "render"; readonly gate: Int32Array };
  /** While `diskFull[0]` is 1, writes to the source pack fail with ENOSPC. */
  readonly diskFull?: Int32Array;
  /** The folder the engine's own temp folder is made in (default: the system's). */
  readonly tempParent?: string;
}

/** What the engine thread starts with. */
export interface EngineData {
  readonly config: Config;
  /** Generations this engine numbers its snapshots from (a restarted engine continues). */
  readonly firstGeneration: number;
  /** A folder of this engine's own for its source pack (removed when the thread ends). */
  readonly tempDir: string;
  readonly hooks?: EngineHooks;
}

export type ScanMetric =
  | { readonly name: "scanDuration"; readonly value: number }
  | { readonly name: "scans"; readonly value: string }
  | { readonly name: "articles" | "fileErrors"; readonly value: number };

/** Requests from the serving thread; each `id` gets one `reply`. */
export type ToEngine =
  | {
      readonly type: "render";
      readonly id: number;
      readonly key: DocumentKey;
      readonly known: string | null;
    }
  | { readonly type: "rescan"; readonly id: number }
  | { readonly type: "stop" };

/** The first message to a thread started early (`EarlyEngine`), which waits for its data. */
export interface StartEngine {
  readonly type: "start";
  readonly data: EngineData;
}

export type RenderReply =
  | { readonly generation: number; readonly result: "missing" | "same" }
  | { readonly generation: number; readonly result: "doc"; readonly doc: WireDocument };

export type RescanReply = ScanReport;

export type FromEngine =
  /** A new snapshot's subscription feeds, servable: the serving thread goes live with them. */
  | {
      readonly type: "live";
      readonly generation: number;
      readonly documents: [string, WireDocument][];
      /** Transcripts and chapters its episodes name: path → the type announced. */
      readonly episodeFiles: [string, string][];
    }
  /** The fields those feeds gained once complete (their brotli). */
  | {
      readonly type: "complete";
      readonly generation: number;
      readonly documents: [string, Partial<WireDocument>][];
    }
  | { readonly type: "health"; readonly health: Health }
  | { readonly type: "metric"; readonly metric: ScanMetric }
  | { readonly type: "loop-delay"; readonly delay: LoopDelay }
  | { readonly type: "ready" }
  | { readonly type: "failed"; readonly message: string }
  | { readonly type: "reply"; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: "reply"; readonly id: number; readonly ok: false; readonly message: string }
  | { readonly type: "stopped" };

/**
 * The fields for `postMessage`, bytes copied into buffers of their own to transfer: the copy costs
 * this thread, the serving thread deserialises none of them, and the cache keeps the original.
 */
export function toWire(doc: Partial<RenderedDocument>): {
  fields: Partial<WireDocument>;
  transfer: ArrayBuffer[];
} {
  const { complete: _complete, ...fields } = doc;
  const transfer: ArrayBuffer[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value instanceof Uint8Array) {
      const copy = new Uint8Array(value.byteLength);
      copy.set(value);
      transfer.push(copy.buffer);
      out[name] = copy;
    } else out[name] = value;
  }
  return { fields: out as Partial<WireDocument>, transfer };
}

/** A whole document for the wire: see `toWire`. */
export function wholeToWire(doc: RenderedDocument): {
  fields: WireDocument;
  transfer: ArrayBuffer[];
} {
  return toWire(doc) as { fields: WireDocument; transfer: ArrayBuffer[] };
}

/** Fields from the wire, with every byte array a Buffer again. */
export function buffersOf<T extends object>(fields: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    out[name] =
      value instanceof Uint8Array && !Buffer.isBuffer(value)
        ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
        : value;
  }
  return out as T;
}
