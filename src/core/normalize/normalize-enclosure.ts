import { guessMediaType } from "../feeds/guess-media-type.js";
import { parseDuration } from "../parse/parse-duration.js";
import { describeValue, type FieldRead, fieldProblem, fieldValue } from "../parse/read-field.js";
import type { Enclosure } from "../types.js";
import { resolveHttpUrl } from "./resolve-http-url.js";

const MEDIA_TYPE = /^[a-z]+\/[a-z0-9][a-z0-9.+-]*$/i;

/**
 * A podcast episode's media file from `enclosure`/`audio`: a URL, or `{url, length, type,
 * duration}`. The URL resolves against the article's folder (`mediaBase`) and must be http(s);
 * without a usable URL or media type the field is refused rather than half-published.
 */
export function normalizeEnclosure(
  key: string,
  value: unknown,
  mediaBase: string,
): FieldRead<Enclosure> {
  const fields =
    typeof value === "string"
      ? { url: value }
      : typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
  if (fields === undefined) {
    return fieldProblem(
      `The field "${key}" should be a URL or a mapping with a url, not ${describeValue(value)}.`,
    );
  }
  const url = typeof fields.url === "string" ? resolveHttpUrl(fields.url, mediaBase) : undefined;
  if (url === undefined) return fieldProblem(`The field "${key}" has no usable http(s) url.`);

  const type = readType(fields.type) ?? guessMediaType(url);
  if (type === undefined) {
    return fieldProblem(`The media type of "${key}" is unknown; give it a "type".`);
  }
  const length = readLength(fields.length);
  if (length === null) {
    return fieldProblem(`The length of "${key}" should be a whole number of bytes.`);
  }
  const duration = fields.duration == null ? undefined : parseDuration(fields.duration);
  if (fields.duration != null && duration === undefined) {
    return fieldProblem(`The duration of "${key}" should be seconds, mm:ss or hh:mm:ss.`);
  }
  return fieldValue(
    Object.freeze({
      url,
      type,
      ...(length !== undefined ? { length } : {}),
      ...(duration !== undefined ? { duration } : {}),
    }),
  );
}

function readType(value: unknown): string | undefined {
  return typeof value === "string" && MEDIA_TYPE.test(value.trim())
    ? value.trim().toLowerCase()
    : undefined;
}

/** Bytes as a number or numeric string; `undefined` when absent, `null` when unusable. */
function readLength(value: unknown): number | undefined | null {
  if (value === undefined || value === null || value === "") return undefined;
  const length = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof length === "number" && Number.isSafeInteger(length) && length >= 0 ? length : null;
}
