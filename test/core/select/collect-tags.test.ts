import { describe, expect, it } from "vitest";
import { collectTags } from "../../../src/core/select/collect-tags.js";

describe("collectTags", () => {
  it.each<{ name: string; sources: unknown[]; tags: string[] }>([
    {
      name: "a comma string",
      sources: ["ferries, harbour ,council"],
      tags: ["ferries", "harbour", "council"],
    },
    {
      name: "a folded string with a trailing newline",
      sources: ["campaign, voters \n"],
      tags: ["campaign", "voters"],
    },
    { name: "empties dropped", sources: ["a, , ,b,"], tags: ["a", "b"] },
    { name: "a YAML list", sources: [["Fathom", "Notes"]], tags: ["Fathom", "Notes"] },
    { name: "a list entry keeps its comma", sources: [["Hello, World"]], tags: ["Hello, World"] },
    { name: "numbers become tags", sources: [[2024], 7], tags: ["2024", "7"] },
    {
      name: "keywords, then tags, then categories, merged in order",
      sources: ["news", ["Notes"], ["typescript"]],
      tags: ["news", "Notes", "typescript"],
    },
    {
      name: "de-duplicated case-insensitively, first spelling kept",
      sources: ["Node.js, iran", ["node.js", "Iran", "IRAN"]],
      tags: ["Node.js", "iran"],
    },
    {
      name: "full-width letters match their ASCII twins",
      sources: ["ＮＥＷＳ, news"],
      tags: ["ＮＥＷＳ"],
    },
    { name: "inner whitespace folded", sources: ["open \n source"], tags: ["open source"] },
    {
      name: "runs of ASCII spaces folded",
      sources: [["open   source", "Open source"]],
      tags: ["open source"],
    },
    { name: "a tab is whitespace", sources: ["open\tsource"], tags: ["open source"] },
    {
      name: "a ligature matches its letters",
      sources: [["ﬁsheries", "Fisheries"]],
      tags: ["ﬁsheries"],
    },
    { name: "missing sources", sources: [undefined, null], tags: [] },
    { name: "other shapes ignored", sources: [{ a: 1 }, true, [{ b: 2 }, null]], tags: [] },
  ])("$name", ({ sources, tags }) => {
    expect(collectTags(sources)).toEqual(tags);
  });
});
