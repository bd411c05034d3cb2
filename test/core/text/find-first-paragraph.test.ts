import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { findFirstParagraph } from "../../../src/core/text/find-first-paragraph.js";
import { htmlToPlainText } from "../../../src/core/text/plain-text.js";

describe("findFirstParagraph: HTML", () => {
  it.each([
    { name: "the first <p>", html: "<div><p>First.</p><p>Second.</p></div>", text: "First." },
    {
      name: "attributes and inline tags",
      html: '<p id="x">A <a href="/y">link</a> here.</p>',
      text: "A link here.",
    },
    { name: "upper-case tags", html: "<P>Shouting.</P>", text: "Shouting." },
    { name: "empty <p></p> skipped", html: "<p></p><p>  </p><p>Real.</p>", text: "Real." },
    { name: "&nbsp;-only skipped", html: "<p>&nbsp;</p><p>Real.</p>", text: "Real." },
    {
      name: "ad slots skipped",
      html: '<p class="Ad incontentTeads ad-slot"></p><p class="ad-backstage">Sponsor</p><p>Real.</p>',
      text: "Real.",
    },
    {
      name: "storytitle holding an <h1> skipped",
      html: '<p class="storytitle">\n  <h1>The title</h1>\n</p><p>Real.</p>',
      text: "Real.",
    },
    {
      name: "caption, credit and image-data widgets skipped",
      html:
        '<p class="caption-wrap"><b class="toggle-caption"><b>toggle caption</b></b></p>' +
        '<p class="credit">Photographer/Agency</p><p class="image_data"><p class="credit">X</p></p>' +
        "<p>Real.</p>",
      text: "Real.",
    },
    { name: "widget text skipped", html: "<p>Enlarge this image</p><p>Real.</p>", text: "Real." },
    {
      name: "a bold label loses to the prose after it",
      html: "<p><strong>Updated at 8:33 p.m. ET</strong></p> <p>Real prose.</p>",
      text: "Real prose.",
    },
    {
      name: "a bold label is used when nothing follows",
      html: "<p><strong>Only a label</strong></p>",
      text: "Only a label",
    },
    { name: "<pre> and <param> are not <p>", html: "<pre>code</pre><p>Real.</p>", text: "Real." },
    { name: "an unclosed <p> ends at the next one", html: "<p>One<p>Two", text: "One" },
    {
      name: "entities decoded",
      html: "<p>Fish &amp; chips &mdash; hot</p>",
      text: "Fish & chips — hot",
    },
    { name: "no <p>: the opening text", html: "<div>Lead <b>text</b></div>", text: "Lead text" },
    { name: "only junk <p>: nothing", html: '<p class="credit">X</p>', text: "" },
    { name: "empty body", html: "", text: "" },
  ])("$name", ({ html, text }) => {
    expect(findFirstParagraph(html, "html")).toBe(text);
  });
});

describe("findFirstParagraph: Markdown", () => {
  it.each([
    {
      name: "the first paragraph",
      md: "First line\nsecond line.\n\nNext.",
      text: "First line second line.",
    },
    { name: "headings skipped", md: "# Title\n## Sub\n\nReal.", text: "Real." },
    { name: "setext heading skipped", md: "Title\n=====\n\nReal.", text: "Real." },
    {
      name: "fenced code skipped, even with blank lines and <script>",
      md: "```html\n<script>x()</script>\n\n# no\n```\n\nReal.",
      text: "Real.",
    },
    { name: "tilde fences", md: "~~~\ncode\n~~~\nReal.", text: "Real." },
    { name: "indented code skipped", md: "    code();\n\nReal.", text: "Real." },
    { name: "lists skipped", md: "- one\n- two\n\nReal.", text: "Real." },
    { name: "quotes skipped", md: "> quoted\n\nReal.", text: "Real." },
    { name: "a lone image skipped", md: "![cover](a.png)\n\nReal.", text: "Real." },
    { name: "thematic break skipped", md: "***\n\nReal.", text: "Real." },
    {
      name: "inline syntax removed",
      md: "A **bold** [link](x) and `code`.",
      text: "A bold link and code.",
    },
    {
      name: "an HTML block's first <p>",
      md: '<div class="lead">\n<p>From HTML.</p>\n</div>\n\nReal.',
      text: "From HTML.",
    },
    {
      name: "a <script> block skipped",
      md: "<script>\nlet a;\n\nlet b;\n</script>\n\nReal.",
      text: "Real.",
    },
    { name: "nothing but code", md: "```\nonly code\n```\n", text: "" },
    {
      name: "a fence closes only at a closing line markdown-it accepts",
      md: "```\ncode\n    ```\nstill code\n```\n\nReal.",
      text: "Real.",
    },
    {
      name: "a reference link defined far below",
      md: `See [the docs][d].\n\n${"Filler text here.\n\n".repeat(400)}[d]: https://example.org\n`,
      text: "See the docs.",
    },
    {
      name: "a fence that runs past the first part read",
      md: `\`\`\`\n${"code();\n\n".repeat(600)}Not prose.\n\`\`\`\n\nReal.`,
      text: "Real.",
    },
    {
      name: "a first paragraph far down",
      md: `${"- item\n\n".repeat(800)}\nReal.`,
      text: "Real.",
    },
  ])("$name", ({ md, text }) => {
    expect(findFirstParagraph(md, "markdown")).toBe(text);
  });

  it("finds what markdown-it renders as the first top-level paragraph", () => {
    const bodies = [
      "Intro *one*\nline two\n\nSecond.",
      "# T\n\nAfter &hearts; &amp; \\*x\\*.",
      "   Indented three.\n",
      "<div>\n# not\n</div>\n\nText <b>bold</b> `c` ![i](x.png) [l](y).",
    ];
    for (const body of bodies) {
      const html = new MarkdownIt({ html: true }).render(body);
      const first = /^<p>([\s\S]*?)<\/p>$/m.exec(html)?.[1] ?? "";
      expect(findFirstParagraph(body, "markdown"), body).toBe(htmlToPlainText(first));
    }
  });
});
