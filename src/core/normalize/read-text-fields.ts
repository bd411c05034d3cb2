import {
  describeValue,
  type FieldRead,
  fieldProblem,
  fieldValue,
  findField,
  readText,
} from "../parse/read-field.js";
import { findFirstHeading } from "../text/find-first-heading.js";
import { foldWhitespace } from "../text/plain-text.js";
import type { BodyFormat, ParsedArticle } from "../types.js";
import { ARTICLE_KEYS } from "./article-keys.js";
import { slugFromPath } from "./normalize-slug.js";

/** Longer than any real title; bounds the work on a runaway one. */
const MAX_TITLE_CHARS = 2000;

// BCP 47 in the loose form people write (`en`, `pt-BR`, `zh-Hant-TW`, `en_US`).
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;

/** The front matter title, else the body's first heading, else the file's name. */
export function readTitle(
  parsed: ParsedArticle,
  format: BodyFormat,
  slug: string,
): FieldRead<string> {
  const { data, path } = parsed;
  const field = findField(data, ARTICLE_KEYS.title);
  if (field !== undefined) {
    const text = readText(field.key, field.value);
    if (!text.ok) return text;
    // A front-matter title is plain text, shown exactly as written: `<b>` and `&amp;` included.
    const title = foldWhitespace(clipText(text.value, MAX_TITLE_CHARS));
    if (title !== "") return fieldValue(title);
  }
  const heading = findFirstHeading(parsed.body, format);
  if (heading !== undefined) return fieldValue(heading);
  const stem = slugFromPath(path);
  return fieldValue(stem.slice(stem.lastIndexOf("/") + 1) || slug);
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/** The summary's source text as written in the front matter; undefined when none is given. */
export function readSummaryText(
  data: Readonly<Record<string, unknown>>,
): FieldRead<string | undefined> {
  const field = findField(data, ARTICLE_KEYS.summary);
  return field === undefined ? fieldValue(undefined) : readText(field.key, field.value);
}

/** A language tag, `_` written as `-`; undefined when none is given. */
export function readLanguage(
  data: Readonly<Record<string, unknown>>,
): FieldRead<string | undefined> {
  const field = findField(data, ARTICLE_KEYS.language);
  if (field === undefined) return fieldValue(undefined);
  const text = typeof field.value === "string" ? field.value.trim() : "";
  if (!LANGUAGE_TAG.test(text)) {
    return fieldProblem(
      `The field "${field.key}" should be a language tag like "en" or "pt-BR", not ${describeValue(field.value)}.`,
    );
  }
  return fieldValue(text.replaceAll("_", "-"));
}
