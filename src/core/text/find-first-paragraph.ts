import type { BodyFormat } from "../types.js";
import { readMarkdownBlocks } from "./markdown-blocks.js";
import { clipHtml, htmlToPlainText } from "./plain-text.js";

/** Scraped-page paragraph classes that are not article text (docs/format.md); case-insensitive. */
const JUNK_CLASSES = new Set([
  "ad",
  "ads",
  "advert",
  "advertisement",
  "ad-slot",
  "byline",
  "caption",
  "caption-wrap",
  "caption__wrapper",
  "credit",
  "credits",
  "dateline",
  "enlargelink",
  "image_data",
  "storytitle",
  "toggle-caption",
]);

/** Widget text that survives as a paragraph of its own. */
const JUNK_TEXT =
  /^(?:enlarge this image|toggle caption|advertisement|skip to (?:main )?content)$/i;

const P_OPEN = /<p(?=[\s>/])([^<>]*)>/gi;
// A paragraph ends at `</p>` or, as in an HTML parser, where the next `<p>` opens.
const P_END = /<\/?p(?=[\s>/])/gi;
const HAS_PARAGRAPH = /<p(?=[\s>/])/i;
const HEADING = /<h[1-6](?=[\s>])/i;
const CLASS_ATTRIBUTE = /\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const MAX_PARAGRAPHS = 50;
const MAX_PARAGRAPH_CHARS = 4000;

/**
 * The body's first real paragraph as one line of plain text, "" when there is none. A cheap
 * scanner, not a DOM: it looks at no more than the first fifty `<p>` or Markdown blocks.
 */
export function findFirstParagraph(body: string, format: BodyFormat): string {
  if (format === "html") return findFirstHtmlParagraph(body) ?? htmlLeadText(body);
  let blocks = 0;
  for (const block of readMarkdownBlocks(body)) {
    if (block.kind === "paragraph" && block.text !== "") return block.text;
    if (block.kind === "html") {
      const text = findFirstHtmlParagraph(block.text);
      if (text !== undefined) return text;
    }
    blocks += 1;
    if (blocks >= MAX_PARAGRAPHS) break;
  }
  return "";
}

function findFirstHtmlParagraph(html: string): string | undefined {
  // A paragraph that is one bold line (`<p><strong>Updated at 8:33 p.m.</strong></p>`) is a
  // label, not prose; it is used only when nothing better follows.
  let label: string | undefined;
  P_OPEN.lastIndex = 0;
  for (let count = 0; count < MAX_PARAGRAPHS; count += 1) {
    const open = P_OPEN.exec(html);
    if (open === null) break;
    const start = open.index + open[0].length;
    P_END.lastIndex = start;
    const end = P_END.exec(html)?.index ?? html.length;
    P_OPEN.lastIndex = end;
    if (hasJunkClass(open[1] ?? "")) continue;
    const inner = clipHtml(html.slice(start, end), MAX_PARAGRAPH_CHARS);
    if (HEADING.test(inner)) continue;
    const text = htmlToPlainText(inner);
    if (text === "" || JUNK_TEXT.test(text)) continue;
    if (isLabel(inner)) {
      label ??= text;
      continue;
    }
    return text;
  }
  return label;
}

/** A body with no `<p>` at all: its opening text stands in for the first paragraph. */
function htmlLeadText(html: string): string {
  if (HAS_PARAGRAPH.test(html)) return "";
  return htmlToPlainText(clipHtml(html, MAX_PARAGRAPH_CHARS));
}

function hasJunkClass(attributes: string): boolean {
  const match = CLASS_ATTRIBUTE.exec(attributes);
  if (match === null) return false;
  const value = match[1] ?? match[2] ?? match[3] ?? "";
  return value
    .toLowerCase()
    .split(/\s+/)
    .some((token) => JUNK_CLASSES.has(token) || token.startsWith("ad-"));
}

function isLabel(inner: string): boolean {
  const trimmed = inner.trim();
  const open = /^<(strong|b)(?=[\s>])[^<>]*>/i.exec(trimmed);
  if (open === null) return false;
  const close = `</${open[1]?.toLowerCase()}>`;
  return trimmed.toLowerCase().indexOf(close) === trimmed.length - close.length;
}
