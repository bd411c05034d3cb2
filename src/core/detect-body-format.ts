import type { BodyFormat } from "./types.js";

const BY_EXTENSION: Readonly<Record<string, BodyFormat | "sniff">> = {
  md: "markdown",
  markdown: "markdown",
  html: "html",
  htm: "html",
  // The scraped-article family (FORMAT.md) uses `.txt` for HTML bodies: the content decides.
  txt: "sniff",
};

const CLOSING_TAG = /<\/[A-Za-z][A-Za-z0-9-]*\s*>/;

/**
 * The body's format: by extension for `.md`/`.markdown`/`.html`/`.htm`; otherwise sniffed (a
 * body that opens with `<` and has a closing tag is HTML). `known` is false for extensions
 * outside that list, which deserve a warning.
 */
export function detectBodyFormat(
  path: string,
  body: string,
): { readonly format: BodyFormat; readonly known: boolean } {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  const rule = BY_EXTENSION[extension];
  if (rule !== undefined && rule !== "sniff") return { format: rule, known: true };
  return { format: sniffBodyFormat(body), known: rule !== undefined };
}

function sniffBodyFormat(body: string): BodyFormat {
  const first = body.search(/\S/);
  if (first === -1 || body[first] !== "<") return "markdown";
  return CLOSING_TAG.test(body) ? "html" : "markdown";
}
