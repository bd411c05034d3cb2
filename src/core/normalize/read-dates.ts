import { parseDate, parseFileNameDate } from "../parse/parse-date.js";
import {
  describeValue,
  type FieldRead,
  fieldProblem,
  fieldValue,
  findField,
} from "../parse/read-field.js";
import { ARTICLE_KEYS } from "./article-keys.js";

/** An article's dates in epoch ms; `fromMtime` when no date was written down anywhere. */
export interface ArticleDates {
  readonly published: number;
  readonly updated: number;
  readonly fromMtime: boolean;
}

/** Published: front matter, else the file name, else `mtimeMs`. Updated defaults to published. */
export function readDates(
  data: Readonly<Record<string, unknown>>,
  path: string,
  mtimeMs: number,
): FieldRead<ArticleDates> {
  const dateField = findField(data, ARTICLE_KEYS.date);
  const written =
    dateField === undefined
      ? fieldValue(parseFileNameDate(path))
      : readDate(dateField.key, dateField.value);
  if (!written.ok) return written;
  const published = written.value ?? mtimeMs;
  const updatedField = findField(data, ARTICLE_KEYS.updated);
  const updated =
    updatedField === undefined
      ? fieldValue(published)
      : readDate(updatedField.key, updatedField.value);
  if (!updated.ok) return updated;
  return fieldValue({ published, updated: updated.value, fromMtime: written.value === undefined });
}

function readDate(key: string, value: unknown): FieldRead<number> {
  const ms = parseDate(value);
  if (ms !== undefined) return fieldValue(ms);
  return fieldProblem(
    `The field "${key}" is ${describeValue(value)}, which is not a date: use ISO 8601 (2024-05-01T09:30:00Z) or epoch seconds.`,
  );
}
