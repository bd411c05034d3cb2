import { isUtf8 } from "node:buffer";
import matter from "gray-matter";
import { load as loadYaml } from "js-yaml";
import { detachStrings } from "../../lib/detach-string.js";
import type { ContentError, ParsedArticle } from "../types.js";
import { contentError } from "./content-error.js";
import { measureYamlValue, type YamlLimits } from "./measure-yaml-value.js";

// An options object also keeps matter() from caching every input it sees in a global map.
// js-yaml 4's `load` is safe by default (no functions or regexps), like js-yaml 3's safeLoad.
const MATTER_OPTIONS = {
  // A null document (`~`) reads as no fields; matter() itself would fail on a null `data`.
  // The type says object; any value can come back, and parseFrontMatter checks which.
  engines: { yaml: { parse: (text: string) => (loadYaml(text) ?? {}) as object } },
};

/** Real front matter is a few hundred bytes; anything this big is refused before it is parsed. */
const MAX_FRONT_MATTER_BYTES = 256 * 1024;

/** Far above any real front matter, far below what an alias bomb expands to. */
const YAML_LIMITS: YamlLimits = { maxNodes: 10_000, maxDepth: 32 };

const NUL = 0;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
/** As bytes: a string needle is encoded again by every `Buffer.indexOf` call. */
const CLOSING = Buffer.from("\n---");

/** Bytes of the body decoded for `bodyHead`: enough to sniff its format. */
const BODY_HEAD_BYTES = 512;

/**
 * Split one content file into its front matter mapping and its body (docs/format.md). Never throws:
 * every problem comes back as a `ContentError` with a stable code.
 *
 * The delimiters are found in the bytes, not in decoded text: every byte they are made of is
 * ASCII, which never occurs inside a multi-byte UTF-8 sequence, so the split is the same, and
 * only the front matter is decoded here. The body is decoded when it is first read, from
 * `bytes`: a caller that reuses its buffer (the scan does) reads what it needs of the result
 * before it does.
 */
export function parseArticle(path: string, bytes: Uint8Array): ParsedArticle | ContentError {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.indexOf(NUL) !== -1) {
    return contentError(path, "binary", "The file contains NUL bytes, so it is not a text file.");
  }
  // isUtf8 (simdutf) then a plain decode is several times faster than a fatal TextDecoder.
  if (!isUtf8(buffer)) return contentError(path, "invalid-utf8", "The file is not valid UTF-8.");
  const textStart = UTF8_BOM.every((byte, i) => buffer[i] === byte) ? UTF8_BOM.length : 0;

  const openEnd = delimiterLineEnd(buffer, textStart);
  if (openEnd === -1) {
    if (!/\S/.test(buffer.toString("utf8", textStart))) {
      return contentError(path, "empty", "The file is empty.");
    }
    return contentError(path, "no-front-matter", "The file does not start with a --- line.", 1);
  }
  const close = findClosingDelimiter(buffer, openEnd);
  if (close === undefined) {
    return contentError(
      path,
      "unterminated-front-matter",
      "The front matter opened on line 1 is never closed with a --- line.",
      1,
    );
  }

  if (close.start - openEnd > MAX_FRONT_MATTER_BYTES) {
    return contentError(path, "yaml-too-complex", "The front matter is larger than 256 KiB.", 2);
  }
  // matter() sees the delimited section alone, so the body is never decoded or copied here.
  const section = withLfLineEnds(buffer.toString("utf8", textStart, close.end));
  const frontMatter = parseFrontMatter(path, section);
  if (!frontMatter.ok) return frontMatter.error;

  const bodyBytes = buffer.subarray(close.end);
  let body: string | undefined;
  let bodyHead: string | undefined;
  const readBody = (): string => {
    body ??= withLfLineEnds(bodyBytes.toString("utf8"));
    return body;
  };
  return Object.freeze({
    path,
    data: frontMatter.data,
    get body(): string {
      return readBody();
    },
    get bodyHead(): string {
      bodyHead ??=
        body !== undefined || bodyBytes.length <= BODY_HEAD_BYTES
          ? readBody()
          : headOf(bodyBytes.subarray(0, BODY_HEAD_BYTES));
      return bodyHead;
    },
    bodyLine: countLines(buffer, close.start) + 2,
  });
}

function withLfLineEnds(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n/g, "\n") : text;
}

/**
 * The decoded text of a body's first bytes, as an exact prefix of the whole decoded body: cut
 * back to a character boundary, and without a final CR that may be the first half of a CRLF.
 */
function headOf(bytes: Buffer): string {
  let end = bytes.length;
  // Back off continuation bytes (10xxxxxx) and the lead byte they belong to.
  while (end > 0 && ((bytes[end - 1] as number) & 0xc0) === 0x80) end -= 1;
  if (end > 0 && (bytes[end - 1] as number) >= 0xc0) end -= 1;
  if (end > 0 && bytes[end - 1] === CR) end -= 1;
  return withLfLineEnds(bytes.toString("utf8", 0, end));
}

/** Index just past a `---` line starting at `start` (trailing blanks allowed), else -1. */
function delimiterLineEnd(bytes: Buffer, start: number): number {
  if (bytes[start] !== 0x2d || bytes[start + 1] !== 0x2d || bytes[start + 2] !== 0x2d) return -1;
  let index = start + 3;
  while (index < bytes.length) {
    const code = bytes[index];
    if (code === LF) return index + 1;
    // The seeds close their delimiters with `--- `; gray-matter alone would miss those.
    // A CR only as part of CRLF, or as the file's last character.
    const lineEnd = code === CR && (index + 1 === bytes.length || bytes[index + 1] === LF);
    if (code !== SPACE && code !== TAB && !lineEnd) {
      return -1;
    }
    index += 1;
  }
  return index;
}

function findClosingDelimiter(
  bytes: Buffer,
  openEnd: number,
): { start: number; end: number } | undefined {
  let newline = openEnd - 1;
  for (;;) {
    newline = bytes.indexOf(CLOSING, newline);
    if (newline === -1) return undefined;
    const end = delimiterLineEnd(bytes, newline + 1);
    if (end !== -1) return { start: newline + 1, end };
    newline += 1;
  }
}

type FrontMatter =
  | { readonly ok: true; readonly data: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: ContentError };

function parseFrontMatter(path: string, section: string): FrontMatter {
  // The section runs from the opening line to the closing one; any other line starting with
  // `---` would end the block for matter(), silently.
  const blockStart = section.indexOf("\n") + 1;
  const closingLine = section.lastIndexOf("\n---") + 1;
  const firstDashes = section.startsWith("---", blockStart)
    ? blockStart
    : section.indexOf("\n---", blockStart) + 1;
  if (firstDashes !== closingLine) {
    const line = countLines(section, firstDashes) + 1;
    const reason = "A front matter line starts with --- but is not a delimiter.";
    return { ok: false, error: contentError(path, "bad-yaml", reason, line) };
  }
  let parsed: unknown;
  try {
    // matter() hands the engine the block with its leading newline, so js-yaml's line numbers
    // are the file's (see `yamlError`), and a block of blanks and comments alone reads as {}.
    parsed = matter(section, MATTER_OPTIONS).data;
  } catch (error) {
    return { ok: false, error: yamlError(path, error) };
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    Array.isArray(parsed) ||
    parsed instanceof Date
  ) {
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
  const { reason, mark } = error as { reason?: unknown; mark?: { line?: unknown } };
  const why = typeof reason === "string" ? reason : String((error as Error)?.message ?? error);
  // js-yaml stops at its own nesting and merge-key limits; a stack overflow is the last resort.
  if (error instanceof RangeError || why.startsWith("nesting exceeded maxDepth")) {
    return contentError(path, "yaml-too-complex", "The front matter nests too deeply to parse.", 2);
  }
  if (why.startsWith("merge keys exceeded")) {
    return contentError(path, "yaml-too-complex", "The front matter merges too many keys.", 2);
  }
  // js-yaml is handed the block with a leading newline, so a mark's 0-based line plus one is
  // the 1-based line in the file (the opening delimiter is line 1).
  const line = typeof mark?.line === "number" ? mark.line + 1 : undefined;
  return contentError(path, "bad-yaml", `The front matter is not valid YAML: ${why}.`, line);
}

function countLines(text: string | Buffer, end: number): number {
  let lines = 0;
  for (let index = -1; ; lines += 1) {
    // A number needle for a Buffer: a string one is encoded again on every call.
    index = typeof text === "string" ? text.indexOf("\n", index + 1) : text.indexOf(LF, index + 1);
    if (index === -1 || index >= end) return lines;
  }
}
