/**
 * JSON Feed 1.1 as a plain object and `JSON.stringify`: JSON needs no builder, and `feed` writes
 * version 1 (docs/architecture.md, "Why not the `feed` package").
 */
import { foldLine, isLanguageTag } from "../text/feed-text.js";
import type { Author, FeedDocument, FeedItem } from "../types.js";
import { formatRfc3339 } from "./format-dates.js";
import { stripIllegalXmlChars } from "./xml/xml-chars.js";

const VERSION = "https://jsonfeed.org/version/1.1";

/** Render a feed document as JSON Feed 1.1. Pure: the same document gives the same bytes. */
export function renderJsonFeed(doc: FeedDocument): string {
  const { site, links } = doc;
  const feed = {
    version: VERSION,
    title: foldLine(doc.title),
    home_page_url: links.home,
    feed_url: links.self,
    description: doc.description || undefined,
    // RFC 5005 prev-archive holds the older items, which is what JSON Feed pages via next_url.
    next_url: links.prevArchive,
    icon: site.icon ?? site.logo,
    favicon: site.favicon ?? site.icon,
    authors: site.author ? [jsonAuthor(site.author)] : undefined,
    // JSON Feed 1.1 §author: deprecated, yet 1.0 readers read only it; both say the same.
    author: site.author ? jsonAuthor(site.author) : undefined,
    language: languageOf(site.language),
    hubs: nonEmpty(links.hubs.map((url) => ({ type: "WebSub", url }))),
    // §Extensions: what JSON Feed has no field for, in one custom object.
    _feedmill: {
      generator: site.generator,
      copyright: site.copyright,
      current: links.current,
      next_archive: links.nextArchive,
      archive: doc.archive,
      complete: doc.complete,
      alternates: nonEmpty(links.alternates.map(({ href, type }) => ({ url: href, type }))),
    },
    items: doc.items.map(jsonItem),
  };
  // The same characters leave every format: those XML 1.0 forbids (§2.2) go here too, so a
  // title reads the same in the JSON and the XML feeds, and no lone surrogate reaches a client.
  return `${JSON.stringify(feed, dropIllegalChars, 2)}\n`;
}

function jsonItem(item: FeedItem) {
  const { article } = item;
  const { enclosure } = article;
  const firstAuthor = article.authors[0];
  return {
    // §items: `id` is a string even when it looks like a number.
    id: String(article.id),
    url: article.link,
    title: foldLine(article.title),
    content_html: item.contentHtml,
    summary: article.summary || undefined,
    image: article.image,
    date_published: formatRfc3339(article.published),
    date_modified: formatRfc3339(article.updated),
    authors: nonEmpty(article.authors.map(jsonAuthor)),
    author: firstAuthor ? jsonAuthor(firstAuthor) : undefined,
    tags: nonEmpty(article.tags.map(foldLine)),
    language: languageOf(article.language),
    attachments: enclosure
      ? [
          {
            url: enclosure.url,
            mime_type: enclosure.type,
            // Whole numbers: strict readers (Go's encoding/json into an int) refuse `16.5`.
            size_in_bytes: wholeNumber(enclosure.length),
            duration_in_seconds: wholeNumber(enclosure.duration),
          },
        ]
      : undefined,
  };
}

/** JSON Feed authors have no email; the spec allows a `mailto:` URL instead. */
function jsonAuthor(author: Author) {
  return {
    name: foldLine(author.name),
    url: author.url ?? (author.email ? `mailto:${encodeURI(author.email)}` : undefined),
  };
}

/** §Top-level `language` is an RFC 5646 tag; a malformed one is left out. */
function languageOf(tag: string | undefined): string | undefined {
  return tag !== undefined && isLanguageTag(tag) ? tag : undefined;
}

function wholeNumber(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value);
}

function nonEmpty<T>(values: readonly T[]): readonly T[] | undefined {
  return values.length > 0 ? values : undefined;
}

function dropIllegalChars(_key: string, value: unknown): unknown {
  return typeof value === "string" ? stripIllegalXmlChars(value) : value;
}
