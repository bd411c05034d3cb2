import { createHash } from "node:crypto";
import type { Snapshot } from "../catalogue/snapshot.js";
import type { Config } from "../config.js";
import {
  buildFeedDocument,
  type FeedContext,
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
import { paginateFeed } from "../core/select/paginate-feed.js";
import type { Article, FeedDocument, FeedFormat } from "../core/types.js";
import { tagSlug } from "../core/urls.js";
import { type DocumentKey, feedSubject } from "./document-key.js";
import { createRenderedDocument, type RenderedDocument } from "./rendered-document.js";

/** What a document's bytes depend on (hashed) and how to render them. */
export interface DocumentPlan {
  readonly cacheKey: string;
  readonly make: () => Promise<RenderedDocument>;
}

/** What every plan reads besides the snapshot. */
export interface PlanContext {
  readonly config: Config;
  readonly feeds: FeedContext;
  readonly contentHtml: (article: Article) => string;
}

type TagEntry = { readonly slug: string; readonly name: string };

const RENDERERS: Readonly<Record<FeedFormat, (doc: FeedDocument) => string>> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

const HTML = "text/html; charset=utf-8";
const OPML = "text/x-opml; charset=utf-8";
const INDEX_TAGS = 100;
const TAG_PAGE_ARTICLES = 100;

/** The feed's Content-Type header value. */
export function feedContentType(format: FeedFormat): string {
  return `${FEED_TYPES[format]}; charset=utf-8`;
}

/** The plan for `key` in `snapshot`, or undefined when that document does not exist. */
export function planDocument(
  ctx: PlanContext,
  snapshot: Snapshot,
  key: DocumentKey,
): DocumentPlan | undefined {
  switch (key.kind) {
    case "feed":
      return planFeed(ctx, snapshot, key.address);
    case "article":
      return planArticle(ctx, snapshot, key.slug);
    case "tag":
      return planTagPage(ctx, snapshot, key.slug);
    case "index":
      return planIndex(ctx, snapshot);
    case "opml":
      return planOpml(ctx, snapshot);
    case "not-found":
      return planNotFound(ctx);
  }
}

function fingerprint(parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("base64url").slice(0, 22);
}

/** A document keyed by `key` whose text `render` makes only when it is not cached. */
function planText(
  key: readonly string[],
  contentType: string,
  render: () => string,
  cacheControl?: string,
): DocumentPlan {
  return {
    cacheKey: fingerprint(key),
    make: () =>
      createRenderedDocument({
        contentType,
        text: render(),
        ...(cacheControl === undefined ? {} : { cacheControl }),
      }),
  };
}

function feedSet(config: Config, tag: TagEntry | null): FeedSet {
  const at = (format: FeedFormat) =>
    config.site.baseUrl + feedPath({ format, tag: tag?.slug ?? null, archive: null });
  return {
    title: tag ? `${config.site.title}: ${tag.name}` : config.site.title,
    rss: at("rss"),
    atom: at("atom"),
    json: at("json"),
  };
}

function tagPageUrl(config: Config, snapshot: Snapshot, name: string): string {
  const baseUrl = config.site.baseUrl;
  const slug = tagSlug(name);
  return snapshot.tags.has(slug) ? feedHomeUrl(baseUrl, slug) : `${baseUrl}/`;
}

function planFeed(
  ctx: PlanContext,
  snapshot: Snapshot,
  address: FeedAddress,
): DocumentPlan | undefined {
  const subject = feedSubject(snapshot, address.tag);
  if (!subject) return undefined;
  const page = paginateFeed(subject.articles, ctx.config.feedLimit, address.archive);
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
      const contents = page.items.map(ctx.contentHtml);
      const doc = buildFeedDocument(ctx.feeds, subject, address.format, page, contents);
      return createRenderedDocument({
        contentType: feedContentType(address.format),
        text: RENDERERS[address.format](doc),
      });
    },
  };
}

function planArticle(ctx: PlanContext, snapshot: Snapshot, slug: string): DocumentPlan | undefined {
  const { config } = ctx;
  const article = snapshot.bySlug.get(slug);
  if (!article) return undefined;
  const tags = article.tags.map((name) => ({ name, url: tagPageUrl(config, snapshot, name) }));
  const key = ["article", article.path, article.hash, ...tags.map((t) => t.url)];
  return planText(key, HTML, () =>
    renderArticlePage({
      site: config.site,
      article,
      contentHtml: ctx.contentHtml(article),
      tags,
      feeds: feedSet(config, null),
    }),
  );
}

function planTagPage(ctx: PlanContext, snapshot: Snapshot, slug: string): DocumentPlan | undefined {
  const { config } = ctx;
  const entry = snapshot.tags.get(slug);
  if (!entry) return undefined;
  const url = feedHomeUrl(config.site.baseUrl, entry.slug);
  return planText(["tag", entry.slug, snapshot.version], HTML, () =>
    renderTagPage({
      site: config.site,
      tag: { slug: entry.slug, name: entry.name, url },
      articles: entry.articles.slice(0, TAG_PAGE_ARTICLES),
      feeds: feedSet(config, entry),
      mainFeeds: feedSet(config, null),
    }),
  );
}

/** The most used tags first, ties by slug. */
function indexTags(config: Config, snapshot: Snapshot) {
  return [...snapshot.tags.values()]
    .sort((a, b) => b.articles.length - a.articles.length || (a.slug < b.slug ? -1 : 1))
    .slice(0, INDEX_TAGS)
    .map((t) => ({
      slug: t.slug,
      name: t.name,
      count: t.articles.length,
      url: feedHomeUrl(config.site.baseUrl, t.slug),
    }));
}

function planIndex(ctx: PlanContext, snapshot: Snapshot): DocumentPlan {
  const { config } = ctx;
  return planText(["index", snapshot.version], HTML, () =>
    renderIndexPage({
      site: config.site,
      articles: snapshot.articles.slice(0, config.feedLimit),
      tags: indexTags(config, snapshot),
      feeds: feedSet(config, null),
      opmlUrl: `${config.site.baseUrl}/feeds.opml`,
    }),
  );
}

function planOpml(ctx: PlanContext, snapshot: Snapshot): DocumentPlan {
  const { config } = ctx;
  return planText(["opml", snapshot.version], OPML, () =>
    renderOpml({
      site: config.site,
      updated: snapshot.updated,
      // One outline per feed (its RSS form): importing the list into a reader should
      // subscribe once to each feed, not three times in three formats.
      feeds: [null, ...snapshot.tags.values()].map((entry) => {
        const feeds = feedSet(config, entry);
        return {
          title: feeds.title,
          xmlUrl: feeds.rss,
          htmlUrl: feedHomeUrl(config.site.baseUrl, entry?.slug ?? null),
          type: "rss" as const,
        };
      }),
    }),
  );
}

function planNotFound(ctx: PlanContext): DocumentPlan {
  const render = () =>
    renderNotFoundPage({ site: ctx.config.site, feeds: feedSet(ctx.config, null) });
  return planText(["not-found"], HTML, render, "no-cache");
}
