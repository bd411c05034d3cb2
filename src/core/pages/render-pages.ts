/** The HTML pages, one renderer per page, each a pure function from data to a whole document. */

export type { FeedSet } from "./page-layout.js";
export { type ArticlePageInput, renderArticlePage } from "./render-article-page.js";
export { type IndexPageInput, renderIndexPage, type TagLink } from "./render-index-page.js";
export { type NotFoundPageInput, renderNotFoundPage } from "./render-not-found-page.js";
export { renderTagPage, type TagPageInput } from "./render-tag-page.js";
