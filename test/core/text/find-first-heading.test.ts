import { describe, expect, it } from "vitest";
import { findFirstHeading } from "../../../src/core/text/find-first-heading.js";
import type { BodyFormat } from "../../../src/core/types.js";

describe("findFirstHeading", () => {
  it.each<{ name: string; format: BodyFormat; body: string; title: string | undefined }>([
    {
      name: "HTML <h1>",
      format: "html",
      body: "<div><h1>The <em>title</em></h1></div>",
      title: "The title",
    },
    {
      name: "HTML <h1> with attributes",
      format: "html",
      body: '<H1 class="x">Loud</H1>',
      title: "Loud",
    },
    {
      name: "HTML entities",
      format: "html",
      body: "<h1>Fish &amp; chips</h1>",
      title: "Fish & chips",
    },
    {
      name: "an empty <h1> is passed over",
      format: "html",
      body: "<h1> </h1><h1>Second</h1>",
      title: "Second",
    },
    { name: "HTML <h2> is not a title", format: "html", body: "<h2>Sub</h2>", title: undefined },
    {
      name: "HTML <header> is not <h1>",
      format: "html",
      body: "<header>Top</header>",
      title: undefined,
    },
    {
      name: "Markdown # heading",
      format: "markdown",
      body: "Intro\n\n# The *title* #\n",
      title: "The title",
    },
    {
      name: "Markdown setext heading",
      format: "markdown",
      body: "The title\n===\n",
      title: "The title",
    },
    { name: "Markdown ## is not a title", format: "markdown", body: "## Sub\n", title: undefined },
    {
      name: "a # line in a code block is not a title",
      format: "markdown",
      body: "```sh\n# comment\n```\n\n# Real\n",
      title: "Real",
    },
    { name: "#hashtag is not a heading", format: "markdown", body: "#hashtag\n", title: undefined },
    {
      name: "<h1> inside Markdown",
      format: "markdown",
      body: "<h1>Inline HTML</h1>\n",
      title: "Inline HTML",
    },
    { name: "no heading", format: "markdown", body: "Just text.\n", title: undefined },
    {
      name: "a # line after a fence closing markdown-it does not accept",
      format: "markdown",
      body: "```\ncode\n    ```\n# Not a title\n```\n\n# Real &hearts;\n",
      title: "Real ♥",
    },
    {
      name: "a heading after a long first part",
      format: "markdown",
      body: `${"Words here.\n\n".repeat(500)}# Late\n`,
      title: "Late",
    },
  ])("$name", ({ format, body, title }) => {
    expect(findFirstHeading(body, format)).toBe(title);
  });
});
