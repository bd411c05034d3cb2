import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markdownInlineText } from "../../../src/core/text/markdown-blocks.js";
import {
  decodeHtmlEntities,
  foldWhitespace,
  htmlToPlainText,
  stripTags,
} from "../../../src/core/text/plain-text.js";

describe("decodeHtmlEntities", () => {
  it.each([
    { name: "amp", html: "Q&amp;A", text: "Q&A" },
    { name: "lt/gt", html: "&lt;div&gt;", text: "<div>" },
    { name: "quotes", html: "&quot;hi&quot; &apos;x&apos;", text: "\"hi\" 'x'" },
    { name: "typographic", html: "&ldquo;a&rdquo; &mdash; b&hellip;", text: "“a” — b…" },
    { name: "Latin-1 letters", html: "caf&eacute; &Uuml;ber &szlig;", text: "café Über ß" },
    { name: "nbsp", html: "a&nbsp;b", text: "a\u00A0b" },
    { name: "decimal", html: "&#8217;&#39;", text: "’'" },
    { name: "hex", html: "&#x1F600;&#X41;", text: "😀A" },
    { name: "windows-1252 range", html: "&#146;&#150;", text: "’–" },
    { name: "NUL and surrogates → U+FFFD", html: "&#0;&#xD800;", text: "\uFFFD\uFFFD" },
    { name: "unknown names stay", html: "&zzzz; AT&T", text: "&zzzz; AT&T" },
    { name: "every HTML name", html: "&hearts; &check; &Bopf; &NotEqualTilde;", text: "♥ ✓ 𝔹 ≂̸" },
    // As in a browser (and in the rendered body): legacy names need no semicolon.
    { name: "legacy names without semicolon", html: "&amp and &copy2026", text: "& and ©2026" },
  ])("$name", ({ html, text }) => {
    expect(decodeHtmlEntities(html)).toBe(text);
  });
});

describe("stripTags", () => {
  it.each([
    { name: "inline tags join", html: "<b>Hel</b>lo", text: "Hello" },
    { name: "block tags leave a space", html: "one</p><p>two", text: "one  two" },
    { name: "script content goes", html: "a<script>alert(1)</script>b", text: "a b" },
    { name: "comments go", html: "a<!-- x -->b", text: "a b" },
    { name: "a lone < stays", html: "1 < 2", text: "1 < 2" },
    { name: "attributes", html: '<a href="x" target="_blank">link</a>', text: "link" },
  ])("$name", ({ html, text }) => {
    expect(stripTags(html)).toBe(text);
  });
});

describe("htmlToPlainText", () => {
  it.each([
    { name: "folded and trimmed", html: "  <p>a\n\n b</p> ", text: "a b" },
    { name: "escaped tags stay as text", html: "Use &lt;p&gt; here", text: "Use <p> here" },
    { name: "soft hyphens go", html: "hy\u00ADphen", text: "hyphen" },
  ])("$name", ({ html, text }) => {
    expect(htmlToPlainText(html)).toBe(text);
  });
});

describe("markdownInlineText", () => {
  it.each([
    {
      name: "links keep their text",
      md: "see [the docs](https://x.org/a_(b))",
      text: "see the docs",
    },
    // With no definition markdown-it shows the brackets, and so does the page.
    { name: "an undefined reference link", md: "see [docs][1]", text: "see [docs][1]" },
    { name: "intraword emphasis, as markdown-it reads it", md: "2*3*4", text: "234" },
    { name: "images go", md: "![alt](a.png) text", text: "text" },
    {
      name: "strong and emphasis",
      md: "**bold** and *it* and _also_",
      text: "bold and it and also",
    },
    { name: "snake_case survives", md: "call my_var_name now", text: "call my_var_name now" },
    { name: "code spans are literal", md: "use `<b>*x*</b>`", text: "use <b>*x*</b>" },
    { name: "autolinks", md: "<https://example.org>", text: "https://example.org" },
    { name: "backslash escapes", md: "1\\. not a list \\*", text: "1. not a list *" },
    { name: "inline HTML", md: "a <em>b</em> &amp; c", text: "a b & c" },
    { name: "strikethrough", md: "~~old~~ new", text: "old new" },
  ])("$name", ({ md, text }) => {
    expect(markdownInlineText(md)).toBe(text);
  });
});

describe("foldWhitespace", () => {
  it("folds every run, tabs and newlines included", () => {
    expect(foldWhitespace(" a\t\tb\n\nc \u200B")).toBe("a b c");
  });

  it("folds exactly as replacing every whitespace run with one space would", () => {
    // It matches only what folding changes, for speed; the result must be the plain rule's.
    const unit = fc.constantFrom(
      "a",
      "b",
      " ",
      "\t",
      "\n",
      "\r",
      "\u00A0",
      "\u2028",
      "\u3000",
      "\u00AD",
      "\u200B",
      "\uFEFF",
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        const plain = text
          .replace(/[\u00AD\u200B\uFEFF]/g, "")
          .replace(/\s+/g, " ")
          .trim();
        expect(foldWhitespace(text)).toBe(plain);
      }),
      { numRuns: 3000 },
    );
  });
});
