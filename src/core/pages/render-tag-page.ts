import { escapeHtml } from "../text/escape-html.js";
import type { Article, SiteMeta } from "../types.js";
import { type FeedSet, homeUrl, renderFeedAnchors, renderPageLayout } from "./page-layout.js";
import { renderArticleList } from "./page-parts.js";

/** Input of {@link renderTagPage}. */
export interface TagPageInput {
  readonly site: SiteMeta;
  /** `url`, the tag page's own absolute URL, becomes the canonical link when given. */
  readonly tag: { readonly slug: string; readonly name: string; readonly url?: string };
  readonly articles: readonly Article[];
  /** The tag's feeds. */
  readonly feeds: FeedSet;
  /** The site's main feeds. */
  readonly mainFeeds: FeedSet;
}

/** The articles carrying one tag, with that tag's feeds offered first. */
export function renderTagPage(input: TagPageInput): string {
  const { site, tag } = input;
  const heading = `Articles tagged “${tag.name}”`;
  const main = [
    `<h1>${escapeHtml(heading)}</h1>`,
    `<p class="lede">From <a href="${escapeHtml(homeUrl(site))}">${escapeHtml(site.title)}</a>.</p>`,
    renderArticleList(input.articles, { pageLanguage: site.language, headingLevel: 2 }),
    '<section aria-labelledby="subscribe">',
    '<h2 id="subscribe">Subscribe</h2>',
    `<p>To “${escapeHtml(tag.name)}” only: ${renderFeedAnchors(input.feeds).join(" · ")}</p>`,
    `<p>To everything: ${renderFeedAnchors(input.mainFeeds).join(" · ")}</p>`,
    "</section>",
  ];
  return renderPageLayout({
    site,
    lang: site.language,
    title: `${heading} – ${site.title}`,
    description: `${heading} on ${site.title}.`,
    ...(tag.url === undefined ? {} : { canonical: tag.url }),
    // Autodiscovery offers the tag's own feeds first: that is what someone on this page wants.
    feeds: [input.feeds, input.mainFeeds],
    footerFeeds: input.mainFeeds,
    main: main.join("\n"),
  });
}
