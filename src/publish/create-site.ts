import type { Snapshot } from "../catalogue/snapshot.js";
import type { Config } from "../config.js";
import type { SourceStore } from "../content/source-store.js";
import type { FeedContext } from "../core/feeds/build-feed-document.js";
import { paginateFeed } from "../core/select/paginate-feed.js";
import type { Article, ContentWarning } from "../core/types.js";
import type { SavedBody } from "../state/saved-state.js";
import { createArticleBodies } from "./article-bodies.js";
import { createDocumentCache } from "./document-cache.js";
import { type DocumentKey, documentKeys } from "./document-key.js";
import { type PlanContext, planDocument } from "./document-plan.js";
import type { RenderedDocument } from "./rendered-document.js";

export { type DocumentKey, documentSlot } from "./document-key.js";
export { feedContentType } from "./document-plan.js";

export interface Site {
  /**
   * The document for `key` as of `snapshot`, from cache or rendered now, with every encoding;
   * undefined if none. With `servable`, as soon as its body and gzip can be sent: brotli follows
   * (`complete`), which is how a new snapshot's feeds go live without waiting for it.
   */
  render(
    snapshot: Snapshot,
    key: DocumentKey,
    options?: { readonly servable?: boolean },
  ): Promise<RenderedDocument | undefined>;
  /** Every document of a snapshot, for the static build. */
  keys(snapshot: Snapshot): DocumentKey[];
  /** Cleaned HTML of one article (cached). */
  contentHtml(article: Article): string;
  /** Cleaned bodies of the main subscription feed's items, for a saved state. */
  feedBodies(snapshot: Snapshot): SavedBody[];
  /** Cleaned bodies from a saved state; each is used only while its article's hash matches. */
  adoptBodies(bodies: Iterable<SavedBody>): void;
  /** Live articles of `snapshot` whose body was cut short when cleaned. */
  truncatedBodies(snapshot: Snapshot): readonly ContentWarning[];
  /**
   * A subscription feed of `snapshot` already rendered, by URL path, without any work: the
   * short path for the documents that nearly all polling traffic asks for.
   */
  peek(snapshot: Snapshot, path: string): RenderedDocument | undefined;
  /** Bytes held by the rendered-document cache now. */
  readonly cachedBytes: number;
}

export interface SiteOptions {
  /** Bytes of rendered documents kept for rarely asked pages (archives, tags, articles). */
  readonly documentCacheBytes?: number;
  /** Bytes of cleaned article bodies kept. */
  readonly bodyCacheBytes?: number;
  /** Told of each body version over the cleaning budget (only its start is served). */
  readonly onTruncated?: (warning: ContentWarning) => void;
}

/** What every feed shares: the site, the podcast, the hubs and the polling interval. */
function feedContext(config: Config): FeedContext {
  return {
    site: config.site,
    podcast: config.podcast,
    hubs: config.websubHub ? [config.websubHub] : [],
    ...(config.maxAgeSeconds
      ? { ttlMinutes: Math.max(1, Math.ceil(config.maxAgeSeconds / 60)) }
      : {}),
  };
}

/**
 * Render on demand, cache by what the output depends on: a hash of the inputs (the articles'
 * content hashes, the page's shape), so an archive whose articles did not change keeps its bytes
 * and ETag across rescans, and identical inputs on two replicas give identical bytes.
 */
export function createSite(config: Config, store: SourceStore, options: SiteOptions = {}): Site {
  const bodies = createArticleBodies(config, store, options);
  const documents = createDocumentCache(options.documentCacheBytes ?? 64 * 1024 * 1024);
  const plans: PlanContext = {
    config,
    feeds: feedContext(config),
    contentHtml: bodies.contentHtml,
  };

  return {
    async render(snapshot, key, options = {}) {
      const planned = planDocument(plans, snapshot, key);
      const doc = planned ? await documents.render(snapshot, key, planned) : undefined;
      // A failed brotli leaves the document served with gzip (the static build reports it).
      if (doc && !options.servable) await doc.complete.catch(() => {});
      return doc;
    },
    peek: documents.peek,
    keys: (snapshot) => documentKeys(snapshot, config.feedLimit),
    contentHtml: bodies.contentHtml,
    feedBodies: (snapshot) =>
      (paginateFeed(snapshot.articles, config.feedLimit, null)?.items ?? []).map(
        (article) => [article.path, article.hash, bodies.contentHtml(article)] as const,
      ),
    truncatedBodies: bodies.truncated,
    adoptBodies: bodies.adopt,
    get cachedBytes() {
      return documents.weight;
    },
  };
}
