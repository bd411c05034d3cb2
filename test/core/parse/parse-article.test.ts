import { readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import matter from "gray-matter";
import { load as loadYaml } from "js-yaml";
import { describe, expect, it } from "vitest";
import { isContentError } from "../../../src/core/parse/content-error.js";
import { parseArticle } from "../../../src/core/parse/parse-article.js";
import type { ContentError, ContentErrorCode, ParsedArticle } from "../../../src/core/types.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(HERE, "../../fixtures/parse");

function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(FIXTURES, name)));
}

function parseFixture(name: string): ParsedArticle | ContentError {
  return parseArticle(name, readFixture(name));
}

function parseOk(name: string): ParsedArticle {
  const result = parseFixture(name);
  if (isContentError(result)) throw new Error(`${name}: ${result.code}: ${result.reason}`);
  return result;
}

function parseText(text: string, path = "inline.md"): ParsedArticle | ContentError {
  return parseArticle(path, new TextEncoder().encode(text));
}

describe("parseArticle: files it refuses", () => {
  it.each<{ name: string; code: ContentErrorCode; line?: number }>([
    { name: "empty.md", code: "empty" },
    { name: "whitespace-only.md", code: "empty" },
    { name: "nul-bytes.txt", code: "binary" },
    { name: "utf16-with-bom.txt", code: "binary" },
    { name: "non-utf8.txt", code: "invalid-utf8" },
    { name: "no-front-matter.md", code: "no-front-matter", line: 1 },
    { name: "leading-blank-line.md", code: "no-front-matter", line: 1 },
    { name: "four-dashes.md", code: "no-front-matter", line: 1 },
    { name: "unterminated-front-matter.md", code: "unterminated-front-matter", line: 1 },
    { name: "broken-yaml.md", code: "bad-yaml", line: 5 },
    { name: "bad-indentation.md", code: "bad-yaml", line: 4 },
    { name: "duplicate-key.md", code: "bad-yaml", line: 3 },
    { name: "list-front-matter.md", code: "bad-yaml" },
    { name: "scalar-front-matter.md", code: "bad-yaml" },
    { name: "stray-dashes.md", code: "bad-yaml", line: 3 },
    { name: "yaml-bomb.md", code: "yaml-too-complex" },
    { name: "self-referencing-alias.md", code: "yaml-too-complex" },
    { name: "deep-nesting.md", code: "yaml-too-complex" },
  ])("$name → $code", ({ name, code, line }) => {
    const result = parseFixture(name);
    expect(isContentError(result)).toBe(true);
    const error = result as ContentError;
    expect(error.code).toBe(code);
    expect(error.path).toBe(name);
    expect(error.reason).toMatch(/^[A-Z].*\.$/);
    if (line !== undefined) expect(error.line).toBe(line);
    expect(Object.isFrozen(error)).toBe(true);
  });

  it("reports nesting that overflows js-yaml's recursion as too complex, without throwing", () => {
    const result = parseText(`---\nx: ${"[".repeat(50_000)}\n---\n`);
    expect(isContentError(result) && result.code).toBe("yaml-too-complex");
  });

  it("refuses front matter over 256 KiB before parsing it", () => {
    const result = parseText(`---\nfiller: "${"x".repeat(300_000)}"\n---\nBody.\n`);
    expect(isContentError(result) && result.code).toBe("yaml-too-complex");
  });

  it("names the list in the reason when the front matter is a list", () => {
    const result = parseFixture("list-front-matter.md") as ContentError;
    expect(result.reason).toContain("a list");
  });

  it("every fixture either parses or gives a coded error, never throws", () => {
    for (const name of readdirSync(FIXTURES)) {
      const result = parseFixture(name);
      expect(isContentError(result) ? result.code : "parsed").toBeTypeOf("string");
    }
  });
});

describe("parseArticle: delimiters and encodings", () => {
  it("reads `--- ` delimiters with trailing spaces and trailing spaces on every line", () => {
    const parsed = parseOk("trailing-space-delimiters.txt");
    // YAML keeps a folded line's trailing space; the normaliser folds it away.
    expect(parsed.data.title).toBe(
      "Harbour ferries return to the timetable after a winter  of repairs \n",
    );
    expect(parsed.data.image).toBe("https://img.example.net/harbour/ferry-at-dawn.jpg");
    expect(parsed.data.date).toBe(1700000000.1234567);
    expect(parsed.data.extends).toBe("_layouts.post");
    expect(parsed.body.startsWith('<div><p class="storytitle">')).toBe(true);
    expect(parsed.bodyLine).toBe(14);
  });

  it("reads plain `---` delimiters", () => {
    const parsed = parseOk("plain-delimiters.md");
    expect(parsed.data.title).toBe("Writing a tiny parser");
    expect(parsed.data.tags).toEqual(["Parsing", "TypeScript"]);
    expect(parsed.body.startsWith("# Writing a tiny parser\n")).toBe(true);
    expect(parsed.bodyLine).toBe(9);
  });

  it("drops a UTF-8 BOM and turns CRLF into LF in the body", () => {
    const parsed = parseOk("crlf-and-bom.txt");
    expect(parsed.data.title).toBe("Line endings from  another editor \n");
    expect(parsed.data.date).toEqual(new Date("2024-02-29T11:00:00Z"));
    expect(parsed.body).toBe("<p>First line.</p>\n<p>Second line.</p>\n");
    expect(parsed.bodyLine).toBe(7);
  });

  it("keeps folded `>` scalars on one line and literal `|` scalars line by line", () => {
    const parsed = parseOk("literal-and-folded.md");
    expect(parsed.data.title).toBe("Folded lines become one\n");
    expect(parsed.data.excerpt).toBe("Literal lines\nstay apart\n");
  });

  it("reads an empty value as null", () => {
    const parsed = parseOk("empty-values.md");
    expect(parsed.data.description).toBeNull();
    expect(parsed.data.tags).toBeNull();
    expect(parsed.data.excerpt).toBe("");
  });

  it.each([
    { name: "empty-front-matter.md", body: "Just a body.\n", bodyLine: 3 },
    { name: "comment-only-front-matter.md", body: "Just a body.\n", bodyLine: 4 },
    { name: "closing-at-eof.md", body: "", bodyLine: 4 },
  ])("$name → an empty mapping or no body, not an error", ({ name, body, bodyLine }) => {
    const parsed = parseOk(name);
    expect(parsed.body).toBe(body);
    expect(parsed.bodyLine).toBe(bodyLine);
  });

  it("keeps a body line that starts with --- as body text", () => {
    const parsed = parseText("---\ntitle: x\n---\nintro\n---\nmore\n");
    expect(isContentError(parsed)).toBe(false);
    expect((parsed as ParsedArticle).body).toBe("intro\n---\nmore\n");
  });

  it("returns a frozen result with the path it was given", () => {
    const parsed = parseOk("plain-delimiters.md");
    expect(parsed.path).toBe("plain-delimiters.md");
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.data)).toBe(true);
  });

  it("does not fill gray-matter's global cache", async () => {
    const matter = (await import("gray-matter")).default as unknown as {
      cache: Record<string, unknown>;
    };
    const before = Object.keys(matter.cache).length;
    parseText("---\ntitle: cache probe\n---\nBody.\n");
    expect(Object.keys(matter.cache).length).toBe(before);
  });
});

// Whatever lines and characters sit around the delimiters, the split must be the one a plain
// line-by-line reading of docs/format.md's rule gives.
describe("parseArticle: where the front matter ends", () => {
  const fillers = ["a", "é", "€", "𝄞"];
  const DELIMITER = /^---[ \t]*\r?$/;

  /** docs/format.md's rule read line by line: the oracle. */
  function splitByLines(text: string): { body: string; bodyLine: number } | "unterminated" {
    const lines = text.replace(/^\uFEFF/, "").split("\n");
    const close = lines.findIndex((line, index) => index > 0 && DELIMITER.test(line));
    if (close === -1) return "unterminated";
    return {
      body: lines
        .slice(close + 1)
        .join("\n")
        .replace(/\r\n/g, "\n"),
      bodyLine: close + 2,
    };
  }

  const LINES = fc.oneof(
    fc.constantFrom("---", "--- ", "---\t", "---\r", "----", "---x", "--- x", "title: T"),
    fc.constantFrom(...fillers).map((filler) => `note: ${filler.repeat(5)}`),
    fc.constantFrom(...fillers).map((filler) => `<p>${filler}</p>\r`),
  );

  it("agrees with a line-by-line reading", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(LINES, { maxLength: 10 }), (bom, lines) => {
        const text = `${bom ? "\uFEFF" : ""}---\n${lines.join("\n")}`;
        const parsed = parseText(text);
        const expected = splitByLines(text);
        if (expected === "unterminated") {
          expect(isContentError(parsed) && parsed.code).toBe("unterminated-front-matter");
          return;
        }
        // A stray `---x` line inside the front matter is an error of its own.
        if (isContentError(parsed)) {
          expect(parsed.code).toBe("bad-yaml");
          return;
        }
        expect(parsed.body).toBe(expected.body);
        expect(parsed.bodyLine).toBe(expected.bodyLine);
      }),
      { numRuns: 2000 },
    );
  });

  // The body is decoded lazily, and its head from the first bytes only: whatever characters
  // straddle the cut (a multi-byte character, a CRLF), the head is exactly where the body starts.
  it("gives a head that is a prefix of the body, and the same body whichever is read first", () => {
    const PIECES = fc.constantFrom("a", "é", "€", "𝄞", "\r\n", "\r", "\n", "<p>", " ");
    fc.assert(
      fc.property(
        fc.integer({ min: 480, max: 530 }),
        fc.array(PIECES, { maxLength: 60 }),
        fc.boolean(),
        (pad, tail, headFirst) => {
          const rawBody = "x".repeat(pad) + tail.join("");
          const text = `---\ntitle: T\n---\n${rawBody}`;
          const parsed = parseText(text);
          if (isContentError(parsed)) throw new Error(parsed.reason);
          const head = headFirst ? parsed.bodyHead : undefined;
          expect(parsed.body).toBe(rawBody.replace(/\r\n/g, "\n"));
          const after = headFirst ? head : parsed.bodyHead;
          expect(after).toBeDefined();
          expect(parsed.body.startsWith(after as string)).toBe(true);
          expect((after as string).length).toBeGreaterThan(400);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("finds a front matter far larger than a body", () => {
    const long = "wörd ".repeat(20_000).trim();
    const parsed = parseText(`---\ntitle: T\nsummary: ${long}\n---\nbody\n`);
    if (isContentError(parsed)) throw new Error(parsed.reason);
    expect(parsed.data.summary).toBe(long);
    expect(parsed.body).toBe("body\n");
  });

  it("closes on a delimiter at the very end of the file", () => {
    for (const ending of ["---", "--- ", "---\r", "---\r\n"]) {
      const parsed = parseText(`---\ntitle: T\n${ending}`);
      if (isContentError(parsed)) throw new Error(`${JSON.stringify(ending)}: ${parsed.reason}`);
      expect(parsed.data.title).toBe("T");
      expect(parsed.body).toBe("");
    }
  });
});

describe("parseArticle: the front matter gray-matter would give", () => {
  // The section goes through matter() with js-yaml 4 as its engine; this pins that what
  // parseArticle adds (delimiters found in the bytes, stray `---` lines refused, the limits)
  // leaves every block as matter() reads it: the same data, or an error on the same line.
  const engines = { yaml: { parse: (text: string) => (loadYaml(text) ?? {}) as object } };
  const matterReading = (block: string): { data: unknown } | { line: number | undefined } => {
    try {
      return { data: matter(`---\n${block}---`, { engines }).data };
    } catch (error) {
      const mark = (error as { mark?: { line?: number } }).mark;
      return { line: mark?.line === undefined ? undefined : mark.line + 1 };
    }
  };

  it.each([
    { name: "an empty block", block: "" },
    { name: "blank lines", block: "\n  \n" },
    { name: "comment lines only", block: "# one\n  # two\n" },
    { name: "a no-break space only", block: "\u00a0\n" },
    { name: "an ideographic space and a comment", block: "\u3000\n# note\n" },
    { name: "a vertical tab only", block: "\v\n" },
    { name: "a lone CR inside a comment", block: "# a\rtitle: T\n" },
    { name: "`|+` ending the block", block: "title: T\nsummary: |+\n  x\n\n" },
    { name: "`>+` ending the block", block: "title: T\nsummary: >+\n  x\n  y\n\n\n" },
    { name: "`|` ending the block", block: "title: T\nsummary: |\n  x\n" },
    { name: "an empty value last", block: "title: T\ndescription:\n" },
    { name: "a date and a list", block: "date: 2024-05-01\ntags: [a, b]\n" },
    { name: "a comment after a field", block: "title: T # not part of it\n" },
    { name: "an unterminated quote before a blank line", block: "a: 'abc\n\n" },
    { name: "an unterminated flow list", block: "tags: [a, b\n" },
    { name: "a bad indent", block: "a: 1\n  b: 2\n" },
    { name: "a tab-indented key", block: "a:\n\tb: 1\n" },
    { name: "an anchored key", block: "&a x: 1\n" },
    { name: "a duplicated key", block: "a: 1\na: 2\n" },
  ])("$name", ({ block }) => expectMatterReading(block));

  it("reads generated blocks as matter() does", () => {
    const line = fc.constantFrom(
      ...["title: T", "a: 1", "  b: 2", "# c", "  # d", "", "  ", "\u00a0", "\t", "\v", "- item"],
      ...["summary: |+", "summary: >-", "  x", "tags: [a, b", "]", "q: 'open", "k: v # c"],
      ...["date: 2024-05-01", "? x", "n: ~", "&a x: 1", "y: *a", "# a\rz: 1"],
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        expectMatterReading(lines.map((text) => `${text}\n`).join(""));
      }),
      { numRuns: 3000 },
    );
  });

  function expectMatterReading(block: string): void {
    const expected = matterReading(block);
    const result = parseText(`---\n${block}---\nBody\n`);
    if ("line" in expected) {
      expect(isContentError(result) && result.code).toBe("bad-yaml");
      expect((result as ContentError).line).toBe(expected.line);
      return;
    }
    const data = expected.data;
    if (
      data !== null &&
      typeof data === "object" &&
      !Array.isArray(data) &&
      !(data instanceof Date)
    ) {
      if (isContentError(result)) throw new Error(`${result.code}: ${result.reason}`);
      expect(result.data).toEqual(data);
    } else if (data === null || data === undefined) {
      expect(isContentError(result) ? result.code : result.data).toEqual({});
    } else {
      // A list or a single value: gray-matter returns it, feedmill refuses it.
      expect(isContentError(result) && result.code).toBe("bad-yaml");
    }
  }
});

describe("parseArticle: the same data as before the engine moved from js-yaml 3 to 4", () => {
  // gray-matter's default engine is js-yaml 3's safeLoad, which read every article before.
  const previousReading = (bytes: Uint8Array): unknown =>
    matter(new TextDecoder().decode(bytes), {}).data;
  const CONTENT = resolve(HERE, "../../../content");
  const ARTICLE = /\.(?:md|markdown|html?|txt)$/;

  const articleFiles = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((name) => ARTICLE.test(name))
      .map((name) => resolve(dir, name));

  it("reads every bundled article and every parsing fixture it accepts as js-yaml 3 did", () => {
    const files = [...articleFiles(CONTENT), ...articleFiles(FIXTURES)];
    let compared = 0;
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      const result = parseArticle(file, bytes);
      if (isContentError(result)) continue;
      expect(result.data, file).toEqual(previousReading(bytes));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(15);
  });

  it.each([
    { name: "a folded title with trailing spaces", yaml: "title: > \n  A title \n  folded \n" },
    { name: "`--- ` delimiters", text: "--- \ntitle: T \ndate: 2024-05-01 \n--- \nBody\n" },
    { name: "CRLF line ends", text: "---\r\ntitle: >\r\n  A\r\n  B\r\n---\r\nBody\r\n" },
    { name: "a byte-order mark", text: "\uFEFF---\ntitle: T\n---\nBody\n" },
    { name: "an epoch float date", yaml: "date: 1603335031.6184926\n" },
    { name: "a YAML timestamp", yaml: "date: 2020-10-22 02:50:31.618 +02:00\n" },
    { name: "an enclosure mapping", yaml: "enclosure:\n  url: a.mp3\n  length: 1024\n" },
    { name: "a literal block", yaml: "summary: |\n  one\n  two\n\n" },
    { name: "quoted and escaped", yaml: "title: \"a \\\"b\\\" \\u00e9\"\nb: 'it''s'\n" },
    { name: "hex, infinity and exponents", yaml: "c: 0x1f\nd: .inf\ne: 1e3\nf: -0\n" },
    { name: "yes and no", yaml: "draft: yes\npublished: no\nx: on\n" },
  ])("reads $name as js-yaml 3 did", ({ yaml, text }) => {
    const bytes = new TextEncoder().encode(text ?? `---\n${yaml}---\nBody\n`);
    const result = parseArticle("inline.md", bytes);
    if (isContentError(result)) throw new Error(`${result.code}: ${result.reason}`);
    expect(result.data).toEqual(previousReading(bytes));
  });

  it("reads YAML 1.1's number forms as YAML 1.2 does: base 60, leading zeros, underscores", () => {
    const parsed = parseText("---\na: 1:30:00\nb: 010\nc: 1_000\nd: 0o10\nt: 12:30\n---\n");
    if (isContentError(parsed)) throw new Error(parsed.reason);
    // A duration stays a clock string, which parseDuration reads to the same seconds.
    expect(parsed.data).toEqual({ a: "1:30:00", b: 10, c: "1_000", d: 8, t: "12:30" });
  });

  it("differs from js-yaml 3 where YAML 1.2 says so: tab indentation, an anchored key", () => {
    const tabbed = parseText("---\na:\n\tb: 1\n---\n");
    expect(isContentError(tabbed) && tabbed.code).toBe("bad-yaml");
    const anchored = parseText("---\n&a x: 1\ny: *a\n---\n");
    if (isContentError(anchored)) throw new Error(anchored.reason);
    expect(anchored.data).toEqual({ x: 1, y: "x" });
  });
});
