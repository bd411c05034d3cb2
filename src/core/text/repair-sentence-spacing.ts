// `.!?` after two lower-case letters, then a capital (quotes may sit between). The look-behind
// follows the punctuation, so the scan stays linear and jumps from one `.!?` to the next.
const GLUED_END = /[.!?](?<=\p{Ll}\p{Ll}[.!?])["'\u201D\u2019]?(?=["\u201C\u2018]?\p{Lu})/gu;
const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const DIGIT = /\p{N}/u;

/** Start of the word ending at `end`; -1 when it is in a dotted name (`java.util.List`). */
function sentenceWordStart(text: string, end: number): number {
  let start = end;
  while (start > 0 && LETTER.test(text[start - 1] as string)) start -= 1;
  const before = start > 0 ? (text[start - 1] as string) : "";
  if (before === ".") return UPPER.test(text[start] as string) ? start : -1;
  if (before !== "" && DIGIT.test(before)) return -1;
  return start;
}

/**
 * Put back the space machine-made extracts lose between sentences (`campaign.These`). A straight
 * `"` goes with the side that balances the quotes before it: `said "we won."Then` → `won." Then`.
 * Abbreviations, version numbers, decimals and URLs are left alone.
 */
export function repairSentenceSpacing(text: string): string {
  let quotes = 0;
  let counted = 0;
  return text.replace(GLUED_END, (punctuation: string, at: number) => {
    const start = sentenceWordStart(text, at);
    if (start === -1 || isInsideUrl(text, start)) return punctuation;
    if (!punctuation.endsWith('"')) return `${punctuation} `;
    const quoteAt = at + punctuation.length - 1;
    quotes += countQuotes(text, counted, quoteAt);
    counted = quoteAt;
    // An even count before it means no quotation is open, so this one opens the next sentence.
    return quotes % 2 === 0 ? `${punctuation.slice(0, -1)} "` : `${punctuation} `;
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
