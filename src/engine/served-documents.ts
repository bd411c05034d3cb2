import { LruCache } from "../lib/lru-cache.js";
import {
  documentWeight,
  OVERSIZED_DOCUMENTS,
  type RenderedDocument,
} from "../publish/rendered-document.js";
import { buffersOf, type WireDocument } from "./engine-messages.js";

/** Sets a document's Last-Modified as of the generation it was rendered from. */
export type DocumentStamp = (slot: string, doc: RenderedDocument, generation: number) => void;

/** Subscription documents of the live generation answered without asking the engine. */
const MAX_HOT = 1000;

/**
 * The serving thread's copies of rendered documents: the live subscription feeds by URL path (kept
 * while live), and any other by slot with the generation it was last current in, bounded by bytes.
 */
export class ServedDocuments {
  #generation = 0;
  #hot = new Map<string, RenderedDocument>();
  readonly #bySlot: LruCache<{ generation: number; doc: RenderedDocument }>;
  readonly #stamp: DocumentStamp;

  /** `stamp` gives each document taken in its Last-Modified, on this thread's clock. */
  constructor(maxBytes: number, stamp: DocumentStamp = () => {}) {
    this.#bySlot = new LruCache(
      maxBytes,
      (entry) => documentWeight(entry.doc),
      OVERSIZED_DOCUMENTS,
    );
    this.#stamp = stamp;
  }

  get generation(): number {
    return this.#generation;
  }

  /** A new snapshot goes live with its subscription feeds, ready to send. */
  goLive(generation: number, documents: readonly [string, WireDocument][]): void {
    this.#generation = generation;
    this.#hot = new Map();
    for (const [path, wire] of documents) {
      const doc = documentOf(wire);
      this.#stamp(path, doc, generation);
      this.#hot.set(path, doc);
      this.#bySlot.set(path, { generation, doc });
    }
  }

  /** Fields the live feeds gained since (their brotli). */
  complete(generation: number, documents: readonly [string, Partial<WireDocument>][]): void {
    if (generation !== this.#generation) return;
    for (const [path, fields] of documents) {
      const doc = this.#hot.get(path);
      if (doc) Object.assign(doc, buffersOf(fields));
    }
  }

  peek(path: string): RenderedDocument | undefined {
    return this.#hot.get(path);
  }

  cached(slot: string): { generation: number; doc: RenderedDocument } | undefined {
    return this.#bySlot.get(slot);
  }

  /** Keep a document known current in `generation`; `hotPath` if it is a subscription feed. */
  keep(slot: string, generation: number, doc: RenderedDocument, hotPath: string | null): void {
    this.#stamp(slot, doc, generation);
    this.#bySlot.set(slot, { generation, doc });
    if (hotPath && generation === this.#generation && this.#hot.size < MAX_HOT) {
      this.#hot.set(hotPath, doc);
    }
  }

  get bytes(): number {
    return this.#bySlot.weight;
  }
}

/** A document from the wire; brotli still missing arrives later with `complete`. */
export function documentOf(wire: WireDocument): RenderedDocument {
  return { ...buffersOf(wire), complete: Promise.resolve() };
}
