import { FEED_LABELS } from "../feeds/feed-labels.js";
import { FEED_TYPES } from "../feeds/feed-paths.js";
import { escapeHtml } from "../text/escape-html.js";
import type { FeedFormat, SiteMeta } from "../types.js";
import { isLinkable } from "./page-parts.js";
import { PAGE_CSS } from "./page-style.js";

/** Absolute URLs of one feed in the three formats. */
export interface FeedSet {
  readonly title: string;
  readonly rss: string;
  readonly atom: string;
  readonly json: string;
}

const FORMATS: readonly FeedFormat[] = ["rss", "atom", "json"];

/** What varies from page to page; the layout supplies everything else. */
export interface PageLayoutInput {
  readonly site: SiteMeta;
  /** BCP 47 tag for `<html lang>`. */
  readonly lang: string;
  /** The document `<title>`. */
  readonly title: string;
  readonly description: string;
  readonly canonical?: string;
  /** Autodiscovery `<link rel="alternate">`, in this order: readers offer the first one first. */
  readonly feeds: readonly FeedSet[];
  /** The feeds the footer offers. */
  readonly footerFeeds: FeedSet;
  /** The inside of `<main>`; must already be escaped. */
  readonly main: string;
  readonly isHome?: boolean;
  /** Keep the page out of search indexes (the 404 page). */
  readonly noindex?: boolean;
}

/** The site's home page URL. */
export function homeUrl(site: SiteMeta): string {
  return `${site.baseUrl}/`;
}

/** `<a>` links to one feed set's three formats, each typed so a browser can tell them apart. */
export function renderFeedAnchors(feeds: FeedSet): string[] {
  return FORMATS.map(
    (format) =>
      `<a href="${escapeHtml(feeds[format])}" type="${FEED_TYPES[format]}">${FEED_LABELS[format]}</a>`,
  );
}

function renderAutodiscovery(feeds: FeedSet): string[] {
  // The format goes in the title so a reader's picker shows three distinguishable choices.
  return FORMATS.map(
    (format) =>
      `<link rel="alternate" type="${FEED_TYPES[format]}" title="${escapeHtml(`${feeds.title} (${FEED_LABELS[format]})`)}" href="${escapeHtml(feeds[format])}">`,
  );
}

/** A whole HTML5 document around one page's main content. */
export function renderPageLayout(input: PageLayoutInput): string {
  const { site } = input;
  const home = escapeHtml(homeUrl(site));
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    input.description.trim() === ""
      ? ""
      : `<meta name="description" content="${escapeHtml(input.description)}">`,
    input.noindex ? '<meta name="robots" content="noindex">' : "",
    input.canonical !== undefined && isLinkable(input.canonical)
      ? `<link rel="canonical" href="${escapeHtml(input.canonical)}">`
      : "",
    site.favicon !== undefined && isLinkable(site.favicon)
      ? `<link rel="icon" href="${escapeHtml(site.favicon)}">`
      : "",
    ...input.feeds.flatMap(renderAutodiscovery),
    `<meta name="generator" content="${escapeHtml(site.generator)}">`,
    '<meta name="color-scheme" content="light dark">',
    `<style>${PAGE_CSS}</style>`,
  ];
  const copyright =
    site.copyright === undefined || site.copyright.trim() === ""
      ? ""
      : `<p>${escapeHtml(site.copyright)}</p>`;
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(input.lang)}">`,
    "<head>",
    ...head.filter((line) => line !== ""),
    "</head>",
    "<body>",
    '<a class="skip" href="#main">Skip to content</a>',
    '<header class="site-header">',
    `<a class="site-title" href="${home}" rel="home"${input.isHome ? ' aria-current="page"' : ""}>${escapeHtml(site.title)}</a>`,
    "</header>",
    '<main id="main">',
    input.main,
    "</main>",
    '<footer class="site-footer">',
    `<nav aria-label="Feeds"><p>Follow with a feed reader: ${renderFeedAnchors(input.footerFeeds).join(" · ")}</p></nav>`,
    copyright,
    "</footer>",
    "</body>",
    "</html>",
  ]
    .filter((line) => line !== "")
    .join("\n")
    .concat("\n");
}
