import type { BodyFormat, ContentWarning } from "../types.js";
import { type CleanedHtml, type CleanOptions, cleanHtmlWithBudget } from "./clean-html.js";
import { renderMarkdown } from "./render-markdown.js";

/** An article body as clean, safe HTML: Markdown is rendered first, then everything is cleaned. */
export function renderBody(body: string, format: BodyFormat, options: CleanOptions): string {
  return renderBodyWithBudget(body, format, options).html;
}

/** `renderBody`, saying whether the body was over the cleaning budget and only its start is kept. */
export function renderBodyWithBudget(
  body: string,
  format: BodyFormat,
  options: CleanOptions,
): CleanedHtml {
  return cleanHtmlWithBudget(format === "markdown" ? renderMarkdown(body) : body, options);
}

/** The warning for a body `renderBodyWithBudget` cut short. */
export function truncatedBodyWarning(path: string): ContentWarning {
  return Object.freeze({
    path,
    code: "body-truncated",
    reason:
      "the body has too many elements or is nested too deeply to clean in full; only its beginning is served",
  });
}
