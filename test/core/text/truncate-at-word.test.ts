import { describe, expect, it } from "vitest";
import { truncateAtWord } from "../../../src/core/text/truncate-at-word.js";

describe("truncateAtWord", () => {
  it.each([
    { name: "short text unchanged", text: "short", max: 10, cut: "short" },
    { name: "exactly max unchanged", text: "0123456789", max: 10, cut: "0123456789" },
    { name: "cut at the last space", text: "one two three four", max: 10, cut: "one two…" },
    { name: "dangling punctuation goes", text: "one two, three four", max: 9, cut: "one two…" },
    { name: "one long word is cut hard", text: "abcdefghijklmnop", max: 8, cut: "abcdefg…" },
    { name: "a surrogate pair is never split", text: "aaaaaaa😀😀", max: 9, cut: "aaaaaaa…" },
  ])("$name", ({ text, max, cut }) => {
    const result = truncateAtWord(text, max);
    expect(result).toBe(cut);
    expect(result.length).toBeLessThanOrEqual(max);
  });
});
