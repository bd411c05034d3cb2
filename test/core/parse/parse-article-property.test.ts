import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeArticle } from "../../../src/core/normalize/normalize-article.js";
import { isContentError } from "../../../src/core/parse/content-error.js";
import { parseArticle } from "../../../src/core/parse/parse-article.js";
import { repairSentenceSpacing } from "../../../src/core/text/repair-sentence-spacing.js";

const CONTEXT = { baseUrl: "https://blog.example", idPrefix: null, mtimeMs: 0, hash: "h" };

// Lines that look like front matter and its delimiters, so random files reach the YAML stage.
const LINE = fc.oneof(
  fc.constantFrom(
    "---",
    "--- ",
    "---\r",
    "title: x",
    "date: 2024-01-01",
    "tags: [a, b",
    "  - x",
    "a: &a [1]",
    "b: *a",
    "",
  ),
  fc.string({ maxLength: 20 }),
);

describe("parseArticle and normalizeArticle never throw", () => {
  it("on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const parsed = parseArticle("random.md", bytes);
        if (!isContentError(parsed)) normalizeArticle(parsed, CONTEXT);
      }),
      { numRuns: 500 },
    );
  });

  it("on random front-matter-like text", () => {
    fc.assert(
      fc.property(fc.array(LINE, { maxLength: 12 }), (lines) => {
        const parsed = parseArticle("random.md", new TextEncoder().encode(lines.join("\n")));
        if (isContentError(parsed)) {
          expect(parsed.reason.length).toBeGreaterThan(0);
          return;
        }
        const result = normalizeArticle(parsed, CONTEXT);
        if (result.ok) expect(result.article.summary.length).toBeLessThanOrEqual(300);
      }),
      { numRuns: 500 },
    );
  });

  it("on random front matter values", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })),
        (data) => {
          normalizeArticle({ path: "p/x.md", data, body: "", bodyLine: 1 }, CONTEXT);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("repairSentenceSpacing", () => {
  it("only ever inserts spaces", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(repairSentenceSpacing(text).replaceAll(" ", "")).toBe(text.replaceAll(" ", ""));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("hostile bodies stay cheap", () => {
  const SIZE = 1_000_000;
  it.each([
    { name: "unclosed <p over and over", path: "a.html", body: "<p ".repeat(SIZE / 3) },
    { name: "unclosed <h1 over and over", path: "a.html", body: "<h1 ".repeat(SIZE / 4) },
    { name: "a heading line of hashes", path: "a.md", body: `# ${"# ".repeat(SIZE / 2)}x` },
    { name: "a heading line of spaces", path: "a.md", body: `# a${" ".repeat(SIZE)}#x` },
    { name: "one huge paragraph", path: "a.md", body: "word ".repeat(SIZE / 5) },
    { name: "unclosed emphasis", path: "a.md", body: "**a ".repeat(SIZE / 4) },
    { name: "nothing but fences", path: "a.md", body: "```\ncode\n```\n".repeat(SIZE / 13) },
  ])("$name", ({ path, body }) => {
    const started = performance.now();
    const parsed = parseArticle(
      path,
      new TextEncoder().encode(`---\ndate: 2024-01-01\n---\n${body}`),
    );
    if (isContentError(parsed)) throw new Error(parsed.reason);
    expect(normalizeArticle(parsed, CONTEXT).ok).toBe(true);
    // Linear work on 1 MB takes milliseconds; quadratic work would take minutes.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
