import { formatRfc3339 } from "../feeds/format-dates.js";
import { escapeHtml } from "../text/escape-html.js";
import type { Article } from "../types.js";
import { formatHumanDate } from "./page-dates.js";

const LINKABLE_PROTOCOLS = new Set(["http:", "https:"]);

/**
 * Whether a URL may become an `href`/`src`. Escaping keeps markup intact but not a
 * `javascript:` or `data:` URL harmless, so anything not plainly http(s) is left unlinked.
 */
export function isLinkable(url: string): boolean {
  try {
    return LINKABLE_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** `<a>` when the URL is linkable, the bare (escaped) text otherwise. */
export function renderLink(url: string, text: string, attributes = ""): string {
  if (!isLinkable(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}"${attributes}>${escapeHtml(text)}</a>`;
}

/** `<time datetime="RFC 3339">21 October 2020</time>`. */
export function renderTime(epochMs: number): string {
  return `<time datetime="${formatRfc3339(epochMs)}">${formatHumanDate(epochMs)}</time>`;
}

/** A decorative lead image: the title beside it already says what it is, hence `alt=""`. */
export function renderLeadImage(url: string | undefined): string {
  if (url === undefined || !isLinkable(url)) return "";
  return `<img class="lead" src="${escapeHtml(url)}" alt="" loading="lazy" decoding="async">`;
}

/** ` lang="…"` when an article's language differs from the page around it. */
export function langAttribute(language: string | undefined, pageLanguage: string): string {
  return language && language !== pageLanguage ? ` lang="${escapeHtml(language)}"` : "";
}

/** The title to show; a link needs text, so an empty title still gets some. */
export function displayTitle(article: Article): string {
  return article.title.trim() === "" ? "Untitled" : article.title;
}

/** Newest-first list of article teasers: linked title, date, lead image, summary. */
export function renderArticleList(
  articles: readonly Article[],
  options: { readonly pageLanguage: string; readonly headingLevel: 2 | 3 },
): string {
  if (articles.length === 0) return "<p>Nothing has been published here yet.</p>";
  const h = `h${options.headingLevel}`;
  const items = articles.map((article) => {
    const summary = article.summary.trim() === "" ? "" : `<p>${escapeHtml(article.summary)}</p>`;
    return [
      `<li><article${langAttribute(article.language, options.pageLanguage)}>`,
      `<${h}>${renderLink(article.link, displayTitle(article))}</${h}>`,
      `<p class="meta">${renderTime(article.published)}</p>`,
      renderLeadImage(article.image),
      summary,
      "</article></li>",
    ]
      .filter((line) => line !== "")
      .join("\n");
  });
  return `<ul class="articles">\n${items.join("\n")}\n</ul>`;
}
