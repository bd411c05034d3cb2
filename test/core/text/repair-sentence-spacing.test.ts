import { describe, expect, it } from "vitest";
import { repairSentenceSpacing } from "../../../src/core/text/repair-sentence-spacing.js";

describe("repairSentenceSpacing", () => {
  it.each([
    { name: "period", text: "the campaign.These", fixed: "the campaign. These" },
    {
      name: "a straight quote that closes a quotation",
      text: 'he said "we won the election."These',
      fixed: 'he said "we won the election." These',
    },
    {
      name: "a straight quote that opens the next sentence",
      text: 'the election."These are lies," he said.',
      fixed: 'the election. "These are lies," he said.',
    },
    {
      name: "quotes alternate through an extract",
      text: 'vote."You will see."Then she left."Why?"',
      fixed: 'vote. "You will see." Then she left. "Why?"',
    },
    {
      name: "typographic quotes",
      text: "done.”Next and done.“Next",
      fixed: "done.” Next and done. “Next",
    },
    { name: "question mark", text: "really?Yes", fixed: "really? Yes" },
    { name: "exclamation", text: "stop!Now", fixed: "stop! Now" },
    { name: "several in a row", text: "one.Two.Three", fixed: "one. Two. Three" },
    { name: "accented letters", text: "é café.Über", fixed: "é café. Über" },
    { name: "U.S. stays", text: "the U.S. election", fixed: "the U.S. election" },
    { name: "U.S.A stays", text: "the U.S.A", fixed: "the U.S.A" },
    { name: "Node.js stays", text: "Node.js and Deno", fixed: "Node.js and Deno" },
    { name: "e.g. stays", text: "e.g.The", fixed: "e.g.The" },
    { name: "p.m.ET stays", text: "at 8:33 p.m.ET", fixed: "at 8:33 p.m.ET" },
    { name: "decimals stay", text: "pi is 3.14 today", fixed: "pi is 3.14 today" },
    { name: "dotted names stay", text: "java.util.List", fixed: "java.util.List" },
    {
      name: "URLs stay",
      text: "see https://example.org/docs.Intro",
      fixed: "see https://example.org/docs.Intro",
    },
    { name: "www hosts stay", text: "www.Example.com", fixed: "www.Example.com" },
    { name: "emails stay", text: "mail ada@example.Org", fixed: "mail ada@example.Org" },
    { name: "one-letter words stay (Mr.Smith)", text: "Mr.Smith", fixed: "Mr.Smith" },
    { name: "lower-case next word stays", text: "file.name", fixed: "file.name" },
    { name: "already spaced", text: "one. Two", fixed: "one. Two" },
  ])("$name", ({ text, fixed }) => {
    expect(repairSentenceSpacing(text)).toBe(fixed);
  });

  it("repairs a machine-made extract in the seeds' style", () => {
    const extract =
      "Officials met on Monday to discuss the harbour.“We expect no delays,” the mayor said." +
      "Ferries run at 7 a.m. and 5 p.m.ET daily.Fares stay at $2.50 for U.S. residents." +
      '"Nothing changes for riders."The council agreed.';
    expect(repairSentenceSpacing(extract)).toBe(
      "Officials met on Monday to discuss the harbour. “We expect no delays,” the mayor said. " +
        "Ferries run at 7 a.m. and 5 p.m.ET daily. Fares stay at $2.50 for U.S. residents. " +
        '"Nothing changes for riders." The council agreed.',
    );
  });
});
