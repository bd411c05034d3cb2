import type { ScanMetrics, Service } from "../catalogue/service.js";
import type { Snapshot } from "../catalogue/snapshot.js";
import type { Logger } from "../log.js";
import { watchLoopDelay } from "../metrics/loop-delay.js";
import type { DocumentKey, Site } from "../publish/create-site.js";
import type { RenderedDocument } from "../publish/rendered-document.js";
import {
  type FromEngine,
  type RenderReply,
  type ScanMetric,
  toWire,
  type WireDocument,
  wholeToWire,
} from "./engine-messages.js";

const LOOP_DELAY_EVERY_MS = 2_000;

/** A message to the serving thread, with the buffers it gives away. */
export type Post = (message: FromEngine, transfer?: ArrayBuffer[]) => void;

/** A reply's value, and the buffers to transfer with it. */
export interface Answer {
  readonly value: unknown;
  readonly transfer?: ArrayBuffer[];
}

/** The engine's snapshots numbered as the serving thread knows them, from `first` on. */
export class Generations {
  readonly #first: number;
  readonly #of = new WeakMap<Snapshot, number>();
  #last: number;

  constructor(first: number) {
    this.#first = first;
    this.#last = first - 1;
  }

  /** Number a snapshot about to go live. */
  next(snapshot: Snapshot): number {
    this.#last += 1;
    this.#of.set(snapshot, this.#last);
    return this.#last;
  }

  of(snapshot: Snapshot): number {
    return this.#of.get(snapshot) ?? 0;
  }

  /** Whether this engine has numbered a snapshot yet. */
  get started(): boolean {
    return this.#last >= this.#first;
  }
}

/** The live message of a snapshot about to go live. */
export interface Live {
  readonly generation: number;
  readonly documents: readonly [string, RenderedDocument][];
  readonly episodeFiles: [string, string][];
}

/**
 * Send a new snapshot's subscription feeds to the serving thread, ready to serve, and their
 * brotli once it is there. A failed brotli leaves them served with gzip.
 */
export function publishLive(
  post: Post,
  live: Live,
  complete: Promise<void>,
  logger: Logger,
): { complete: Promise<void> } {
  const { generation, documents, episodeFiles } = live;
  const pending = documents.filter(([, doc]) => doc.brotli === null);
  const wires = documents.map(([path, doc]) => [path, wholeToWire(doc)] as const);
  post(
    {
      type: "live",
      generation,
      documents: wires.map(([path, wire]): [string, WireDocument] => [path, wire.fields]),
      episodeFiles,
    },
    wires.flatMap(([, wire]) => wire.transfer),
  );
  const sent = complete.then(() => {
    const added = pending.map(
      ([path, doc]) => [path, toWire({ brotli: doc.brotli, brotliEtag: doc.brotliEtag })] as const,
    );
    if (added.length === 0) return;
    post(
      {
        type: "complete",
        generation,
        documents: added.map(([path, wire]): [string, Partial<WireDocument>] => [
          path,
          wire.fields,
        ]),
      },
      added.flatMap(([, wire]) => wire.transfer),
    );
  });
  return {
    complete: sent.catch((error: unknown) =>
      logger.warn({ err: error }, "brotli compression failed; serving gzip instead"),
    ),
  };
}

/** A document for the serving thread: "same" when it holds these bytes already. */
export async function renderFor(
  site: Site,
  service: Service,
  generations: Generations,
  key: DocumentKey,
  known: string | null,
): Promise<Answer & { value: RenderReply }> {
  const snapshot = service.current();
  const doc = await site.render(snapshot, key);
  const generation = generations.of(snapshot);
  if (!doc) return { value: { generation, result: "missing" } };
  if (doc.etag === known) return { value: { generation, result: "same" } };
  const wire = wholeToWire(doc);
  return { value: { generation, result: "doc", doc: wire.fields }, transfer: wire.transfer };
}

/** Scan metrics, sent to the serving thread, whose registry `/metrics` reads. */
export function relayMetrics(post: Post): ScanMetrics {
  const send = (metric: ScanMetric) => post({ type: "metric", metric });
  return {
    scanDuration: { observe: (value) => send({ name: "scanDuration", value }) },
    scans: { inc: ({ result }) => send({ name: "scans", value: result }) },
    articles: { set: (value) => send({ name: "articles", value }) },
    fileErrors: { set: (value) => send({ name: "fileErrors", value }) },
  };
}

/** This thread's event-loop delay, sent every few seconds over the window since the last. */
export function reportLoopDelay(post: Post): () => void {
  const watch = watchLoopDelay();
  const timer = setInterval(
    () => post({ type: "loop-delay", delay: watch.take() }),
    LOOP_DELAY_EVERY_MS,
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    watch.stop();
  };
}
