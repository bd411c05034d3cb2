import type { TagEntry } from "../select/index-tags.js";
import type { ContentWarning } from "../types.js";

/** Limits on tags; a site past them is served trimmed and told so. */
export interface TagLimits {
  /** Tags kept per article, in the order its front matter gives them. */
  readonly perArticle: number;
  /** Tags that get feeds, a page and an OPML outline. */
  readonly feeds: number;
}

/** Path of warnings about the folder as a whole, as `feedmill check` prints it. */
export const SITE_PATH = ".";

const count = (n: number) => n.toLocaleString("en-US");

/** The first `max` tags of an article, with a warning when more were given. */
export function limitArticleTags(
  path: string,
  tags: readonly string[],
  max: number,
): { readonly tags: readonly string[]; readonly warning?: ContentWarning } {
  if (tags.length <= max) return { tags };
  const reason = `${count(tags.length)} tags; the first ${count(max)} are kept (maxTagsPerArticle).`;
  return {
    tags: tags.slice(0, max),
    warning: Object.freeze({ path, code: "too-many-tags", reason }),
  };
}

/**
 * The `max` most used tags (ties to the slug that sorts first, so the choice is the same on
 * every replica and every scan), still in slug order, with a warning when others were dropped.
 */
export function limitTagFeeds(
  index: ReadonlyMap<string, TagEntry>,
  max: number,
): { readonly tags: ReadonlyMap<string, TagEntry>; readonly warning?: ContentWarning } {
  if (index.size <= max) return { tags: index };
  const kept = new Set(
    [...index.values()]
      .sort((a, b) => b.articles.length - a.articles.length || (a.slug < b.slug ? -1 : 1))
      .slice(0, max)
      .map((entry) => entry.slug),
  );
  const tags = new Map<string, TagEntry>();
  for (const [slug, entry] of index) if (kept.has(slug)) tags.set(slug, entry);
  const reason =
    `${count(index.size)} tags; the ${count(max)} most used have feeds and pages ` +
    `(maxTagFeeds), the other ${count(index.size - max)} have none.`;
  return { tags, warning: Object.freeze({ path: SITE_PATH, code: "too-many-tag-feeds", reason }) };
}
