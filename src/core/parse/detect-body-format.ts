import type { BodyFormat, ParsedArticle } from "../types.js";

const BY_EXTENSION: Readonly<Record<string, BodyFormat | "sniff">> = {
  md: "markdown",
  markdown: "markdown",
  html: "html",
  htm: "html",
  // The scraped-article family (docs/format.md) uses `.txt` for HTML bodies: the content decides.
  txt: "sniff",
};

const CLOSING_TAG = /<\/[A-Za-z][A-Za-z0-9-]*\s*>/;

/**
 * The body's format: by extension for `.md`/`.markdown`/`.html`/`.htm`; otherwise sniffed (a
 * body that opens with `<` and has a closing tag is HTML). `known` is false for extensions
 * outside that list, which deserve a warning. The sniff reads `bodyHead` and the whole body only
 * when the head cannot tell.
 */
export function detectBodyFormat(parsed: Pick<ParsedArticle, "path" | "body" | "bodyHead">): {
  readonly format: BodyFormat;
  readonly known: boolean;
} {
  const { path } = parsed;
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  const rule = BY_EXTENSION[extension];
  if (rule !== undefined && rule !== "sniff") return { format: rule, known: true };
  const format =
    (parsed.bodyHead === undefined ? undefined : sniffBodyFormat(parsed.bodyHead)) ??
    sniffBodyFormat(parsed.body) ??
    "markdown";
  return { format, known: rule !== undefined };
}

/**
 * The format `text` shows, or undefined when it could still go either way (no closing tag yet
 * after a leading `<`). On a prefix of a body, a decision is the same as on the whole body.
 */
function sniffBodyFormat(text: string): BodyFormat | undefined {
  const first = text.search(/\S/);
  if (first === -1) return undefined;
  if (text[first] !== "<") return "markdown";
  return CLOSING_TAG.test(text) ? "html" : undefined;
}
