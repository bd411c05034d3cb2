import { isUtf8 } from "node:buffer";
import matter from "gray-matter";
import { contentError } from "./content-error.js";
import { detachStrings } from "./detach-string.js";
import { measureYamlValue, type YamlLimits } from "./measure-yaml-value.js";
import { readSimpleFrontMatter } from "./read-simple-front-matter.js";
import type { ContentError, ParsedArticle } from "./types.js";

/**
 * gray-matter's YAML engine (js-yaml's safe loader, exposed as `matter.engines`), called on the
 * block this module has already cut out. `matter()` itself would only find the same delimiters
 * again, and its per-call bookkeeping (a file object with defined properties, a lookup in its
 * cache keyed by the whole input, merged options) cost ~200 ms of a 10,000-file cold scan:
 * 1.15 s with `matter()`, 0.95 s with the engine. The data is what `matter()` returns for the
 * block.
 */
interface YamlEngine {
  parse(text: string): unknown;
}
const engines = (matter as { engines?: { yaml?: Partial<YamlEngine> } }).engines;
if (typeof engines?.yaml?.parse !== "function") {
  throw new Error("gray-matter no longer exposes matter.engines.yaml.parse; see parse-article.ts");
}
const yamlEngine = engines.yaml as YamlEngine;

/** Real front matter is a few hundred bytes; anything this big is refused before js-yaml sees it. */
const MAX_FRONT_MATTER_CHARS = 256 * 1024;

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
 * Split one content file into its front matter mapping and its body (FORMAT.md). Never throws:
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

  const yaml = buffer.toString("utf8", openEnd, close.start);
  if (yaml.length > MAX_FRONT_MATTER_CHARS) {
    return contentError(path, "yaml-too-complex", "The front matter is larger than 256 KiB.", 2);
  }
  const frontMatter = parseFrontMatter(path, yaml);
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

function parseFrontMatter(path: string, rawYaml: string): FrontMatter {
  const yaml = rawYaml.includes("\r") ? rawYaml.replace(/\r\n/g, "\n") : rawYaml;
  const stray = yaml.startsWith("---") ? 0 : yaml.indexOf("\n---");
  if (stray !== -1) {
    // gray-matter would end the block at any line starting with `---`, silently.
    const line = countLines(yaml, stray === 0 ? 0 : stray + 1) + 2;
    const reason = "A front matter line starts with --- but is not a delimiter.";
    return { ok: false, error: contentError(path, "bad-yaml", reason, line) };
  }
  if (isBlankBlock(yaml)) return { ok: true, data: Object.freeze({}) };
  // Most blocks are plain `key: value` lines, read without js-yaml to the same result.
  let parsed: unknown = readSimpleFrontMatter(yaml);
  if (parsed === undefined) {
    try {
      // Only the YAML is parsed: the body is never copied into the parser. The text is what
      // `matter()` hands the engine: a leading newline (so js-yaml's line numbers are the
      // file's, see `yamlError`), and not the newline that ends the last line (it matters to `|+`).
      parsed = yamlEngine.parse(`\n${yaml.endsWith("\n") ? yaml.slice(0, -1) : yaml}`);
    } catch (error) {
      return { ok: false, error: yamlError(path, error) };
    }
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

/**
 * `matter()`'s test for a block with nothing to parse, which it reads as `{}` without calling
 * the engine: only blanks and `#` comment lines. Its blanks are JavaScript's (no-break spaces,
 * form feeds, …), some of which YAML would read as text or reject.
 */
function isBlankBlock(yaml: string): boolean {
  // The comment pass only when there can be a comment: most blocks have no `#`.
  return (yaml.includes("#") ? yaml.replace(/^\s*#[^\n]+/gm, "") : yaml).trim() === "";
}

function yamlError(path: string, error: unknown): ContentError {
  // js-yaml recurses per nesting level; `[[[[…` thousands deep overflows the stack.
  if (error instanceof RangeError) {
    return contentError(path, "yaml-too-complex", "The front matter nests too deeply to parse.", 2);
  }
  const { reason, mark } = error as { reason?: unknown; mark?: { line?: unknown } };
  const why = typeof reason === "string" ? reason : String((error as Error)?.message ?? error);
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
