import { type CleanOptions, cleanHtml } from "./clean-html.js";
import { renderMarkdown } from "./render-markdown.js";
import type { BodyFormat } from "./types.js";

/** An article body as clean, safe HTML: Markdown is rendered first, then everything is cleaned. */
export function renderBody(body: string, format: BodyFormat, options: CleanOptions): string {
  return cleanHtml(format === "markdown" ? renderMarkdown(body) : body, options);
}
