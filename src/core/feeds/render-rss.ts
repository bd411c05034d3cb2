/**
 * RSS 2.0 with the atom, content, dc, fh, itunes, media and sy modules, written with
 * xml-element.ts: `feed` cannot express them (docs/architecture.md, "Why not the `feed` package").
 */
import { escapeHtml } from "../text/escape-html.js";
import { foldLine, isLanguageTag } from "../text/feed-text.js";
import type {
  Author,
  EpisodeMeta,
  FeedDocument,
  FeedItem,
  FeedLinks,
  Person,
  PodcastMeta,
} from "../types.js";
import { formatRfc822, formatRfc3339 } from "./format-dates.js";
import {
  appendElement,
  appendPlainText,
  createXmlDocument,
  serializeXml,
  type XmlElement,
} from "./xml/xml-element.js";
import { XML_NAMESPACES } from "./xml/xml-namespaces.js";

const RSS_TYPE = "application/rss+xml";

/** The Syndication module's periods in minutes; a `ttl` maps to the shortest one it fits in. */
const UPDATE_PERIODS = [
  ["hourly", 60],
  ["daily", 24 * 60],
  ["weekly", 7 * 24 * 60],
  ["yearly", 365 * 24 * 60],
] as const;

/** Render a feed document as RSS 2.0. Pure: the same document gives the same bytes. */
export function renderRss(doc: FeedDocument): string {
  const root = createXmlDocument();
  const rss = appendElement(root, "rss", undefined, {
    version: "2.0",
    "xmlns:atom": XML_NAMESPACES.atom,
    "xmlns:content": XML_NAMESPACES.content,
    "xmlns:dc": XML_NAMESPACES.dc,
    "xmlns:fh": XML_NAMESPACES.fh,
    "xmlns:itunes": doc.podcast ? XML_NAMESPACES.itunes : undefined,
    "xmlns:media": XML_NAMESPACES.media,
    "xmlns:podcast": doc.podcast ? XML_NAMESPACES.podcast : undefined,
    "xmlns:sy": XML_NAMESPACES.sy,
  });
  const channel = appendElement(rss, "channel");
  appendChannelMeta(channel, doc);
  for (const item of doc.items) appendItem(channel, item, doc);
  return serializeXml(root);
}

function appendChannelMeta(channel: XmlElement, doc: FeedDocument): void {
  const { site } = doc;
  appendElement(channel, "title", foldLine(doc.title));
  appendElement(channel, "link", doc.links.home);
  appendElement(channel, "description", doc.description);
  appendAtomLinks(channel, doc.links);
  // RFC 5005 Appendix B: the history elements in RSS 2.0.
  if (doc.archive) appendElement(channel, "fh:archive");
  if (doc.complete) appendElement(channel, "fh:complete");
  if (isLanguageTag(site.language)) appendElement(channel, "language", site.language);
  if (site.copyright) appendElement(channel, "copyright", site.copyright);
  if (site.author?.email) {
    appendElement(channel, "managingEditor", rssPerson(site.author.email, site.author.name));
  }
  if (site.author) appendElement(channel, "dc:creator", foldLine(site.author.name));
  appendElement(channel, "lastBuildDate", formatRfc822(doc.updated));
  appendElement(channel, "generator", site.generator);
  appendElement(channel, "docs", "https://www.rssboard.org/rss-specification");
  appendSchedule(channel, doc.ttlMinutes);
  const image = site.logo ?? site.icon;
  if (image) {
    const element = appendElement(channel, "image");
    appendElement(element, "url", image);
    appendElement(element, "title", foldLine(doc.title));
    appendElement(element, "link", doc.links.home);
  }
  if (doc.podcast) appendPodcastMeta(channel, doc.podcast, site.author);
}

/** RFC 5005 and WebSub links, in the Atom namespace (RSS 2.0 has no link relations). */
function appendAtomLinks(channel: XmlElement, links: FeedLinks): void {
  const link = (rel: string, href: string, type?: string) =>
    appendElement(channel, "atom:link", undefined, { rel, type, href });
  link("self", links.self, RSS_TYPE);
  link("current", links.current, RSS_TYPE);
  if (links.prevArchive) link("prev-archive", links.prevArchive, RSS_TYPE);
  if (links.nextArchive) link("next-archive", links.nextArchive, RSS_TYPE);
  for (const alternate of links.alternates) link("alternate", alternate.href, alternate.type);
  for (const hub of links.hubs) link("hub", hub);
}

function appendSchedule(channel: XmlElement, ttlMinutes: number | undefined): void {
  // RSS 2.0 `ttl` is a whole number of minutes.
  if (ttlMinutes === undefined || !Number.isInteger(ttlMinutes) || ttlMinutes <= 0) return;
  appendElement(channel, "ttl", String(ttlMinutes));
  const period =
    UPDATE_PERIODS.find(([, minutes]) => minutes % ttlMinutes === 0) ??
    UPDATE_PERIODS.find(([, minutes]) => minutes >= ttlMinutes);
  if (!period) return;
  appendElement(channel, "sy:updatePeriod", period[0]);
  appendElement(channel, "sy:updateFrequency", String(Math.floor(period[1] / ttlMinutes)));
}

/** The channel tags Apple Podcasts requires (Apple's "RSS feed requirements" for shows). */
function appendPodcastMeta(channel: XmlElement, podcast: PodcastMeta, author?: Author): void {
  appendElement(channel, "itunes:author", foldLine(author?.name ?? podcast.ownerName));
  const owner = appendElement(channel, "itunes:owner");
  appendElement(owner, "itunes:name", foldLine(podcast.ownerName));
  appendElement(owner, "itunes:email", podcast.ownerEmail);
  appendElement(channel, "itunes:image", undefined, { href: podcast.image });
  const category = appendElement(channel, "itunes:category", undefined, {
    text: podcast.category,
  });
  if (podcast.subcategory) {
    appendElement(category, "itunes:category", undefined, { text: podcast.subcategory });
  }
  appendElement(channel, "itunes:explicit", String(podcast.explicit));
  appendElement(channel, "itunes:type", podcast.type);
  // Apple's move: apps re-subscribe to the new URL (and the old one should answer 301 there).
  if (podcast.newFeedUrl) appendElement(channel, "itunes:new-feed-url", podcast.newFeedUrl);
  appendPodcastNamespace(channel, podcast);
}

/** Podcasting 2.0 channel tags (podcast-namespace docs/tags/*.md). */
function appendPodcastNamespace(channel: XmlElement, podcast: PodcastMeta): void {
  if (podcast.guid) appendElement(channel, "podcast:guid", podcast.guid);
  if (podcast.locked !== undefined) {
    appendElement(channel, "podcast:locked", podcast.locked ? "yes" : "no", {
      owner: podcast.ownerEmail,
    });
  }
  for (const { url, text } of podcast.funding ?? []) {
    appendElement(channel, "podcast:funding", foldLine(text), { url });
  }
  for (const person of podcast.persons ?? []) appendPerson(channel, person);
  if (podcast.usesPodping)
    appendElement(channel, "podcast:podping", undefined, { usesPodping: "true" });
}

/** `podcast:person`: the name as text; role and group default to host and cast. */
function appendPerson(parent: XmlElement, person: Person): void {
  const { name, role, group, img, href } = person;
  appendElement(parent, "podcast:person", foldLine(name), { role, group, img, href });
}

function appendItem(channel: XmlElement, item: FeedItem, doc: FeedDocument): void {
  const { article } = item;
  const element = appendElement(channel, "item");
  appendPlainText(element, "title", foldLine(article.title));
  appendElement(element, "link", article.link);
  // RSS 2.0 `guid`: a permalink only when it is the item's link; a tag: id or a moved link is not.
  appendElement(element, "guid", article.id, {
    isPermaLink: String(article.id === article.link),
  });
  // Readers treat `description` as HTML; the summary is plain text.
  if (article.summary) appendElement(element, "description", escapeHtml(article.summary));
  appendElement(element, "content:encoded", item.contentHtml);
  appendElement(element, "pubDate", formatRfc822(article.published));
  // RSS 2.0 has no update date; Atom's, in the Atom namespace, is what the W3C validator accepts
  // in an item and what SimplePie and Python's feedparser read, so every format dates it alike.
  appendElement(element, "atom:updated", formatRfc3339(article.updated));
  for (const author of article.authors) appendElement(element, "dc:creator", foldLine(author.name));
  // RSS 2.0 `author` is an email address; one per item, and only when an email is known.
  const withEmail = article.authors.find((author) => author.email);
  if (withEmail?.email) {
    appendElement(element, "author", rssPerson(withEmail.email, withEmail.name));
  }
  for (const tag of article.tags) appendElement(element, "category", foldLine(tag));
  const { enclosure } = article;
  if (enclosure) {
    // RSS 2.0 requires `length`; the RSS Best Practices Profile (enclosure) says to write 0
    // when the size cannot be determined, and advises one enclosure per item.
    appendElement(element, "enclosure", undefined, {
      url: enclosure.url,
      length: enclosure.length ?? 0,
      type: enclosure.type,
    });
  }
  if (article.image) {
    // The lead image is Media RSS `thumbnail` only: `media:content` beside it made Tiny Tiny RSS
    // attach the image twice, and SimplePie's first enclosure the image instead of the audio.
    appendElement(element, "media:thumbnail", undefined, { url: article.image });
  }
  if (doc.podcast && enclosure) appendEpisodeTags(element, item, doc.podcast, doc.site.author);
}

/** The episode tags Apple Podcasts reads; items without an enclosure are not episodes. */
function appendEpisodeTags(
  element: XmlElement,
  { article }: FeedItem,
  podcast: PodcastMeta,
  siteAuthor?: Author,
): void {
  const names = article.authors.map((author) => author.name).join(", ");
  appendElement(element, "itunes:author", foldLine(names || siteAuthor?.name || podcast.ownerName));
  if (article.image) appendElement(element, "itunes:image", undefined, { href: article.image });
  const duration = article.enclosure?.duration;
  if (duration !== undefined)
    appendElement(element, "itunes:duration", String(Math.round(duration)));
  const episode = article.episode;
  appendElement(element, "itunes:explicit", String(episode?.explicit ?? podcast.explicit));
  appendElement(element, "itunes:episodeType", episode?.episodeType ?? "full");
  if (episode) appendEpisodeNumbers(element, episode);
  for (const { url, type, language, rel } of episode?.transcripts ?? []) {
    appendElement(element, "podcast:transcript", undefined, { url, type, language, rel });
  }
  if (episode?.chapters) {
    appendElement(element, "podcast:chapters", undefined, {
      url: episode.chapters,
      type: "application/json+chapters",
    });
  }
  for (const person of episode?.persons ?? []) appendPerson(element, person);
}

/** Apple's season and episode are positive integers; Podcasting 2.0's episode may be decimal. */
function appendEpisodeNumbers(element: XmlElement, { season, episode }: EpisodeMeta): void {
  const isAppleNumber = (n: number) => Number.isInteger(n) && n > 0;
  if (season && isAppleNumber(season.number)) {
    appendElement(element, "itunes:season", String(season.number));
  }
  if (episode && isAppleNumber(episode.number)) {
    appendElement(element, "itunes:episode", String(episode.number));
  }
  if (season)
    appendElement(element, "podcast:season", String(season.number), { name: season.name });
  if (episode) {
    appendElement(element, "podcast:episode", String(episode.number), {
      display: episode.display,
    });
  }
}

/** RSS 2.0 person: `email (name)`. */
function rssPerson(email: string, name: string): string {
  return `${email} (${foldLine(name)})`;
}
