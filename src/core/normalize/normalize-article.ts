import { detachString } from "../../lib/detach-string.js";
import { toJsonValue } from "../feeds/to-json-value.js";
import { contentError } from "../parse/content-error.js";
import { detectBodyFormat } from "../parse/detect-body-format.js";
import { ownField } from "../parse/read-field.js";
import { collectTags } from "../select/collect-tags.js";
import { bodySummary, frontMatterSummary } from "../text/summarize-article.js";
import type {
  Article,
  Author,
  BodyFormat,
  ContentError,
  ContentWarning,
  ParsedArticle,
} from "../types.js";
import { mediaBaseUrl } from "../urls.js";
import { ARTICLE_KEYS, INTERPRETED_KEYS } from "./article-keys.js";
import { limitArticleTags } from "./limit-tags.js";
import { readAuthors } from "./normalize-authors.js";
import { EPISODE_KEYS } from "./normalize-episode.js";
import { readDates } from "./read-dates.js";
import { readIdentity } from "./read-identity.js";
import { readMedia } from "./read-media.js";
import { readLanguage, readSummaryText, readTitle } from "./read-text-fields.js";

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
  /**
   * The body again, later, from a copy of the source. Given, a summary taken from the body is
   * made when it is first read: most articles are in no feed that a start renders.
   */
  laterBody?: () => string;
}

export type NormalizeResult =
  | { ok: true; article: Article; warnings: ContentWarning[] }
  | { ok: false; error: ContentError };

const EPISODE_SET: ReadonlySet<string> = new Set(EPISODE_KEYS);

/**
 * Check a parsed file's front matter and turn it into a trusted, frozen `Article`
 * (docs/format.md, docs/contract.md "Articles"). Missing optional fields fall back; a field
 * that is present but unusable is an error naming the field, so the author can fix it.
 */
export function normalizeArticle(parsed: ParsedArticle, ctx: NormalizeContext): NormalizeResult {
  // `parsed.body` is read only where a fallback needs it: reading it decodes it.
  const { path, data } = parsed;
  const fail = (code: "bad-field" | "bad-date", reason: string): NormalizeResult => ({
    ok: false,
    error: contentError(path, code, reason),
  });
  const warnings: ContentWarning[] = [];

  const identity = readIdentity(data, path, ctx);
  if (!identity.ok) return fail("bad-field", identity.reason);
  const { format: bodyFormat, known } = detectBodyFormat(parsed);
  if (!known) warnings.push(unknownFormatWarning(path, bodyFormat));
  const title = readTitle(parsed, bodyFormat, identity.value.slug);
  if (!title.ok) return fail("bad-field", title.reason);
  const summaryText = readSummaryText(data);
  if (!summaryText.ok) return fail("bad-field", summaryText.reason);
  const dates = readDates(data, path, ctx.mtimeMs);
  if (!dates.ok) return fail("bad-date", dates.reason);
  if (dates.value.fromMtime) warnings.push(missingDateWarning(path));
  const authors = readAuthors(data, ctx.baseUrl, ctx.defaultAuthor);
  if (!authors.ok) return fail("bad-field", authors.reason);
  const language = readLanguage(data);
  if (!language.ok) return fail("bad-field", language.reason);
  const media = readMedia(data, mediaBaseUrl(ctx.baseUrl, path));
  if (!media.ok) return fail("bad-field", media.reason);
  const { enclosure, episode, image } = media.value;

  const publishedFlag = readFlag(ownField(data, "published"));
  const allTags = collectTags(ARTICLE_KEYS.tags.map((key) => ownField(data, key)));
  const tags = limitArticleTags(path, allTags, ctx.maxTags ?? Number.POSITIVE_INFINITY);
  if (tags.warning) warnings.push(tags.warning);

  const front = frontMatterSummary(summaryText.value);
  const later = front.usable ? undefined : ctx.laterBody;
  const fallback = front.usable ? "" : front.text;
  const article: Article = {
    path,
    ...identity.value,
    title: detachString(title.value),
    // Cut from a longer text (or the body): keep only its own characters. Deferred: below.
    summary: later
      ? ""
      : detachString(front.usable ? front.summary : bodySummary(parsed.body, bodyFormat, fallback)),
    published: dates.value.published,
    updated: dates.value.updated,
    tags: Object.freeze(tags.tags),
    ...(image === undefined ? {} : { image }),
    authors: authors.value,
    ...(language.value === undefined ? {} : { language: language.value }),
    draft: readFlag(ownField(data, "draft")) === true || publishedFlag === false,
    ...(enclosure === undefined ? {} : { enclosure }),
    ...(episode === undefined ? {} : { episode }),
    bodyFormat,
    extra: collectExtra(data, publishedFlag !== undefined, episode !== undefined),
    hash: ctx.hash,
  };
  if (later) deferSummary(article, bodyFormat, fallback, later);
  return { ok: true, article: Object.freeze(article), warnings };
}

/**
 * The body's first paragraph as the summary, made when it is first read: most articles are in no
 * feed that a start renders. Apart from `normalizeArticle`, so that the closure holds neither
 * the parsed file nor the scan's buffer.
 */
function deferSummary(
  article: Article,
  format: BodyFormat,
  fallback: string,
  laterBody: () => string,
): void {
  let made = "";
  let readBody: (() => string) | undefined = laterBody;
  Object.defineProperty(article, "summary", {
    enumerable: true,
    get(): string {
      if (readBody) {
        made = detachString(bodySummary(readBody(), format, fallback));
        readBody = undefined;
      }
      return made;
    },
  });
}

function unknownFormatWarning(path: string, bodyFormat: BodyFormat): ContentWarning {
  const reason = `The file's extension is not one feedmill knows; its body was read as ${bodyFormat}.`;
  return Object.freeze({ path, code: "unknown-body-format", reason });
}

function missingDateWarning(path: string): ContentWarning {
  const reason = "No date in the front matter or the file name; the file's mtime stands in.";
  return Object.freeze({ path, code: "missing-date", reason });
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

/** Uninterpreted fields, JSON-safe; `published` unless a flag, episode fields unless an episode. */
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
