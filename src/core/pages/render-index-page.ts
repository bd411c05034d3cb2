import { escapeHtml } from "../text/escape-html.js";
import type { Article, SiteMeta } from "../types.js";
import { type FeedSet, homeUrl, renderFeedAnchors, renderPageLayout } from "./page-layout.js";
import { renderArticleList } from "./page-parts.js";

/** One entry of the index page's tag list. */
export interface TagLink {
  readonly slug: string;
  readonly name: string;
  readonly count: number;
  /** Absolute URL of the tag page. */
  readonly url: string;
}

/** Input of {@link renderIndexPage}. */
export interface IndexPageInput {
  readonly site: SiteMeta;
  /** Newest first, already limited. */
  readonly articles: readonly Article[];
  readonly tags: readonly TagLink[];
  readonly feeds: FeedSet;
  readonly opmlUrl: string;
}

function renderTagList(tags: readonly TagLink[]): string {
  if (tags.length === 0) return "";
  const items = tags.map((tag) => {
    // The bare number means little to a screen reader, so it hears "3 articles".
    const noun = tag.count === 1 ? "article" : "articles";
    return `<li><a href="${escapeHtml(tag.url)}" rel="tag">${escapeHtml(tag.name)}</a> <span class="count">(${tag.count}<span class="visually-hidden"> ${noun}</span>)</span></li>`;
  });
  return [
    '<section aria-labelledby="tags">',
    '<h2 id="tags">Tags</h2>',
    '<ul class="tags">',
    ...items,
    "</ul>",
    "</section>",
  ].join("\n");
}

/** The home page: recent articles, subscribe links (with the OPML list) and every tag. */
export function renderIndexPage(input: IndexPageInput): string {
  const { site, feeds } = input;
  const subscribe = [
    ...renderFeedAnchors(feeds),
    `<a href="${escapeHtml(input.opmlUrl)}" type="text/x-opml">OPML</a> (every feed, for importing into a reader)`,
  ];
  const main = [
    `<h1>${escapeHtml(site.title)}</h1>`,
    site.description.trim() === "" ? "" : `<p class="lede">${escapeHtml(site.description)}</p>`,
    '<section aria-labelledby="recent">',
    '<h2 id="recent">Recent articles</h2>',
    renderArticleList(input.articles, { pageLanguage: site.language, headingLevel: 3 }),
    "</section>",
    '<section aria-labelledby="subscribe">',
    '<h2 id="subscribe">Subscribe</h2>',
    "<ul>",
    ...subscribe.map((link) => `<li>${link}</li>`),
    "</ul>",
    "</section>",
    renderTagList(input.tags),
  ];
  return renderPageLayout({
    site,
    lang: site.language,
    title: site.title,
    description: site.description,
    canonical: homeUrl(site),
    feeds: [feeds],
    footerFeeds: feeds,
    main: main.filter((line) => line !== "").join("\n"),
    isHome: true,
  });
}
