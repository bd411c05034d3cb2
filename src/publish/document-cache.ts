import type { Snapshot } from "../catalogue/snapshot.js";
import { feedPath } from "../core/feeds/feed-paths.js";
import { LruCache } from "../lib/lru-cache.js";
import { type DocumentKey, documentSlot } from "./document-key.js";
import type { DocumentPlan } from "./document-plan.js";
import { documentWeight, OVERSIZED_DOCUMENTS, type RenderedDocument } from "./rendered-document.js";

/** Rendered documents by slot, each render shared by every request that waits for it. */
export interface DocumentCache {
  /** The document `planned` for `key`: cached when its cache key matches, else rendered now. */
  render(snapshot: Snapshot, key: DocumentKey, planned: DocumentPlan): Promise<RenderedDocument>;
  /** A subscription feed of `snapshot` already rendered, by URL path. */
  peek(snapshot: Snapshot, path: string): RenderedDocument | undefined;
  /** Bytes held now. */
  readonly weight: number;
}

const MAX_HOT = 1000;

export function createDocumentCache(bytes: number): DocumentCache {
  // One entry per slot, its newest version replacing the older in place: keyed by version, a
  // stream of edits would fill it with superseded feeds and push out the archives it is for.
  const documents = new LruCache<{ cacheKey: string; doc: RenderedDocument }>(
    bytes,
    (entry) => documentWeight(entry.doc),
    OVERSIZED_DOCUMENTS,
  );
  const inFlight = new Map<string, Promise<RenderedDocument>>();
  // Rendered subscription documents per snapshot, by path; dropped with the snapshot.
  const hot = new WeakMap<Snapshot, Map<string, RenderedDocument>>();

  function remember(snapshot: Snapshot, key: DocumentKey, doc: RenderedDocument): void {
    if (key.kind !== "feed" || key.address.archive !== null) return;
    let docs = hot.get(snapshot);
    if (!docs) {
      docs = new Map();
      hot.set(snapshot, docs);
    }
    if (docs.size < MAX_HOT) docs.set(feedPath(key.address), doc);
  }

  async function render(snapshot: Snapshot, key: DocumentKey, planned: DocumentPlan) {
    const slot = documentSlot(key);
    const cached = documents.get(slot);
    if (cached?.cacheKey === planned.cacheKey) {
      remember(snapshot, key, cached.doc);
      return cached.doc;
    }
    let pending = inFlight.get(planned.cacheKey);
    if (!pending) {
      pending = planned.make().finally(() => inFlight.delete(planned.cacheKey));
      inFlight.set(planned.cacheKey, pending);
    }
    const doc = await pending;
    documents.set(slot, { cacheKey: planned.cacheKey, doc });
    remember(snapshot, key, doc);
    return doc;
  }

  return {
    render,
    peek: (snapshot, path) => hot.get(snapshot)?.get(path),
    get weight() {
      return documents.weight;
    },
  };
}
