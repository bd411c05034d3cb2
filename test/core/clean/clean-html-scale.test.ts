import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateHtmlBody, generateMarkdownBody } from "../../../bench/clean-bodies.js";
import config from "../../../config/default.json" with { type: "json" };
import {
  CLEAN_BUDGET,
  type CleanOptions,
  cleanHtml,
  cleanHtmlWithBudget,
} from "../../../src/core/clean/clean-html.js";
import { renderBodyWithBudget, truncatedBodyWarning } from "../../../src/core/clean/render-body.js";
import { renderMarkdown } from "../../../src/core/clean/render-markdown.js";
import { referenceCleanHtml } from "../../helpers/reference-clean-html.js";

const OPTIONS: CleanOptions = {
  baseUrl: "https://news.example.org/2024/harbour/",
  title: "Harbour Town Votes To Keep Its Night Ferry Running",
  junkSelectors: config.clean.junkSelectors,
};

/** `count` bodies of about `bytes` each, as HTML: scraped news, or Markdown rendered. */
function pieces(format: "html" | "markdown", count: number, bytes: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    format === "html"
      ? generateHtmlBody(bytes, index + 1)
      : renderMarkdown(generateMarkdownBody(bytes, index + 1)),
  );
}

describe("cleanHtml at scale", () => {
  it.each(["html", "markdown"] as const)(
    "matches the reference cleaner on generated %s bodies",
    (format) => {
      for (const body of pieces(format, 3, 60_000)) {
        expect(cleanHtml(body, OPTIONS)).toBe(referenceCleanHtml(body, OPTIONS));
      }
    },
  );

  // Each piece is a run of whole top-level blocks, so the large body's clean output is the
  // pieces' outputs end to end: 2 MB through the new cleaner, 20 KB at a time through the old.
  it.each(["html", "markdown"] as const)(
    "cleans a 2 MB %s body as the reference cleans its 20 KB pieces",
    (format) => {
      const parts = pieces(format, 100, 20_000);
      const expected = parts.map((part) => referenceCleanHtml(part, OPTIONS)).join("");
      expect(cleanHtml(parts.join(""), OPTIONS)).toBe(expected);
    },
  );

  it("leaves a 5 MB generated article whole under the default budget", () => {
    for (const format of ["html", "markdown"] as const) {
      const body =
        format === "html" ? generateHtmlBody(5_000_000) : generateMarkdownBody(5_000_000);
      expect(renderBodyWithBudget(body, format, OPTIONS).truncated).toBe(false);
    }
  });
});

// Tag soup that exercises the tree builder's corners: misnested formatting (adoption agency),
// tables (foster parenting), templates, foreign content, select, implied end tags, junk.
const TOKEN = fc.oneof(
  fc.constantFrom(
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    '<a href="/x">',
    "</a>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<table>",
    "<tr>",
    "<td>",
    "</table>",
    "<template>",
    "</template>",
    "<svg><title>t</title>",
    "</svg>",
    "<select><option>o",
    "<li>",
    "<ul>",
    "</ul>",
    "<pre>\n",
    "<h1>Harbour Town Votes To Keep Its Night Ferry Running</h1>",
    '<h1>Harbour Town Votes To Keep Its Night Ferry Running<b class="ad-slot">ad</b></h1>',
    '<div class="ad-slot">ad</div>',
    '<img src="data:x">',
    '<img src="a.png">',
    "<br>",
    "<!-- c -->",
    "<html lang=en>",
    "<body class=x>",
    "&amp;",
    " ",
    "\n",
  ),
  fc.string({ maxLength: 4 }),
);

describe("cleanHtml against the reference on tag soup", () => {
  it("gives the same output", () => {
    fc.assert(
      fc.property(fc.array(TOKEN, { minLength: 5, maxLength: 80, size: "max" }), (tokens) => {
        const html = tokens.join("");
        expect(cleanHtml(html, OPTIONS)).toBe(referenceCleanHtml(html, OPTIONS));
      }),
      { numRuns: 400 },
    );
  });
});

describe("cleaning budget", () => {
  const paragraphs = Array.from({ length: 100 }, (_, n) => `<p>Paragraph ${n}</p>`).join("");

  it("keeps a body within the budget whole", () => {
    const cleaned = cleanHtmlWithBudget(paragraphs, OPTIONS);
    expect(cleaned).toEqual({ html: paragraphs, truncated: false });
  });

  it("cuts a body with more nodes than the budget after them and marks the cut", () => {
    const cleaned = cleanHtmlWithBudget(paragraphs, {
      ...OPTIONS,
      budget: { ...CLEAN_BUDGET, maxNodes: 20 },
    });
    const kept = Array.from({ length: 10 }, (_, n) => `<p>Paragraph ${n}</p>`).join("");
    expect(cleaned).toEqual({ html: `${kept}<p>[…]</p>`, truncated: true });
  });

  it("cuts a body nested deeper than the budget allows where it goes too deep", () => {
    const body = `<p>Intro</p>${"<i>a</b>".repeat(100_000)}`;
    const cleaned = cleanHtmlWithBudget(body, OPTIONS);
    expect(cleaned.truncated).toBe(true);
    expect(cleaned.html.startsWith("<p>Intro</p><i>a<i>a")).toBe(true);
    expect(cleaned.html.endsWith("<p>[…]</p>")).toBe(true);
  });

  it("keeps nesting as deep as the budget allows", () => {
    const body = `${"<div><b>".repeat(3000)}deep${"</b></div>".repeat(3000)}`;
    expect(cleanHtmlWithBudget(body, OPTIONS).truncated).toBe(false);
  });

  it("reports a Markdown body over the budget, with a warning for the file", () => {
    const markdown = Array.from({ length: 40 }, (_, n) => `Paragraph ${n}\n`).join("\n");
    const cleaned = renderBodyWithBudget(markdown, "markdown", {
      ...OPTIONS,
      budget: { ...CLEAN_BUDGET, maxNodes: 10 },
    });
    expect(cleaned.truncated).toBe(true);
    expect(cleaned.html).toMatch(/^<p>Paragraph 0<\/p>\n.*<p>\[…\]<\/p>$/s);
    expect(truncatedBodyWarning("posts/huge.md")).toMatchObject({
      path: "posts/huge.md",
      code: "body-truncated",
    });
  });
});
