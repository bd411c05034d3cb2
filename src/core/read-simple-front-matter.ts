/**
 * The front matter most articles have (FORMAT.md, and the blog style beside it): one
 * `key: value` per line, where a value is a plain or quoted one-line string, a decimal number,
 * a date, a one-line `[a, b]` list, a `- item` list, a folded or literal block whose lines
 * share one indentation, or one level of such `key: value` lines (an `enclosure:`). For such a
 * block this returns exactly the mapping js-yaml (gray-matter's engine) returns, without running
 * js-yaml's general loader, which was ~60 % of parsing and over 5 % of a 10,000-file cold scan.
 *
 * Anything else returns `undefined` and goes to js-yaml: deeper nesting, comments, anchors,
 * tags, tabs, blank lines inside a block, continued values, escapes other than `\"` and `\\`,
 * a plain value js-yaml might read as anything but a string, a decimal number or a date (`-1`,
 * `0x1f`, `010`, `1_000`, `1:30`, `.inf`, `<<`), a duplicated key (js-yaml's error is the one
 * to report), and any character js-yaml might treat specially. Equality with js-yaml is tested
 * on tables, on every bundled article and on generated blocks
 * (test/core/read-simple-front-matter.test.ts).
 */

/** A line that starts an entry: a plain key, a colon, then the end of the line or a space. */
const ENTRY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;

/** A `- item` line of a block list, at any indentation. */
const LIST_ITEM = /^( *)- +(.*)$/;

/**
 * Characters outside this set send the block to js-yaml: tabs, CR, controls and other
 * characters js-yaml refuses, U+0085/U+2028/U+2029 (line breaks to some readers), the BOM,
 * and surrogates (kept simple: rare in front matter).
 */
const OUTSIDE_SUBSET = /[^\n\x20-\x7e\u00a0-\u2027\u2030-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;

/** A plain value's first character that YAML reads as syntax (or could, as in `-1`, `.5`, `+1`). */
const INDICATOR_FIRST = /^[-?:,[\]{}#&*!|>'"%@`<.+~]/;

/** Decimal numbers whose js-yaml reading is exactly `Number(text)`; others go to js-yaml. */
const PLAIN_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
const PLAIN_DECIMAL = /^(?:0|[1-9][0-9]{0,14})\.[0-9]{1,20}$/;

/** js-yaml's own timestamp patterns (js-yaml/lib/js-yaml/type/timestamp.js), minus tabs. */
const YAML_DATE = /^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$/;
const YAML_TIMESTAMP =
  /^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]| +)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?: *(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?$/;

/** The items of a one-line flow list that need no quoting, resolution or nesting. */
const FLOW_LIST = /^\[( *[A-Za-z][A-Za-z0-9 _./-]*(?:, *[A-Za-z][A-Za-z0-9 _./-]*)*)?\]$/;

const WORDS: ReadonlyMap<string, null | boolean> = new Map<string, null | boolean>([
  ["null", null],
  ["Null", null],
  ["NULL", null],
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
]);

type Value = string | number | boolean | null | Date | unknown[] | Record<string, unknown>;

/**
 * The key and the raw value (trailing spaces trimmed) of a `key: value` line, or undefined when
 * the key is one `fields` already has (js-yaml's error to report), one js-yaml would read as a
 * null or a boolean, or `__proto__`.
 */
function readEntry(
  line: string,
  fields: Record<string, unknown>,
): { key: string; value: string } | undefined {
  const entry = ENTRY.exec(line);
  if (!entry) return undefined;
  const key = entry[1] as string;
  if (WORDS.has(key) || key === "__proto__" || Object.hasOwn(fields, key)) return undefined;
  return { key, value: trimEndSpaces(entry[2] ?? "") };
}

/**
 * Read `yaml` (the lines between the delimiters, LF line ends, each line ending in `\n`) if it
 * is in the simple subset; `undefined` otherwise.
 */
export function readSimpleFrontMatter(yaml: string): Record<string, unknown> | undefined {
  if (OUTSIDE_SUBSET.test(yaml)) return undefined;
  const lines = (yaml.endsWith("\n") ? yaml.slice(0, -1) : yaml).split("\n");
  const data: Record<string, unknown> = {};
  let entries = 0;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] as string;
    index += 1;
    if (line === "") continue;
    const entry = readEntry(line, data);
    if (!entry) return undefined;
    const { key, value } = entry;
    const next = lines[index] ?? "";
    let read: Value | undefined;
    if (value === ">" || value === ">-" || value === "|" || value === "|-") {
      const block = readBlock(lines, index, value);
      if (!block) return undefined;
      read = block.text;
      index = block.next;
    } else if (value === "" && LIST_ITEM.test(next)) {
      const list = readList(lines, index);
      if (!list) return undefined;
      read = list.items;
      index = list.next;
    } else if (value === "" && next.startsWith(" ")) {
      const mapping = readMapping(lines, index);
      if (!mapping) return undefined;
      read = mapping.fields;
      index = mapping.next;
    } else {
      // A value continued on an indented line: js-yaml's folding rules, not ours.
      if (next.startsWith(" ")) return undefined;
      read = readInlineValue(value);
      if (read === undefined) return undefined;
    }
    data[key] = read;
    entries += 1;
  }
  // No entry at all: js-yaml reads nothing (not a mapping); parse-article knows that case.
  return entries === 0 ? undefined : data;
}

function trimEndSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

/** A one-line value (spaces trimmed at both ends) as js-yaml reads it, or undefined if unsure. */
function readInlineValue(value: string): Value | undefined {
  const first = value.charCodeAt(0);
  if (first === 0x22) return readDoubleQuoted(value);
  if (first === 0x27) return readSingleQuoted(value);
  if (first === 0x5b) {
    const list = FLOW_LIST.exec(value);
    if (!list) return undefined;
    const items = list[1] === undefined ? [] : list[1].split(",").map(trimSpaces);
    return items.some((item) => WORDS.has(item)) ? undefined : items;
  }
  return readPlainValue(value);
}

function trimSpaces(text: string): string {
  return trimEndSpaces(text).replace(/^ +/, "");
}

/** A single-line plain scalar as js-yaml's safe schema resolves it, or undefined if unsure. */
function readPlainValue(value: string): string | number | boolean | null | Date | undefined {
  if (value === "") return null;
  const word = WORDS.get(value);
  if (word !== undefined) return word;
  if (INDICATOR_FIRST.test(value)) return undefined;
  // `: ` and ` #` end a plain scalar (a mapping, a comment); a final `:` starts a mapping.
  if (value.includes(": ") || value.includes(" #") || value.endsWith(":")) return undefined;
  const first = value.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    // js-yaml reads 010 as octal, 1_0 as 10, 1:30 as 90, 1e3 as 1000.
    if (PLAIN_INTEGER.test(value) || PLAIN_DECIMAL.test(value)) return Number(value);
    return readTimestamp(value);
  }
  return value;
}

/** `"…"` with no escapes but `\"` and `\\`, and nothing after the closing quote. */
function readDoubleQuoted(value: string): string | undefined {
  if (value.length < 2 || !value.endsWith('"')) return undefined;
  const inner = value.slice(1, -1);
  if (!inner.includes("\\")) return inner.includes('"') ? undefined : inner;
  let text = "";
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner[index] as string;
    if (char === '"') return undefined;
    if (char !== "\\") {
      text += char;
      continue;
    }
    const escaped = inner[index + 1];
    if (escaped !== '"' && escaped !== "\\") return undefined;
    text += escaped;
    index += 1;
  }
  return text;
}

/** `'…'`, where `''` stands for one quote, and nothing after the closing quote. */
function readSingleQuoted(value: string): string | undefined {
  if (value.length < 2 || !value.endsWith("'")) return undefined;
  const inner = value.slice(1, -1);
  // Every quote inside comes in pairs, or the value ends earlier than its last character.
  if (inner.replaceAll("''", "").includes("'")) return undefined;
  return inner.replaceAll("''", "'");
}

/** js-yaml's timestamp construction, step for step (type/timestamp.js). */
function readTimestamp(value: string): Date | undefined {
  const match = YAML_DATE.exec(value) ?? YAML_TIMESTAMP.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  const day = Number(match[3]);
  if (!match[4]) return new Date(Date.UTC(year, month, day));
  const fraction = match[7] ? Number(match[7].slice(0, 3).padEnd(3, "0")) : 0;
  const date = new Date(
    Date.UTC(year, month, day, Number(match[4]), Number(match[5]), Number(match[6]), fraction),
  );
  if (match[9]) {
    const delta = (Number(match[10]) * 60 + Number(match[11] ?? 0)) * 60_000;
    date.setTime(date.getTime() - (match[9] === "-" ? -delta : delta));
  }
  return date;
}

/**
 * `- item` lines starting at `lines[start]`, all at the first one's indentation, each item a
 * one-line value; the list ends at the next line that starts at the left margin.
 */
function readList(
  lines: readonly string[],
  start: number,
): { items: unknown[]; next: number } | undefined {
  const items: unknown[] = [];
  let indent = -1;
  let next = start;
  for (; next < lines.length; next += 1) {
    const line = lines[next] as string;
    const item = LIST_ITEM.exec(line);
    if (!item) {
      if (line !== "" && line.charCodeAt(0) !== 32) break;
      return undefined;
    }
    const spaces = (item[1] as string).length;
    if (indent === -1) indent = spaces;
    // At the margin, a list ends where a line is not an item; indented, where one is less so.
    if (spaces !== indent) return undefined;
    const value = readInlineValue(trimEndSpaces(item[2] as string));
    if (value === undefined || value === null || Array.isArray(value)) return undefined;
    items.push(value);
  }
  return items.length === 0 ? undefined : { items, next };
}

/**
 * Indented `key: value` lines starting at `lines[start]` (an `enclosure:` or `author:` block),
 * all at the first one's indentation, each value a one-line value; the mapping ends at the next
 * line that starts at the left margin.
 */
function readMapping(
  lines: readonly string[],
  start: number,
): { fields: Record<string, unknown>; next: number } | undefined {
  const run = readIndentedRun(lines, start);
  if (!run) return undefined;
  const fields: Record<string, unknown> = {};
  for (const text of run.texts) {
    const entry = readEntry(text, fields);
    if (!entry) return undefined;
    const value = readInlineValue(entry.value);
    // An empty value opens a deeper block or list: js-yaml's to read.
    if (value === undefined || value === null) return undefined;
    fields[entry.key] = value;
  }
  return { fields, next: run.next };
}

/**
 * A `>`/`>-`/`|`/`|-` block starting at `lines[start]`: one or more lines, all indented by the
 * first one's indentation and no more, none blank. Folded lines join with a space, literal ones
 * with a newline; without `-` the text ends with one newline (even at the end of the block).
 */
function readBlock(
  lines: readonly string[],
  start: number,
  header: string,
): { text: string; next: number } | undefined {
  const run = readIndentedRun(lines, start);
  if (!run) return undefined;
  const text = run.texts.join(header.startsWith(">") ? " " : "\n");
  return { text: header.endsWith("-") ? text : `${text}\n`, next: run.next };
}

/**
 * The lines from `lines[start]` up to the next one at the left margin, without their
 * indentation: one or more, all indented by the first one's indentation and no more, none blank.
 * A blank line (chomping and folding rules), a more indented one (kept as is by a folded block)
 * or a less indented one (ends the block, or is an error) leaves the block to js-yaml.
 */
function readIndentedRun(
  lines: readonly string[],
  start: number,
): { texts: string[]; next: number } | undefined {
  const indent = leadingSpaces(lines[start] ?? "");
  if (indent === 0) return undefined;
  const texts: string[] = [];
  let next = start;
  for (; next < lines.length; next += 1) {
    const line = lines[next] as string;
    const spaces = leadingSpaces(line);
    if (spaces === 0 && line !== "") break;
    if (spaces !== indent || spaces === line.length) return undefined;
    texts.push(line.slice(indent));
  }
  return { texts, next };
}

function leadingSpaces(line: string): number {
  let count = 0;
  while (line.charCodeAt(count) === 32) count += 1;
  return count;
}
