// A sentence end glued to the next sentence: a word ending in two lower-case letters (so not
// `U.S.`, `e.g.`, `p.m.`), `.`/`!`/`?`, an optional closing quote, then an upper-case letter or
// an opening quote and an upper-case letter. A lower-case word right after a dot is part of a
// dotted name (`java.util.List`) and stays whole; a capitalised one is the previous glued
// sentence (`one.Two.Three`). `Node.js` and `3.14` never match (lower case, digits).
const GLUED_SENTENCE =
  /(?:(?<![.\p{L}\p{N}])\p{L}*|(?<=\.)\p{Lu}\p{L}*)\p{Ll}{2}[.!?]["'\u201D\u2019]?(?=["\u201C\u2018]?\p{Lu})/gu;

/**
 * Put back the space machine-made extracts lose between sentences: `campaign.These` →
 * `campaign. These`. A straight `"` between two sentences is ambiguous; it goes with the side
 * that balances the quotes before it: `said "we won."Then` → `won." Then`, while
 * `election."These are lies," he said` → `election. "These`, as in the seed extracts.
 * Abbreviations, version numbers, decimals and URLs are left alone.
 */
export function repairSentenceSpacing(text: string): string {
  let quotes = 0;
  let counted = 0;
  return text.replace(GLUED_SENTENCE, (sentenceEnd: string, offset: number) => {
    if (isInsideUrl(text, offset)) return sentenceEnd;
    if (!sentenceEnd.endsWith('"')) return `${sentenceEnd} `;
    const quoteAt = offset + sentenceEnd.length - 1;
    quotes += countQuotes(text, counted, quoteAt);
    counted = quoteAt;
    // An even count before it means no quotation is open, so this one opens the next sentence.
    return quotes % 2 === 0 ? `${sentenceEnd.slice(0, -1)} "` : `${sentenceEnd} `;
  });
}

function countQuotes(text: string, from: number, to: number): number {
  let count = 0;
  for (
    let index = text.indexOf('"', from);
    index !== -1 && index < to;
    index = text.indexOf('"', index + 1)
  ) {
    count += 1;
  }
  return count;
}

/** `www.Example.com`, `https://host/Path.Html`, `mail@Host.Org`: the token is an address. */
function isInsideUrl(text: string, offset: number): boolean {
  const start = text.lastIndexOf(" ", offset) + 1;
  const space = text.indexOf(" ", offset);
  const token = text.slice(start, space === -1 ? text.length : space);
  return token.includes("://") || token.includes("www.") || token.includes("@");
}
