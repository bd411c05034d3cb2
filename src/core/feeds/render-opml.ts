import { escapeHtml } from "../text/escape-html.js";
import type { FeedFormat, SiteMeta } from "../types.js";
import { FEED_LABELS } from "./feed-labels.js";
import { formatRfc822 } from "./format-dates.js";

/** One feed to list in the OPML document. */
export interface OpmlFeed {
  readonly title: string;
  readonly xmlUrl: string;
  readonly htmlUrl: string;
  readonly type: FeedFormat;
}

/** Input of {@link renderOpml}. */
export interface OpmlInput {
  readonly site: SiteMeta;
  /** Epoch ms, e.g. the newest article's `updated`; never the clock, so the bytes stay stable. */
  readonly updated: number;
  readonly feeds: readonly OpmlFeed[];
}

/** OPML 2.0 defines `RSS2` only, and validators reject invented versions for the others. */
const OUTLINE_VERSION: Readonly<Record<FeedFormat, string | undefined>> = {
  rss: "RSS2",
  atom: undefined,
  json: undefined,
};

function attribute(name: string, value: string | undefined): string {
  return value === undefined ? "" : ` ${name}="${escapeHtml(value)}"`;
}

function renderOutline(feed: OpmlFeed, language: string): string {
  // `type="rss"` for every format: OPML 2.0 defines no other, and importers sniff the format
  // from `xmlUrl` (listparser: "type=rss no matter the format").
  return [
    '    <outline type="rss"',
    // One feed usually comes in several formats; the label keeps the entries apart in a reader.
    attribute("text", `${feed.title} (${FEED_LABELS[feed.type]})`),
    attribute("title", feed.title),
    attribute("xmlUrl", feed.xmlUrl),
    attribute("htmlUrl", feed.htmlUrl),
    attribute("language", language === "" ? undefined : language),
    attribute("version", OUTLINE_VERSION[feed.type]),
    "/>",
  ].join("");
}

/** The OPML 2.0 subscription list of every feed, in the order given. */
export function renderOpml(input: OpmlInput): string {
  const { site } = input;
  const author = site.author;
  const head = [
    `    <title>${escapeHtml(site.title)}</title>`,
    `    <dateModified>${formatRfc822(input.updated)}</dateModified>`,
    author === undefined ? "" : `    <ownerName>${escapeHtml(author.name)}</ownerName>`,
    author?.email === undefined ? "" : `    <ownerEmail>${escapeHtml(author.email)}</ownerEmail>`,
    author?.url === undefined ? "" : `    <ownerId>${escapeHtml(author.url)}</ownerId>`,
    "    <docs>http://opml.org/spec2.opml</docs>",
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    "  <head>",
    ...head,
    "  </head>",
    "  <body>",
    ...input.feeds.map((feed) => renderOutline(feed, site.language)),
    "  </body>",
    "</opml>",
  ]
    .filter((line) => line !== "")
    .join("\n")
    .concat("\n");
}
