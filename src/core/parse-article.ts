import { isUtf8 } from "node:buffer";
import matter from "gray-matter";
import { contentError } from "./content-error.js";
import { detachStrings } from "./detach-string.js";
import { measureYamlValue, type YamlLimits } from "./measure-yaml-value.js";
import type { ContentError, ParsedArticle } from "./types.js";

/** Real front matter is a few hundred bytes; anything this big is refused before js-yaml sees it. */
const MAX_FRONT_MATTER_CHARS = 256 * 1024;

/** Far above any real front matter, far below what an alias bomb expands to. */
const YAML_LIMITS: YamlLimits = { maxNodes: 10_000, maxDepth: 32 };

const BOM = 0xfeff;

const NUL = 0;
const LF = 10;
const CR = 13;

/**
 * Split one content file into its front matter mapping and its body (FORMAT.md). Never throws:
 * every problem comes back as a `ContentError` with a stable code.
 */
export function parseArticle(path: string, bytes: Uint8Array): ParsedArticle | ContentError {
  if (bytes.indexOf(NUL) !== -1) {
    return contentError(path, "binary", "The file contains NUL bytes, so it is not a text file.");
  }
  // isUtf8 (simdutf) then a plain decode is several times faster than a fatal TextDecoder.
  if (!isUtf8(bytes)) return contentError(path, "invalid-utf8", "The file is not valid UTF-8.");
  const decoded = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const text = decoded.charCodeAt(0) === BOM ? decoded.slice(1) : decoded;
  if (!/\S/.test(text)) return contentError(path, "empty", "The file is empty.");

  const openEnd = delimiterLineEnd(text, 0);
  if (openEnd === -1) {
    return contentError(path, "no-front-matter", "The file does not start with a --- line.", 1);
  }
  const close = findClosingDelimiter(text, openEnd);
  if (close === undefined) {
    return contentError(
      path,
      "unterminated-front-matter",
      "The front matter opened on line 1 is never closed with a --- line.",
      1,
    );
  }

  const yaml = text.slice(openEnd, close.start);
  if (yaml.length > MAX_FRONT_MATTER_CHARS) {
    return contentError(path, "yaml-too-complex", "The front matter is larger than 256 KiB.", 2);
  }
  const frontMatter = parseFrontMatter(path, yaml);
  if (!frontMatter.ok) return frontMatter.error;

  const rawBody = text.slice(close.end);
  const body = rawBody.includes("\r") ? rawBody.replace(/\r\n/g, "\n") : rawBody;
  return Object.freeze({
    path,
    data: frontMatter.data,
    body,
    bodyLine: countLines(text, close.start) + 2,
  });
}

/** Index just past a `---` line starting at `start` (trailing blanks allowed), else -1. */
function delimiterLineEnd(text: string, start: number): number {
  if (!text.startsWith("---", start)) return -1;
  let index = start + 3;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === LF) return index + 1;
    // The seeds close their delimiters with `--- `; gray-matter alone would miss those.
    // A CR only as part of CRLF, or as the file's last character.
    const lineEnd = code === CR && (index + 1 === text.length || text.charCodeAt(index + 1) === LF);
    if (code !== 32 && code !== 9 && !lineEnd) {
      return -1;
    }
    index += 1;
  }
  return index;
}

function findClosingDelimiter(
  text: string,
  openEnd: number,
): { start: number; end: number } | undefined {
  let newline = openEnd - 1;
  for (;;) {
    newline = text.indexOf("\n---", newline);
    if (newline === -1) return undefined;
    const end = delimiterLineEnd(text, newline + 1);
    if (end !== -1) return { start: newline + 1, end };
    newline += 1;
  }
}

type FrontMatter =
  | { readonly ok: true; readonly data: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: ContentError };

function parseFrontMatter(path: string, rawYaml: string): FrontMatter {
  const yaml = rawYaml.includes("\r") ? rawYaml.replace(/\r\n/g, "\n") : rawYaml;
  const stray = yaml.startsWith("---") ? 0 : yaml.indexOf("\n---");
  if (stray !== -1) {
    // gray-matter would end the block at any line starting with `---`, silently.
    const line = countLines(yaml, stray === 0 ? 0 : stray + 1) + 2;
    const reason = "A front matter line starts with --- but is not a delimiter.";
    return { ok: false, error: contentError(path, "bad-yaml", reason, line) };
  }
  let parsed: unknown;
  try {
    // Only the YAML is handed over, with exact delimiters: the body is never copied into
    // gray-matter. The options object turns off its global cache of every input.
    parsed = matter(`---\n${yaml}---`, {}).data;
  } catch (error) {
    return { ok: false, error: yamlError(path, error) };
  }
  if (parsed === null || parsed === undefined) return { ok: true, data: Object.freeze({}) };
  if (typeof parsed !== "object" || Array.isArray(parsed) || parsed instanceof Date) {
    const kind = Array.isArray(parsed) ? "a list" : "a single value";
    const reason = `The front matter is ${kind}, not a mapping of fields.`;
    return { ok: false, error: contentError(path, "bad-yaml", reason, 2) };
  }
  const measure = measureYamlValue(parsed, YAML_LIMITS);
  if (!measure.ok) {
    const reason =
      measure.exceeded === "depth"
        ? `The front matter nests deeper than ${YAML_LIMITS.maxDepth} levels.`
        : `The front matter expands to more than ${YAML_LIMITS.maxNodes} values (aliases?).`;
    return { ok: false, error: contentError(path, "yaml-too-complex", reason, 2) };
  }
  // Measured above, so the walk is bounded; js-yaml's strings are slices of the whole YAML.
  return { ok: true, data: Object.freeze(detachStrings(parsed) as Record<string, unknown>) };
}

function yamlError(path: string, error: unknown): ContentError {
  // js-yaml recurses per nesting level; `[[[[…` thousands deep overflows the stack.
  if (error instanceof RangeError) {
    return contentError(path, "yaml-too-complex", "The front matter nests too deeply to parse.", 2);
  }
  const { reason, mark } = error as { reason?: unknown; mark?: { line?: unknown } };
  const why = typeof reason === "string" ? reason : String((error as Error)?.message ?? error);
  // gray-matter hands js-yaml the block with a leading newline, so a mark's 0-based line plus
  // one is the 1-based line in the file (the opening delimiter is line 1).
  const line = typeof mark?.line === "number" ? mark.line + 1 : undefined;
  return contentError(path, "bad-yaml", `The front matter is not valid YAML: ${why}.`, line);
}

function countLines(text: string, end: number): number {
  let lines = 0;
  for (
    let index = text.indexOf("\n");
    index !== -1 && index < end;
    index = text.indexOf("\n", index + 1)
  ) {
    lines += 1;
  }
  return lines;
}
