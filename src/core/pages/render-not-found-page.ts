import { escapeHtml } from "../text/escape-html.js";
import type { SiteMeta } from "../types.js";
import { type FeedSet, homeUrl, renderPageLayout } from "./page-layout.js";

/** Input of {@link renderNotFoundPage}. */
export interface NotFoundPageInput {
  readonly site: SiteMeta;
  readonly feeds: FeedSet;
}

/** The 404 page: says what happened and where to go instead. Kept out of search indexes. */
export function renderNotFoundPage(input: NotFoundPageInput): string {
  const { site } = input;
  const main = [
    "<h1>Page not found</h1>",
    "<p>Nothing lives at this address. The link may be mistyped, or the page may have moved.</p>",
    `<p><a href="${escapeHtml(homeUrl(site))}">Go to the home page</a> to find the latest articles.</p>`,
  ];
  return renderPageLayout({
    site,
    lang: site.language,
    title: `Page not found – ${site.title}`,
    description: site.description,
    feeds: [input.feeds],
    footerFeeds: input.feeds,
    main: main.join("\n"),
    noindex: true,
  });
}
