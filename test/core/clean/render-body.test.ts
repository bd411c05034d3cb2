import { readFileSync } from "node:fs";
import { load } from "cheerio";
import { describe, expect, it } from "vitest";
import config from "../../../config/default.json" with { type: "json" };
import type { CleanOptions } from "../../../src/core/clean/clean-html.js";
import { renderBody } from "../../../src/core/clean/render-body.js";

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/clean/${name}`, import.meta.url), "utf8");

const options: CleanOptions = {
  baseUrl: "https://blog.example.org/2024/",
  pageUrl: "https://blog.example.org/articles/2024/player",
  title: "Embedding a player",
  junkSelectors: config.clean.junkSelectors,
};

describe("renderBody", () => {
  const $ = load(renderBody(fixture("post-with-code.md"), "markdown", options), null, false);

  it("shows a <script> inside fenced code as text", () => {
    expect($("pre > code.language-html").text()).toContain('<script src="/player.js"></script>');
    expect($("pre > code.language-html").text()).toContain('onclick="play()"');
  });

  it("removes a <script> written as HTML in a Markdown post", () => {
    expect($("script").length).toBe(0);
    expect($.root().text()).not.toContain("inline html in a post");
  });

  it("resolves Markdown links and images against the article's folder and page", () => {
    expect($("img").attr("src")).toBe("https://blog.example.org/2024/player.png");
    expect(
      $("a")
        .toArray()
        .map((a) => a.attribs.href),
    ).toEqual([
      "https://blog.example.org/articles/2024/player#notes",
      "https://html.spec.whatwg.org/",
    ]);
  });

  it.each([
    {
      name: "markdown is rendered",
      body: "*one*",
      format: "markdown",
      out: "<p><em>one</em></p>\n",
    },
    {
      name: "html is not read as markdown",
      body: "<p>*one*</p>",
      format: "html",
      out: "<p>*one*</p>",
    },
    {
      name: "html is cleaned",
      body: '<p class="Ad ad-slot"></p><p id="a">one</p><script>x()</script>',
      format: "html",
      out: "<p>one</p>",
    },
    {
      name: "a leading title heading in markdown is dropped",
      body: "# Embedding a Player\n\nText.",
      format: "markdown",
      out: "\n<p>Text.</p>\n",
    },
  ] as const)("$name", ({ body, format, out }) => {
    expect(renderBody(body, format, options)).toBe(out);
  });
});
