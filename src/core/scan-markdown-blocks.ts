/** A top-level Markdown block, as far as titles and summaries need to know. */
export type MarkdownBlock =
  | { readonly kind: "heading"; readonly level: number; readonly text: string }
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "html"; readonly text: string };

const FENCE = /^(`{3,}|~{3,})/;
const ATX_HEADING = /^(#{1,6})(?:[ \t]+|$)/;
const SETEXT_UNDERLINE = /^(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
// Blocks that are not prose: list items, quotes, tables, link definitions, lone images.
const NOT_PROSE =
  /^(?:[-+*][ \t]|[-+*]$|\d{1,9}[.)](?:[ \t]|$)|>|\||\[[^\]]+\]:|!\[[^\]]*\]\([^)]*\)[ \t]*$)/;
// CommonMark html blocks 1–2: these run to their closing tag, blank lines included.
const RAW_HTML_START = /^<(script|pre|style|textarea|!--)/i;

const MAX_HEADING_CHARS = 2000;

type Mode = "none" | "paragraph" | "html" | "skip";

/**
 * Walk the top-level blocks of a Markdown body lazily, line by line, so a caller that wants the
 * first heading or paragraph stops early. Fenced and indented code is skipped: a `# comment` in
 * a code block is not a heading.
 */
export function* scanMarkdownBlocks(body: string): Generator<MarkdownBlock> {
  let mode: Mode = "none";
  let lines: string[] = [];
  let fence: string | undefined;
  let rawHtmlEnd: string | undefined;
  let start = 0;
  while (start <= body.length) {
    const newline = body.indexOf("\n", start);
    const end = newline === -1 ? body.length : newline;
    const line = body.slice(start, end);
    start = end + 1;

    if (fence !== undefined) {
      if (line.trimStart().startsWith(fence) && line.trim().replaceAll(fence[0] ?? "", "") === "") {
        fence = undefined;
      }
      continue;
    }
    if (rawHtmlEnd !== undefined) {
      lines.push(line);
      if (line.toLowerCase().includes(rawHtmlEnd)) {
        rawHtmlEnd = undefined;
        yield { kind: "html", text: lines.join("\n") };
        lines = [];
        mode = "none";
      }
      continue;
    }
    if (line.trim() === "") {
      if (mode === "paragraph") yield { kind: "paragraph", text: lines.join("\n") };
      if (mode === "html") yield { kind: "html", text: lines.join("\n") };
      lines = [];
      mode = "none";
      continue;
    }
    if (mode === "html" || mode === "skip") {
      if (mode === "html") lines.push(line);
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (mode === "none" && (indent >= 4 || line.startsWith("\t"))) continue; // indented code
    const text = line.trimStart();

    const fenceMatch = FENCE.exec(text);
    if (fenceMatch !== null) {
      if (mode === "paragraph") yield { kind: "paragraph", text: lines.join("\n") };
      fence = fenceMatch[1];
      lines = [];
      mode = "none";
      continue;
    }
    const atx = ATX_HEADING.exec(text);
    if (atx !== null) {
      if (mode === "paragraph") yield { kind: "paragraph", text: lines.join("\n") };
      // Bounded before the closing-`#` pattern runs: a heading line can be any length.
      const heading = text
        .slice(atx[0].length, atx[0].length + MAX_HEADING_CHARS)
        .replace(/(?:^|[ \t]+)#+[ \t]*$/, "")
        .trim();
      yield { kind: "heading", level: atx[1]?.length ?? 1, text: heading };
      lines = [];
      mode = "none";
      continue;
    }
    if (mode === "paragraph") {
      const underline = SETEXT_UNDERLINE.exec(text);
      if (underline !== null && indent < 4) {
        const level = underline[1]?.startsWith("=") ? 1 : 2;
        yield { kind: "heading", level, text: lines.join("\n") };
        lines = [];
        mode = "none";
        continue;
      }
      lines.push(line);
      continue;
    }
    if (THEMATIC_BREAK.test(text)) continue;
    const raw = RAW_HTML_START.exec(text);
    if (raw !== null) {
      const tag = (raw[1] ?? "").toLowerCase();
      const close = tag === "!--" ? "-->" : `</${tag}>`;
      if (text.toLowerCase().includes(close, raw[0].length)) {
        yield { kind: "html", text: line };
      } else {
        rawHtmlEnd = close;
        lines = [line];
      }
      continue;
    }
    if (text.startsWith("<")) {
      mode = "html";
      lines = [line];
      continue;
    }
    if (NOT_PROSE.test(text)) {
      mode = "skip";
      continue;
    }
    mode = "paragraph";
    lines = [line];
  }
  if (mode === "paragraph") yield { kind: "paragraph", text: lines.join("\n") };
  if (mode === "html" || rawHtmlEnd !== undefined) yield { kind: "html", text: lines.join("\n") };
}
