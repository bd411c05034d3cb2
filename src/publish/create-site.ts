import { createHash } from "node:crypto";
import type { Snapshot } from "../catalogue/snapshot.js";
import type { Config } from "../config.js";
import type { SourceStore } from "../content/source-store.js";
import { renderBodyWithBudget, truncatedBodyWarning } from "../core/clean/render-body.js";
import {
  buildFeedDocument,
  type FeedContext,
  type FeedSubject,
  feedHomeUrl,
} from "../core/feeds/build-feed-document.js";
import { FEED_TYPES, type FeedAddress, feedPath } from "../core/feeds/feed-paths.js";
import { renderAtom } from "../core/feeds/render-atom.js";
import { renderJsonFeed } from "../core/feeds/render-json-feed.js";
import { renderOpml } from "../core/feeds/render-opml.js";
import { renderRss } from "../core/feeds/render-rss.js";
import {
  type FeedSet,
  renderArticlePage,
  renderIndexPage,
  renderNotFoundPage,
  renderTagPage,
} from "../core/pages/render-pages.js";
import { isContentError } from "../core/parse/content-error.js";
import { parseArticle } from "../core/parse/parse-article.js";
import { countArchives, paginateFeed } from "../core/select/paginate-feed.js";
import type { Article, ContentWarning, FeedDocument, FeedFormat } from "../core/types.js";
import { mediaBaseUrl, tagSlug } from "../core/urls.js";
import { LruCache } from "../lib/lru-cache.js";
import type { SavedBody } from "../state/saved-state.js";
import {
  createRenderedDocument,
  documentWeight,
  OVERSIZED_DOCUMENTS,
  type RenderedDocument,
} from "./rendered-document.js";

/** Every document the site can answer with. */
export type DocumentKey =
  | { readonly kind: "feed"; readonly address: FeedAddress }
  | { readonly kind: "index" }
  | { readonly kind: "article"; readonly slug: string }
  | { readonly kind: "tag"; readonly slug: string }
  | { readonly kind: "opml" }
  | { readonly kind: "not-found" };

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

const RENDERERS: Readonly<Record<FeedFormat, (doc: FeedDocument) => string>> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

const FORMATS: readonly FeedFormat[] = ["rss", "atom", "json"];
const HTML = "text/html; charset=utf-8";
const OPML = "text/x-opml; charset=utf-8";
const INDEX_TAGS = 100;
const TAG_PAGE_ARTICLES = 100;

/** The feed's Content-Type header value. */
export function feedContentType(format: FeedFormat): string {
  return `${FEED_TYPES[format]}; charset=utf-8`;
}

/** The cache slot of a document: one per URL, whichever version of it is current. */
export function documentSlot(key: DocumentKey): string {
  switch (key.kind) {
    case "feed":
      return feedPath(key.address);
    case "article":
    case "tag":
      return `${key.kind}:${key.slug}`;
    default:
      return key.kind;
  }
}

function fingerprint(parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("base64url").slice(0, 22);
}

/**
 * Render on demand, cache by what the output depends on. A document's cache key is a hash of its
 * inputs (the articles' content hashes and the page's shape), so an archive whose articles did
 * not change keeps its bytes and ETag across rescans, and identical inputs on two replicas give
 * identical bytes.
 */
export function createSite(config: Config, store: SourceStore, options: SiteOptions = {}): Site {
  const { site } = config;
  const baseUrl = site.baseUrl;
  const context: FeedContext = {
    site,
    podcast: config.podcast,
    hubs: config.websubHub ? [config.websubHub] : [],
    ...(config.maxAgeSeconds
      ? { ttlMinutes: Math.max(1, Math.ceil(config.maxAgeSeconds / 60)) }
      : {}),
  };
  // One entry per document (its slot: path or kind and slug), holding the version last rendered
  // and that version's cache key. A newer version replaces the older in place: keyed by version,
  // a stream of single edits would fill the cache with superseded feeds, pages and bodies (about
  // 1 MB per edit for three 230 KB feeds and their compressed forms) and push out the archives
  // and pages it is there for.
  const documents = new LruCache<{ cacheKey: string; doc: RenderedDocument }>(
    options.documentCacheBytes ?? 64 * 1024 * 1024,
    (entry) => documentWeight(entry.doc),
    OVERSIZED_DOCUMENTS,
  );
  const bodies = new LruCache<{ hash: string; html: string }>(
    options.bodyCacheBytes ?? 32 * 1024 * 1024,
    (entry) => entry.html.length * 2,
  );
  const inFlight = new Map<string, Promise<RenderedDocument>>();
  // Rendered subscription documents per snapshot, by path; dropped with the snapshot.
  const hot = new WeakMap<Snapshot, Map<string, RenderedDocument>>();
  const MAX_HOT = 1000;

  function remember(snapshot: Snapshot, key: DocumentKey, doc: RenderedDocument): void {
    if (key.kind !== "feed" || key.address.archive !== null) return;
    let docs = hot.get(snapshot);
    if (!docs) {
      docs = new Map();
      hot.set(snapshot, docs);
    }
    if (docs.size < MAX_HOT) docs.set(feedPath(key.address), doc);
  }

  // Paths whose body, at this hash, was over the cleaning budget.
  const truncated = new Map<string, string>();

  function contentHtml(article: Article): string {
    const cached = bodies.get(article.path);
    if (cached?.hash === article.hash) return cached.html;
    const bytes = store.get(article.hash);
    const parsed = bytes ? parseArticle(article.path, bytes) : undefined;
    // The store holds every live version; this fallback only guards against a lost temp file.
    const cleaned =
      parsed && !isContentError(parsed)
        ? renderBodyWithBudget(parsed.body, article.bodyFormat, {
            baseUrl: mediaBaseUrl(baseUrl, article.path),
            title: article.title,
            junkSelectors: config.junkSelectors,
          })
        : { html: "", truncated: false };
    if (cleaned.truncated && truncated.get(article.path) !== article.hash) {
      truncated.set(article.path, article.hash);
      options.onTruncated?.(truncatedBodyWarning(article.path));
    } else if (!cleaned.truncated) truncated.delete(article.path);
    bodies.set(article.path, { hash: article.hash, html: cleaned.html });
    return cleaned.html;
  }

  function feedSet(tag: { slug: string; name: string } | null): FeedSet {
    const at = (format: FeedFormat) =>
      baseUrl + feedPath({ format, tag: tag?.slug ?? null, archive: null });
    return {
      title: tag ? `${site.title}: ${tag.name}` : site.title,
      rss: at("rss"),
      atom: at("atom"),
      json: at("json"),
    };
  }

  function subjectOf(snapshot: Snapshot, tag: string | null): FeedSubject | undefined {
    if (tag === null) return { tag: null, articles: snapshot.articles };
    const entry = snapshot.tags.get(tag);
    return entry
      ? { tag: { slug: entry.slug, name: entry.name }, articles: entry.articles }
      : undefined;
  }

  /** Returns the cache key and a render function, or undefined when the document does not exist. */
  function plan(
    snapshot: Snapshot,
    key: DocumentKey,
  ): { cacheKey: string; make: () => Promise<RenderedDocument> } | undefined {
    switch (key.kind) {
      case "feed": {
        const { address } = key;
        const subject = subjectOf(snapshot, address.tag);
        if (!subject) return undefined;
        const page = paginateFeed(subject.articles, config.feedLimit, address.archive);
        if (!page) return undefined;
        const cacheKey = fingerprint([
          "feed",
          feedPath(address),
          subject.tag?.name ?? "",
          String(subject.articles.some((a) => a.enclosure)),
          String(page.prevArchive),
          String(page.nextArchive),
          String(page.complete),
          ...page.items.map((a) => `${a.path}:${a.hash}`),
        ]);
        return {
          cacheKey,
          make: () => {
            const contents = page.items.map(contentHtml);
            const doc = buildFeedDocument(context, subject, address.format, page, contents);
            return createRenderedDocument({
              contentType: feedContentType(address.format),
              text: RENDERERS[address.format](doc),
            });
          },
        };
      }
      case "article": {
        const article = snapshot.bySlug.get(key.slug);
        if (!article) return undefined;
        const tags = article.tags.map((name) => ({ name, url: tagPageUrl(snapshot, name) }));
        return {
          cacheKey: fingerprint(["article", article.path, article.hash, ...tags.map((t) => t.url)]),
          make: () =>
            createRenderedDocument({
              contentType: HTML,
              text: renderArticlePage({
                site,
                article,
                contentHtml: contentHtml(article),
                tags,
                feeds: feedSet(null),
              }),
            }),
        };
      }
      case "tag": {
        const entry = snapshot.tags.get(key.slug);
        if (!entry) return undefined;
        return {
          cacheKey: fingerprint(["tag", entry.slug, snapshot.version]),
          make: () =>
            createRenderedDocument({
              contentType: HTML,
              text: renderTagPage({
                site,
                tag: { slug: entry.slug, name: entry.name, url: feedHomeUrl(baseUrl, entry.slug) },
                articles: entry.articles.slice(0, TAG_PAGE_ARTICLES),
                feeds: feedSet(entry),
                mainFeeds: feedSet(null),
              }),
            }),
        };
      }
      case "index":
        return {
          cacheKey: fingerprint(["index", snapshot.version]),
          make: () =>
            createRenderedDocument({
              contentType: HTML,
              text: renderIndexPage({
                site,
                articles: snapshot.articles.slice(0, config.feedLimit),
                tags: [...snapshot.tags.values()]
                  .sort(
                    (a, b) => b.articles.length - a.articles.length || (a.slug < b.slug ? -1 : 1),
                  )
                  .slice(0, INDEX_TAGS)
                  .map((t) => ({
                    slug: t.slug,
                    name: t.name,
                    count: t.articles.length,
                    url: feedHomeUrl(baseUrl, t.slug),
                  })),
                feeds: feedSet(null),
                opmlUrl: `${baseUrl}/feeds.opml`,
              }),
            }),
        };
      case "opml":
        return {
          cacheKey: fingerprint(["opml", snapshot.version]),
          make: () =>
            createRenderedDocument({
              contentType: OPML,
              text: renderOpml({
                site,
                updated: snapshot.updated,
                // One outline per feed (its RSS form): importing the list into a reader should
                // subscribe once to each feed, not three times in three formats.
                feeds: [null, ...snapshot.tags.values()].map((entry) => ({
                  title: feedSet(entry).title,
                  xmlUrl: feedSet(entry).rss,
                  htmlUrl: feedHomeUrl(baseUrl, entry?.slug ?? null),
                  type: "rss" as const,
                })),
              }),
            }),
        };
      case "not-found":
        return {
          cacheKey: fingerprint(["not-found"]),
          make: () =>
            createRenderedDocument({
              contentType: HTML,
              text: renderNotFoundPage({ site, feeds: feedSet(null) }),
              cacheControl: "no-cache",
            }),
        };
    }
  }

  function tagPageUrl(snapshot: Snapshot, name: string): string {
    const slug = tagSlug(name);
    return snapshot.tags.has(slug) ? feedHomeUrl(baseUrl, slug) : `${baseUrl}/`;
  }

  async function renderServable(
    snapshot: Snapshot,
    key: DocumentKey,
  ): Promise<RenderedDocument | undefined> {
    const planned = plan(snapshot, key);
    if (!planned) return undefined;
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
    async render(snapshot, key, options = {}) {
      const doc = await renderServable(snapshot, key);
      // A failed brotli leaves the document served with gzip (the static build reports it).
      if (doc && !options.servable) await doc.complete.catch(() => {});
      return doc;
    },
    peek(snapshot, path) {
      return hot.get(snapshot)?.get(path);
    },
    keys(snapshot) {
      const keys: DocumentKey[] = [{ kind: "index" }, { kind: "opml" }, { kind: "not-found" }];
      for (const tag of [null, ...snapshot.tags.keys()]) {
        const subject = subjectOf(snapshot, tag);
        const archives = subject ? countArchives(subject.articles.length, config.feedLimit) : 0;
        for (const archive of [null, ...Array.from({ length: archives }, (_, i) => i + 1)]) {
          for (const format of FORMATS)
            keys.push({ kind: "feed", address: { format, tag, archive } });
        }
        if (tag !== null) keys.push({ kind: "tag", slug: tag });
      }
      for (const article of snapshot.articles) keys.push({ kind: "article", slug: article.slug });
      return keys;
    },
    contentHtml,
    feedBodies: (snapshot) =>
      (paginateFeed(snapshot.articles, config.feedLimit, null)?.items ?? []).map(
        (article) => [article.path, article.hash, contentHtml(article)] as const,
      ),
    truncatedBodies(snapshot) {
      const warnings: ContentWarning[] = [];
      for (const [path, hash] of truncated) {
        if (snapshot.catalogue.get(path)?.article?.hash === hash) {
          warnings.push(truncatedBodyWarning(path));
        }
      }
      return warnings;
    },
    adoptBodies(saved) {
      for (const [path, hash, html] of saved) bodies.set(path, { hash, html });
    },
    get cachedBytes() {
      return documents.weight;
    },
  };
}
