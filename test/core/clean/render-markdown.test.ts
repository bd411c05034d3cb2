import { load } from "cheerio";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../src/core/clean/render-markdown.js";

describe("renderMarkdown", () => {
  it("keeps a <script> in a fenced block as escaped, visible code", () => {
    const html = renderMarkdown('```html\n<script src="/player.js"></script>\n```\n');
    expect(html).toBe(
      '<pre><code class="language-html">&lt;script src=&quot;/player.js&quot;&gt;&lt;/script&gt;\n</code></pre>\n',
    );
    const $ = load(html, null, false);
    expect($("script").length).toBe(0);
    expect($("code").text()).toBe('<script src="/player.js"></script>\n');
  });

  it.each([
    {
      name: "fenced with a language",
      md: "```ts\nconst a = 1;\n```",
      code: "const a = 1;\n",
      lang: "language-ts",
    },
    { name: "fenced without a language", md: "```\nplain\n```", code: "plain\n", lang: undefined },
    { name: "tilde fence", md: "~~~sh\nnpm test\n~~~", code: "npm test\n", lang: "language-sh" },
    { name: "indented", md: "    <b>not bold</b>", code: "<b>not bold</b>\n", lang: undefined },
    { name: "inline", md: "run `<br>` here", code: "<br>", lang: undefined },
  ])("renders $name code as text", ({ md, code, lang }) => {
    const $ = load(renderMarkdown(md), null, false);
    expect($("code").text()).toBe(code);
    expect($("code").attr("class")).toBe(lang);
    expect($("b, br").length).toBe(0);
  });

  it.each([
    {
      name: "inline HTML passes through for the sanitiser",
      md: 'a <span onclick="x()">b</span>',
      html: '<p>a <span onclick="x()">b</span></p>\n',
    },
    {
      name: "bare URLs are linked",
      md: "see https://example.org/a",
      html: '<p>see <a href="https://example.org/a">https://example.org/a</a></p>\n',
    },
    {
      name: "file names are not linked",
      md: "edit README.md and setup.py",
      html: "<p>edit README.md and setup.py</p>\n",
    },
    {
      name: "no typographic replacements",
      md: `"quoted" -- (c) ...`,
      html: "<p>&quot;quoted&quot; -- (c) ...</p>\n",
    },
    {
      name: "javascript: links refused",
      md: "[x](javascript:alert(1))",
      html: "<p>[x](javascript:alert(1))</p>\n",
    },
    {
      name: "relative links and images left for the cleaner to resolve",
      md: "[a](b.html) ![c](d.png)",
      html: '<p><a href="b.html">a</a> <img src="d.png" alt="c"></p>\n',
    },
  ])("$name", ({ md, html }) => {
    expect(renderMarkdown(md)).toBe(html);
  });
});
