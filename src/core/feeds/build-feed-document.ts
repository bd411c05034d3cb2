import type { FeedPage } from "../select/paginate-feed.js";
import type {
  Article,
  FeedDocument,
  FeedFormat,
  FeedLinks,
  PodcastMeta,
  SiteMeta,
} from "../types.js";
import { FEED_TYPES, type FeedAddress, feedPath } from "./feed-paths.js";
import { podcastGuid } from "./podcast-guid.js";

/** Site-wide inputs of every feed document (from config; constant for a process). */
export interface FeedContext {
  readonly site: SiteMeta;
  readonly podcast: PodcastMeta | null;
  readonly hubs: readonly string[];
  readonly ttlMinutes?: number;
}

/** What a feed is about: the whole site or one tag, with its articles newest first. */
export interface FeedSubject {
  readonly tag: { readonly slug: string; readonly name: string } | null;
  readonly articles: readonly Article[];
}

const FORMATS: readonly FeedFormat[] = ["rss", "atom", "json"];

/** The HTML page a feed describes: the home page, or the tag's page. */
export function feedHomeUrl(baseUrl: string, tagSlug: string | null): string {
  return tagSlug === null ? `${baseUrl}/` : `${baseUrl}/tags/${encodeURIComponent(tagSlug)}/`;
}

function feedLinks(context: FeedContext, address: FeedAddress, page: FeedPage<Article>): FeedLinks {
  const { baseUrl } = context.site;
  const at = (archive: number | null, format = address.format): string =>
    baseUrl + feedPath({ ...address, format, archive });
  return {
    self: at(address.archive),
    home: feedHomeUrl(baseUrl, address.tag),
    current: at(null),
    ...(page.prevArchive === null ? {} : { prevArchive: at(page.prevArchive) }),
    ...(page.nextArchive === null ? {} : { nextArchive: at(page.nextArchive) }),
    alternates: FORMATS.filter((format) => format !== address.format).map((format) => ({
      href: at(address.archive, format),
      type: FEED_TYPES[format],
    })),
    hubs: context.hubs,
  };
}

/** Each feed is its own show, guid from its URL; config's guid and move belong to the main one. */
function feedPodcastMeta(podcast: PodcastMeta, subject: FeedSubject, current: string): PodcastMeta {
  const { guid, newFeedUrl, ...show } = podcast;
  const main = subject.tag === null;
  return {
    ...show,
    guid: (main ? guid : undefined) ?? podcastGuid(current),
    ...(main && newFeedUrl ? { newFeedUrl } : {}),
  };
}

/**
 * Assemble the data of one feed document. `contents[i]` is the cleaned HTML of
 * `page.items[i]`. The feed's date is the newest change among its items, never the clock, so
 * the same content always gives the same bytes.
 */
export function buildFeedDocument(
  context: FeedContext,
  subject: FeedSubject,
  format: FeedFormat,
  page: FeedPage<Article>,
  contents: readonly string[],
): FeedDocument {
  const address: FeedAddress = { format, tag: subject.tag?.slug ?? null, archive: page.archive };
  const { site } = context;
  const isPodcast = context.podcast !== null && subject.articles.some((a) => a.enclosure);
  const links = feedLinks(context, address, page);
  return {
    site,
    title: subject.tag ? `${site.title}: ${subject.tag.name}` : site.title,
    // RSS 2.0 channel descriptions are plain text, yet some readers render them as HTML: a tag
    // name (author-controlled) loses `<` and `>` here so that no markup can form either way.
    description: subject.tag
      ? `Articles tagged “${subject.tag.name.replace(/[<>]/g, "")}” from ${site.title}`
      : site.description,
    links,
    updated: page.items.reduce((newest, article) => Math.max(newest, article.updated), 0),
    archive: page.archive !== null,
    complete: page.complete,
    ...(isPodcast && context.podcast
      ? { podcast: feedPodcastMeta(context.podcast, subject, links.current) }
      : {}),
    ...(context.ttlMinutes === undefined ? {} : { ttlMinutes: context.ttlMinutes }),
    items: page.items.map((article, i) => ({ article, contentHtml: contents[i] ?? "" })),
  };
}
