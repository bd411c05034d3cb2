import type { BodyFormat, ParsedArticle } from "../types.js";
import { findFirstParagraph } from "./find-first-paragraph.js";
import { clipHtml, htmlToPlainText } from "./plain-text.js";
import { repairSentenceSpacing } from "./repair-sentence-spacing.js";
import { truncateAtWord } from "./truncate-at-word.js";

/** Enough raw front matter text for a summary, markup included; the rest is never read. */
const MAX_GIVEN_CHARS = 8000;

/** Article.summary's budget (types.ts: "at most ~300 characters"). */
export const SUMMARY_MAX_CHARS = 300;

// Scraped-page widgets that machine-made descriptions swallow whole (docs/format.md).
const WIDGET_TEXT = /enlarge this image|toggle caption/i;

/**
 * The plain-text summary, sentences repaired and cut at a word to `SUMMARY_MAX_CHARS`: the front
 * matter's text, unless missing or full of page widgets; then the body's first paragraph.
 */
export function summarizeArticle(
  given: string | undefined,
  parsed: Pick<ParsedArticle, "body">,
  format: BodyFormat,
): string {
  const fromFrontMatter =
    given === undefined ? "" : htmlToPlainText(clipHtml(given, MAX_GIVEN_CHARS));
  const usable = fromFrontMatter !== "" && !WIDGET_TEXT.test(fromFrontMatter);
  const text = usable
    ? fromFrontMatter
    : findFirstParagraph(parsed.body, format) || fromFrontMatter;
  // Repairing only inserts spaces, so the first SUMMARY_MAX_CHARS of the result come from a
  // prefix of the input; the regex work on the rest of a long description would be thrown away.
  return truncateAtWord(
    repairSentenceSpacing(text.slice(0, SUMMARY_MAX_CHARS * 2)),
    SUMMARY_MAX_CHARS,
  );
}
