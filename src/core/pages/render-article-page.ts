import { stripIllegalXmlChars } from "../feeds/xml/xml-chars.js";
import { escapeHtml } from "../text/escape-html.js";
import type { Article, Author, SiteMeta } from "../types.js";
import { formatHumanDate } from "./page-dates.js";
import { renderEpisode } from "./page-episode.js";
import { type FeedSet, renderPageLayout } from "./page-layout.js";
import { displayTitle, renderLeadImage, renderLink, renderTime } from "./page-parts.js";

/** Input of {@link renderArticlePage}. */
export interface ArticlePageInput {
  readonly site: SiteMeta;
  readonly article: Article;
  /** Already cleaned, safe, with absolute URLs: inserted as is. */
  readonly contentHtml: string;
  readonly tags: readonly { readonly name: string; readonly url: string }[];
  /** The site's main feeds. */
  readonly feeds: FeedSet;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function renderAuthor(author: Author): string {
  return author.url === undefined
    ? escapeHtml(author.name)
    : renderLink(author.url, author.name, ' rel="author"');
}

function renderByline(article: Article): string {
  const parts = [`Published ${renderTime(article.published)}`];
  // Same-day edits are not worth a second date: readers care which day, not which minute.
  if (formatHumanDate(article.updated) !== formatHumanDate(article.published)) {
    parts.push(`updated ${renderTime(article.updated)}`);
  }
  const authors = article.authors.filter((author) => author.name.trim() !== "");
  const by = authors.length === 0 ? "" : ` by ${joinNames(authors.map(renderAuthor))}`;
  return `<p class="meta">${parts.join(", ")}${by}</p>`;
}

function renderTags(tags: ArticlePageInput["tags"]): string {
  if (tags.length === 0) return "";
  const items = tags.map(
    (tag) => `<li><a href="${escapeHtml(tag.url)}" rel="tag">${escapeHtml(tag.name)}</a></li>`,
  );
  return [
    "<footer>",
    '<h2 class="visually-hidden">Tags</h2>',
    '<ul class="tags">',
    ...items,
    "</ul>",
    "</footer>",
  ].join("\n");
}

/** One article as a plain page: title, dates, authors, lead image, episode player, body, tags. */
export function renderArticlePage(input: ArticlePageInput): string {
  const { site, article } = input;
  const title = displayTitle(article);
  const main = [
    "<article>",
    "<header>",
    `<h1>${escapeHtml(title)}</h1>`,
    renderByline(article),
    "</header>",
    renderLeadImage(article.image),
    article.enclosure === undefined ? "" : renderEpisode(article.enclosure),
    `<div class="content">\n${stripIllegalXmlChars(input.contentHtml)}\n</div>`,
    renderTags(input.tags),
    "</article>",
  ];
  return renderPageLayout({
    site,
    lang: article.language ?? site.language,
    title: `${title} – ${site.title}`,
    description: article.summary.trim() === "" ? site.description : article.summary,
    canonical: article.link,
    feeds: [input.feeds],
    footerFeeds: input.feeds,
    main: main.filter((line) => line !== "").join("\n"),
  });
}
