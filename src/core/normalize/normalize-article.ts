import { detachString } from "../../lib/detach-string.js";
import { toJsonValue } from "../feeds/to-json-value.js";
import { contentError } from "../parse/content-error.js";
import { detectBodyFormat } from "../parse/detect-body-format.js";
import { parseDate, parseFileNameDate } from "../parse/parse-date.js";
import {
  describeValue,
  type FieldRead,
  fieldProblem,
  fieldValue,
  findField,
  ownField,
  readText,
} from "../parse/read-field.js";
import { collectTags } from "../select/collect-tags.js";
import { findFirstHeading } from "../text/find-first-heading.js";
import { foldWhitespace } from "../text/plain-text.js";
import { summarizeArticle } from "../text/summarize-article.js";
import type {
  Article,
  Author,
  BodyFormat,
  ContentError,
  ContentWarning,
  ParsedArticle,
} from "../types.js";
import { articleUrl, mediaBaseUrl } from "../urls.js";
import { limitArticleTags } from "./limit-tags.js";
import { normalizeAuthors } from "./normalize-authors.js";
import { normalizeEnclosure } from "./normalize-enclosure.js";
import { EPISODE_KEYS, normalizeEpisode } from "./normalize-episode.js";
import { normalizeSlug, slugFromPath } from "./normalize-slug.js";
import { resolveHttpUrl, resolveSiteUrl } from "./resolve-http-url.js";

/** What `normalizeArticle` needs besides the parsed file: config and the file's stat and hash. */
export interface NormalizeContext {
  /** Absolute site URL, no trailing slash. */
  baseUrl: string;
  /** Config `site.idPrefix`; when set, ids are prefix + slug. */
  idPrefix: string | null;
  /** Author of articles that name none. */
  defaultAuthor?: Author;
  /** The file's modification time: the date of last resort. */
  mtimeMs: number;
  /** Hash of the source bytes. */
  hash: string;
  /** Tags kept (config `maxTagsPerArticle`); unlimited when absent. */
  maxTags?: number;
}

export type NormalizeResult =
  | { ok: true; article: Article; warnings: ContentWarning[] }
  | { ok: false; error: ContentError };

/** The front matter fields feedmill interprets, each list in order of precedence. */
const KEYS = {
  slug: ["slug"],
  link: ["permalink", "url", "link"],
  title: ["title"],
  summary: ["description", "excerpt", "summary"],
  date: ["date"],
  updated: ["updated", "lastmod", "modified"],
  tags: ["keywords", "tags", "categories"],
  image: ["image", "cover", "thumbnail"],
  authors: ["author", "authors"],
  language: ["lang", "language"],
  draft: ["draft"],
  enclosure: ["enclosure", "audio"],
} as const;

const INTERPRETED_KEYS: ReadonlySet<string> = new Set(Object.values(KEYS).flat());
const EPISODE_SET: ReadonlySet<string> = new Set(EPISODE_KEYS);

/** Longer than any real title; bounds the work on a runaway one. */
const MAX_TITLE_CHARS = 2000;

// BCP 47 in the loose form people write (`en`, `pt-BR`, `zh-Hant-TW`, `en_US`).
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;

/**
 * Check a parsed file's front matter and turn it into a trusted, frozen `Article` (FORMAT.md,
 * CONTRACT.md "Articles"). Missing optional fields fall back; a field that is present but
 * unusable is an error naming the field, so the author can fix it.
 */
export function normalizeArticle(parsed: ParsedArticle, ctx: NormalizeContext): NormalizeResult {
  // `parsed.body` is read only where a fallback needs it: reading it decodes it.
  const { path, data } = parsed;
  const badField = (reason: string): NormalizeResult => ({
    ok: false,
    error: contentError(path, "bad-field", reason),
  });
  const warnings: ContentWarning[] = [];

  const slugField = findField(data, KEYS.slug);
  const slug =
    slugField === undefined ? fieldValue(slugFromPath(path)) : normalizeSlug(slugField.value);
  if (!slug.ok) return badField(slug.reason);
  const link = readLink(data, ctx.baseUrl, slug.value);
  if (!link.ok) return badField(link.reason);

  const { format: bodyFormat, known } = detectBodyFormat(parsed);
  if (!known) {
    const reason = `The file's extension is not one feedmill knows; its body was read as ${bodyFormat}.`;
    warnings.push(Object.freeze({ path, code: "unknown-body-format", reason }));
  }

  const title = readTitle(parsed, bodyFormat, slug.value);
  if (!title.ok) return badField(title.reason);
  const summaryField = findField(data, KEYS.summary);
  const summaryText =
    summaryField === undefined ? undefined : readText(summaryField.key, summaryField.value);
  if (summaryText !== undefined && !summaryText.ok) return badField(summaryText.reason);

  const published = readPublished(data, path);
  if (!published.ok) return { ok: false, error: contentError(path, "bad-date", published.reason) };
  if (published.value === undefined) {
    const reason = "No date in the front matter or the file name; the file's mtime stands in.";
    warnings.push(Object.freeze({ path, code: "missing-date", reason }));
  }
  const publishedMs = published.value ?? ctx.mtimeMs;
  const updated = readUpdated(data, publishedMs);
  if (!updated.ok) return { ok: false, error: contentError(path, "bad-date", updated.reason) };

  const mediaBase = mediaBaseUrl(ctx.baseUrl, path);
  const authorFields = KEYS.authors.flatMap((key) => findField(data, [key]) ?? []);
  const authors = normalizeAuthors(authorFields, ctx.baseUrl);
  if (!authors.ok) return badField(authors.reason);
  const language = readLanguage(data);
  if (!language.ok) return badField(language.reason);
  const enclosureField = findField(data, KEYS.enclosure);
  const enclosure =
    enclosureField === undefined
      ? undefined
      : normalizeEnclosure(enclosureField.key, enclosureField.value, mediaBase);
  if (enclosure !== undefined && !enclosure.ok) return badField(enclosure.reason);
  // An episode's own fields mean something only beside its audio; elsewhere they stay extra.
  const episode = enclosure === undefined ? undefined : normalizeEpisode(data, mediaBase);
  if (episode !== undefined && !episode.ok) return badField(episode.reason);

  const image = readImage(data, mediaBase);
  const publishedFlag = readFlag(ownField(data, "published"));
  const defaultAuthors = ctx.defaultAuthor === undefined ? [] : [ctx.defaultAuthor];
  const allTags = collectTags(KEYS.tags.map((key) => ownField(data, key)));
  const tags = limitArticleTags(path, allTags, ctx.maxTags ?? Number.POSITIVE_INFINITY);
  if (tags.warning) warnings.push(tags.warning);

  const article: Article = Object.freeze({
    path,
    slug: slug.value,
    id: articleId(ctx, slug.value),
    link: link.value,
    title: detachString(title.value),
    // The summary is cut from a longer text (or the body); keep only its own characters.
    summary: detachString(summarizeArticle(summaryText?.value, parsed, bodyFormat)),
    published: publishedMs,
    updated: updated.value,
    tags: Object.freeze(tags.tags),
    ...(image === undefined ? {} : { image }),
    authors: Object.freeze(authors.value.length > 0 ? [...authors.value] : defaultAuthors),
    ...(language.value === undefined ? {} : { language: language.value }),
    draft: readFlag(ownField(data, "draft")) === true || publishedFlag === false,
    ...(enclosure === undefined ? {} : { enclosure: enclosure.value }),
    ...(episode === undefined ? {} : { episode: episode.value }),
    bodyFormat,
    extra: collectExtra(data, publishedFlag !== undefined, episode !== undefined),
    hash: ctx.hash,
  });
  return { ok: true, article, warnings };
}

/**
 * The id is built from the slug only, never from `link`: a `permalink` is front matter like any
 * other and may be edited or added later, and an item's id must not change when only the file's
 * text does (CONTRACT.md), or readers show the article again as new.
 */
function articleId(ctx: NormalizeContext, slug: string): string {
  if (ctx.idPrefix === null || ctx.idPrefix === "") return articleUrl(ctx.baseUrl, slug);
  // Percent-encoded as in `articleUrl`, so a slug with spaces still makes a valid IRI.
  return `${ctx.idPrefix}${slug.split("/").map(encodeURIComponent).join("/")}`;
}

function readLink(
  data: Readonly<Record<string, unknown>>,
  baseUrl: string,
  slug: string,
): FieldRead<string> {
  const field = findField(data, KEYS.link);
  if (field === undefined) return fieldValue(articleUrl(baseUrl, slug));
  if (typeof field.value !== "string") {
    return fieldProblem(
      `The field "${field.key}" should be a URL, not ${describeValue(field.value)}.`,
    );
  }
  const url = resolveSiteUrl(field.value, baseUrl);
  if (url === undefined) {
    return fieldProblem(
      `The field "${field.key}" is neither an http(s) URL nor a path on the site.`,
    );
  }
  return fieldValue(url);
}

function readTitle(parsed: ParsedArticle, format: BodyFormat, slug: string): FieldRead<string> {
  const { data, path } = parsed;
  const field = findField(data, KEYS.title);
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

function readPublished(
  data: Readonly<Record<string, unknown>>,
  path: string,
): FieldRead<number | undefined> {
  const field = findField(data, KEYS.date);
  if (field === undefined) return fieldValue(parseFileNameDate(path));
  return readDate(field.key, field.value);
}

function readUpdated(
  data: Readonly<Record<string, unknown>>,
  published: number,
): FieldRead<number> {
  const field = findField(data, KEYS.updated);
  if (field === undefined) return fieldValue(published);
  return readDate(field.key, field.value);
}

function readDate(key: string, value: unknown): FieldRead<number> {
  const ms = parseDate(value);
  if (ms !== undefined) return fieldValue(ms);
  return fieldProblem(
    `The field "${key}" is ${describeValue(value)}, which is not a date: use ISO 8601 (2024-05-01T09:30:00Z) or epoch seconds.`,
  );
}

function readImage(data: Readonly<Record<string, unknown>>, mediaBase: string): string | undefined {
  for (const key of KEYS.image) {
    const value = ownField(data, key);
    const record =
      typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
    const ref = typeof value === "string" ? value : (record.url ?? record.src);
    if (typeof ref !== "string" || ref.trim() === "") continue;
    // FORMAT.md: an image is only ever an http(s) URL; `data:` placeholders and scripts go.
    const url = resolveHttpUrl(ref, mediaBase);
    if (url !== undefined) return url;
  }
  return undefined;
}

function readLanguage(data: Readonly<Record<string, unknown>>): FieldRead<string | undefined> {
  const field = findField(data, KEYS.language);
  if (field === undefined) return fieldValue(undefined);
  const text = typeof field.value === "string" ? field.value.trim() : "";
  if (!LANGUAGE_TAG.test(text)) {
    return fieldProblem(
      `The field "${field.key}" should be a language tag like "en" or "pt-BR", not ${describeValue(field.value)}.`,
    );
  }
  return fieldValue(text.replaceAll("_", "-"));
}

/** `true`/`false` as YAML booleans or as the words; anything else is not a flag. */
function readFlag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  const word = value.trim().toLowerCase();
  if (word === "true" || word === "yes") return true;
  if (word === "false" || word === "no") return false;
  return undefined;
}

/**
 * Every field not interpreted above, JSON-safe. `published` counts as interpreted only when it
 * is a flag, and the episode fields only on an episode: otherwise they are kept.
 */
function collectExtra(
  data: Readonly<Record<string, unknown>>,
  publishedIsFlag: boolean,
  isEpisode: boolean,
): Readonly<Record<string, unknown>> {
  const entries = Object.entries(data).filter(
    ([key]) =>
      !INTERPRETED_KEYS.has(key) &&
      !(key === "published" && publishedIsFlag) &&
      !(isEpisode && EPISODE_SET.has(key)),
  );
  return Object.freeze(
    Object.fromEntries(entries.map(([key, value]) => [key, toJsonValue(value)])),
  );
}
