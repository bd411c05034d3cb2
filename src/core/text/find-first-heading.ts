import type { BodyFormat } from "../types.js";
import { readMarkdownBlocks } from "./markdown-blocks.js";
import { clipHtml, htmlToPlainText } from "./plain-text.js";

const H1_OPEN = /<h1(?=[\s>])[^<>]*>/gi;
const H1_CLOSE = /<\/h1\s*>/gi;
const MAX_HEADING_CHARS = 2000;
const MAX_TRIES = 10;

/** The body's first level-one heading as plain text (`<h1>` or `# …`), when it has one. */
export function findFirstHeading(body: string, format: BodyFormat): string | undefined {
  if (format === "html") return findFirstHtmlHeading(body);
  for (const block of readMarkdownBlocks(body)) {
    if (block.kind === "heading" && block.level === 1 && block.text !== "") return block.text;
    if (block.kind === "html") {
      const text = findFirstHtmlHeading(block.text);
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

function findFirstHtmlHeading(html: string): string | undefined {
  H1_OPEN.lastIndex = 0;
  for (let tries = 0; tries < MAX_TRIES; tries += 1) {
    const open = H1_OPEN.exec(html);
    if (open === null) return undefined;
    const start = open.index + open[0].length;
    H1_CLOSE.lastIndex = start;
    const close = H1_CLOSE.exec(html);
    const end = close?.index ?? html.length;
    const text = htmlToPlainText(clipHtml(html.slice(start, end), MAX_HEADING_CHARS));
    if (text !== "") return text;
    H1_OPEN.lastIndex = end;
  }
  return undefined;
}
