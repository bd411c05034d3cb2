import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../../src/core/text/escape-html.js";

describe("escapeHtml", () => {
  it.each([
    ["markup", "<script>", "&lt;script&gt;"],
    ["ampersand, including one that looks like an entity", "a & b &amp;", "a &amp; b &amp;amp;"],
    ["double quote", 'say "hi"', "say &quot;hi&quot;"],
    ["single quote", "it's", "it&apos;s"],
    ["attribute break-out", '"><img onerror=x>', "&quot;&gt;&lt;img onerror=x&gt;"],
    ["C0 controls and NUL, dropped", "a\u0000b\u0007c\u001Fd", "abcd"],
    ["tab, newline and carriage return, kept", "a\tb\nc\rd", "a\tb\nc\rd"],
    ["U+FFFE and U+FFFF, dropped", "a\uFFFEb\uFFFFc", "abc"],
    ["lone surrogate, dropped", "a\uD800b", "ab"],
    ["astral characters, kept", "emoji 😀 and 𝔸", "emoji 😀 and 𝔸"],
    ["plain text, unchanged", "Grüße, 世界", "Grüße, 世界"],
  ])("%s", (_name, input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});
