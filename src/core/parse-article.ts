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

const NUL = 0;
const LF = 10;
const CR = 13;

/** Bytes of the body in `bodyHead`. */
const BODY_HEAD_BYTES = 1024;

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
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = hasBom(buffer) ? 3 : 0;
  // Only the front matter is decoded here (the body when something reads it), so a scan never
  // decodes most of a folder. Delimiters are ASCII, which never occurs inside a multi-byte UTF-8
  // character, so the bytes up to the first line that may close the front matter are a prefix
  // of whole lines and characters. When that line does not close it, the whole file is decoded.
  const candidate = buffer.indexOf("\n---", start);
  const candidateEnd = candidate === -1 ? -1 : buffer.indexOf(LF, candidate + 4);
  const headEnd = candidateEnd === -1 ? buffer.length : candidateEnd + 1;
  const head = buffer.toString("utf8", start, headEnd);
  const split =
    splitFrontMatter(path, head, headEnd === buffer.length) ??
    splitFrontMatter(path, buffer.toString("utf8", start), true);
  if ("code" in split) return split;

  const frontMatter = parseFrontMatter(path, split.yaml);
  if (!frontMatter.ok) return frontMatter.error;
  const bodyStart = start + split.bodyByteOffset;
  const bodyHeadEnd = charBoundary(buffer, Math.min(buffer.length, bodyStart + BODY_HEAD_BYTES));
  let body: string | undefined;
  let bodyHead: string | undefined;
  // Both decoded on first read (a format sniff, a title or summary from the body, rendering).
  return Object.freeze({
    path,
    data: frontMatter.data,
    get body(): string {
      body ??= decodeText(buffer, bodyStart, buffer.length);
      return body;
    },
    get bodyHead(): string {
      // A CR cut from its LF at the end is dropped rather than kept as a lone line break.
      bodyHead ??= body ?? decodeText(buffer, bodyStart, bodyHeadEnd).replace(/\r$/, "");
      return bodyHead;
    },
    bodyLine: split.bodyLine,
  });
}

interface Split {
  readonly yaml: string;
  /** Where the body starts, in bytes from the start of `text`'s bytes. */
  readonly bodyByteOffset: number;
  readonly bodyLine: number;
}

/**
 * Find the front matter in `text`: the file's first whole lines, each with its line end (BOM
 * removed), or all of it when `complete`. `undefined` means "not decided by these lines": read
 * the whole file. Whole lines are enough: a delimiter is one line.
 */
function splitFrontMatter(path: string, text: string, complete: true): Split | ContentError;
function splitFrontMatter(
  path: string,
  text: string,
  complete: boolean,
): Split | ContentError | undefined;
function splitFrontMatter(
  path: string,
  text: string,
  complete: boolean,
): Split | ContentError | undefined {
  const openEnd = delimiterLineEnd(text, 0);
  if (openEnd === -1) {
    if (!complete) return undefined;
    if (!/\S/.test(text)) return contentError(path, "empty", "The file is empty.");
    return contentError(path, "no-front-matter", "The file does not start with a --- line.", 1);
  }
  const close = findClosingDelimiter(text, openEnd);
  if (close === undefined) {
    if (!complete) return undefined;
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
  return {
    yaml,
    bodyByteOffset: Buffer.byteLength(text.slice(0, close.end)),
    bodyLine: countLines(text, close.start) + 2,
  };
}

function decodeText(buffer: Buffer, start: number, end: number): string {
  const text = buffer.toString("utf8", start, end);
  return text.includes("\r") ? text.replace(/\r\n/g, "\n") : text;
}

/** `end`, moved back off UTF-8 continuation bytes so that no character is cut in two. */
function charBoundary(buffer: Buffer, end: number): number {
  let index = end;
  while (index < buffer.length && ((buffer[index] as number) & 0xc0) === 0x80) index -= 1;
  return index;
}

function hasBom(buffer: Buffer): boolean {
  return buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
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
