/**
 * HTML → plain text helpers for titles and summaries. They run on short, bounded strings (a
 * title, one paragraph), never on a whole body.
 */
import { decodeHTML } from "entities";

/** Decode HTML character references as a browser does in text: every named one, numeric ones. */
export function decodeHtmlEntities(text: string): string {
  return text.includes("&") ? decodeHTML(text) : text;
}

// Tags after which text does not run on: closing them must leave a space, not glue words.
const BLOCK_TAGS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "img",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul",
]);

const INVISIBLE = /<!--[\s\S]*?-->|<(script|style|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
// `[^<>]` rather than `[^>]`: a stray `<` then never makes the scan run to the end and back.
const TAG = /<\/?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?\/?>/g;
const PARTIAL_TAG = /<[A-Za-z/!][^<>]*$/;

/** Remove tags (and the content of script/style), keeping word breaks at block boundaries. */
export function stripTags(html: string): string {
  if (!html.includes("<")) return html;
  return html
    .replace(INVISIBLE, " ")
    .replace(TAG, (_tag, name: string) => (BLOCK_TAGS.has(name.toLowerCase()) ? " " : ""));
}

/**
 * The first `max` characters of an HTML string, minus a tag the cut left open. Callers bound
 * their input this way so that no regular expression here ever sees a whole large body.
 */
export function clipHtml(html: string, max: number): string {
  return html.length <= max ? html : html.slice(0, max).replace(PARTIAL_TAG, "");
}

// A whitespace run, or a lone whitespace character other than a plain space: what folding
// changes. Matching single spaces too (`\s+`) would rewrite every word gap for nothing.
const FOLDABLE_WHITESPACE = /\s{2,}|[^\S ]/g;

/** Collapse every whitespace run to one space and trim; soft hyphens and zero-widths go. */
export function foldWhitespace(text: string): string {
  return text
    .replace(/[\u00AD\u200B\uFEFF]/g, "")
    .replace(FOLDABLE_WHITESPACE, " ")
    .trim();
}

/** One line of plain text from an HTML fragment: tags stripped, entities decoded, folded. */
export function htmlToPlainText(html: string): string {
  // Decode after stripping, so `&lt;div&gt;` stays visible text rather than becoming a tag.
  return foldWhitespace(decodeHtmlEntities(stripTags(html)));
}
