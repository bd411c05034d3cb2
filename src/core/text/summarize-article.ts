import type { BodyFormat } from "../types.js";
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
 * A summary is plain text, sentences repaired and cut at a word to `SUMMARY_MAX_CHARS`: the front
 * matter's text, unless missing or full of page widgets; then the body's first paragraph. This
 * is the front matter's part: its summary when usable, else the text a body summary falls back to.
 */
export function frontMatterSummary(
  given: string | undefined,
): { usable: true; summary: string } | { usable: false; text: string } {
  const text = given === undefined ? "" : htmlToPlainText(clipHtml(given, MAX_GIVEN_CHARS));
  return text !== "" && !WIDGET_TEXT.test(text)
    ? { usable: true, summary: finish(text) }
    : { usable: false, text };
}

/** The summary from the body's first paragraph, or from `fallback` when it has none. */
export function bodySummary(body: string, format: BodyFormat, fallback: string): string {
  return finish(findFirstParagraph(body, format) || fallback);
}

function finish(text: string): string {
  // Repairing only inserts spaces, so the first SUMMARY_MAX_CHARS of the result come from a
  // prefix of the input; the regex work on the rest of a long description would be thrown away.
  return truncateAtWord(
    repairSentenceSpacing(text.slice(0, SUMMARY_MAX_CHARS * 2)),
    SUMMARY_MAX_CHARS,
  );
}
