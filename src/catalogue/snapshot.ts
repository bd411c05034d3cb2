import { createHash } from "node:crypto";
import { limitTagFeeds } from "../core/normalize/limit-tags.js";
import { indexTags, type TagEntry } from "../core/select/index-tags.js";
import { compareArticles, type Selection, selectArticles } from "../core/select/select-articles.js";
import type { Article, ContentError, ContentWarning } from "../core/types.js";
import { editMap } from "../lib/overlay-map.js";
import type { Catalogue, CatalogueEntry } from "./update-catalogue.js";

/**
 * Everything one state of the content folder serves. Immutable: a refresh builds a new one and
 * swaps a single reference, so a request sees the old state or the new one, never a mix.
 */
export interface Snapshot {
  readonly catalogue: Catalogue;
  /** Problems with the folder itself (unlistable sub-folders, escaping links). */
  readonly folderProblems: readonly ContentError[];
  /** Live articles, newest first. */
  readonly articles: readonly Article[];
  /**
   * The live articles by slug, kept up to date by every edit (which checks new slugs in it).
   * For lookups: its order is not feed order.
   */
  readonly bySlug: ReadonlyMap<string, Article>;
  /**
   * Built on first use, as is `version`: the main feeds need neither. At most `maxTagFeeds`
   * tags, the most used; `tagWarning` says when others were left out.
   */
  readonly tags: ReadonlyMap<string, TagEntry>;
  readonly tagWarning: ContentWarning | null;
  /** Config `maxTagFeeds`, carried to the snapshots derived from this one. */
  readonly maxTagFeeds: number;
  /** Earliest future-dated article: a refresh after this time must re-select. */
  readonly nextDueAt: number | null;
  /** Every file with an error now (its last good version, if any, is still served). */
  readonly errors: readonly ContentError[];
  readonly warnings: readonly ContentWarning[];
  /** Newest change among live articles (epoch ms); 0 when there are none. */
  readonly updated: number;
  /** Hash of what is live: equal versions serve equal bytes. */
  readonly version: string;
}

function versionOf(articles: readonly Article[]): string {
  const hash = createHash("sha256");
  for (const article of articles) hash.update(`${article.path}\0${article.hash}\n`);
  return hash.digest("base64url").slice(0, 22);
}

const byPath = (a: { path: string }, b: { path: string }) =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

/** Build a snapshot from a catalogue as it stands at `now`. */
export function createSnapshot(
  catalogue: Catalogue,
  folderProblems: readonly ContentError[],
  now: number,
  maxTagFeeds = Number.POSITIVE_INFINITY,
): Snapshot {
  const candidates: Article[] = [];
  const errors: ContentError[] = [...folderProblems];
  const warnings: ContentWarning[] = [];
  for (const entry of catalogue.values()) {
    if (entry.article) candidates.push(entry.article);
    if (entry.error) errors.push(entry.error);
    if (entry.warnings.length > 0) warnings.push(...entry.warnings);
  }
  const selection: Selection = selectArticles(candidates, now);
  warnings.push(...selection.warnings);
  return freezeSnapshot({
    catalogue,
    folderProblems,
    articles: selection.articles,
    bySlug: selection.bySlug,
    updated: newestUpdate(selection.articles),
    nextDueAt: selection.nextDueAt,
    errors: errors.sort(byPath),
    warnings: warnings.sort(byPath),
    maxTagFeeds,
  });
}

const MAX_SPLICED_CHANGES = 64;

/** A plain loop: `reduce` with `Math.max` cost every edit noticeably on a large folder. */
function newestUpdate(articles: readonly Article[]): number {
  let newest = 0;
  for (const article of articles) if (article.updated > newest) newest = article.updated;
  return newest;
}

/** First index in sorted `items` at which `item` would go after everything that `before` it. */
function insertionPoint<T>(items: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(items[mid] as T, item) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Take `item` out of `items`; false when it was not there. */
function remove<T>(items: T[], item: T): boolean {
  const at = items.indexOf(item);
  if (at >= 0) items.splice(at, 1);
  return at >= 0;
}

/**
 * What `createSnapshot` would give for `catalogue`, which differs from `prev`'s only at `paths`,
 * in time proportional to the change so an edit reaches its feed sooner. Null when only a full
 * selection settles it: a slug two files claim, the article next due, one that has come due.
 */
export function updateSnapshot(
  prev: Snapshot,
  catalogue: Catalogue,
  paths: Iterable<string>,
  now: number,
): Snapshot | null {
  const named = new Set(paths);
  // Each change splices arrays as long as the folder: past a few dozen (a checkout, a sync),
  // one full selection is cheaper.
  if (named.size > MAX_SPLICED_CHANGES) return null;
  if (prev.nextDueAt !== null && prev.nextDueAt <= now) return null;
  const contested = contestedSlugs(prev);
  if (contested === null) return null;
  const splice: Splice = {
    prev,
    now,
    contested,
    articles: [...prev.articles],
    errors: [...prev.errors],
    warnings: [...prev.warnings],
    // Edited rather than rebuilt, and looked up rather than scanning the live articles: both
    // would cost each edit time proportional to the folder.
    bySlug: editMap(prev.bySlug),
    claimed: new Set(),
    nextDueAt: prev.nextDueAt,
    updated: prev.updated,
    newestGone: false,
  };
  for (const path of named) {
    if (!spliceEntry(splice, path, prev.catalogue.get(path), catalogue.get(path))) return null;
  }
  return freezeSnapshot({
    catalogue,
    folderProblems: prev.folderProblems,
    articles: splice.articles,
    bySlug: splice.bySlug.done(),
    // The newest update left: only a pass over the rest can tell what comes next.
    updated: splice.newestGone ? newestUpdate(splice.articles) : splice.updated,
    nextDueAt: splice.nextDueAt,
    errors: splice.errors,
    warnings: splice.warnings,
    maxTagFeeds: prev.maxTagFeeds,
  });
}

/** What `updateSnapshot` copies from `prev` and edits, one changed file at a time. */
interface Splice {
  readonly prev: Snapshot;
  readonly now: number;
  /** Slugs that files already dispute: only a full selection settles them. */
  readonly contested: ReadonlySet<string>;
  readonly articles: Article[];
  readonly errors: ContentError[];
  readonly warnings: ContentWarning[];
  readonly bySlug: ReturnType<typeof editMap<string, Article>>;
  /** Slugs made live by this change: two new files claiming one is a duplicate too. */
  readonly claimed: Set<string>;
  nextDueAt: number | null;
  updated: number;
  /** An article with the newest update left the live ones. */
  newestGone: boolean;
}

/** The slugs of `prev`'s duplicate-slug warnings; null when one has no article to tell. */
function contestedSlugs(prev: Snapshot): Set<string> | null {
  const contested = new Set<string>();
  for (const warning of prev.warnings) {
    if (warning.code !== "duplicate-slug") continue;
    const slug = prev.catalogue.get(warning.path)?.article?.slug;
    if (slug === undefined) return null;
    contested.add(slug);
  }
  return contested;
}

/** Splice one file's change in; false when only a full selection can tell the outcome. */
function spliceEntry(
  splice: Splice,
  path: string,
  before: CatalogueEntry | undefined,
  after: CatalogueEntry | undefined,
): boolean {
  if (before === after) return true;
  const { errors, warnings } = splice;
  if (before?.article !== after?.article) {
    if (!spliceArticle(splice, path, before?.article, after?.article)) return false;
  }
  if (before?.error !== after?.error) {
    if (before?.error && !remove(errors, before.error)) return false;
    if (after?.error) errors.splice(insertionPoint(errors, after.error, byPath), 0, after.error);
  }
  if (before?.warnings !== after?.warnings) {
    for (const warning of before?.warnings ?? []) if (!remove(warnings, warning)) return false;
    const at = insertionPoint(warnings, { path, code: "missing-date", reason: "" }, byPath);
    warnings.splice(at, 0, ...(after?.warnings ?? []));
  }
  return true;
}

/** Replace a file's article `old` by `next` among the live ones; false as for `spliceEntry`. */
function spliceArticle(
  splice: Splice,
  path: string,
  old: Article | undefined,
  next: Article | undefined,
): boolean {
  const { prev, now, contested } = splice;
  if (old && contested.has(old.slug)) return false;
  if (next && contested.has(next.slug)) return false;
  let oldWasLive = false;
  if (old && !old.draft) {
    if (old.published > now) {
      if (old.published === prev.nextDueAt) return false;
    } else {
      // Live in `prev`: not contested, and not future then either (it would have come due).
      if (!remove(splice.articles, old)) return false;
      splice.bySlug.delete(old.slug);
      oldWasLive = true;
      splice.newestGone ||= old.updated === prev.updated;
    }
  }
  if (!next || next.draft) return true;
  if (next.published > now) {
    const due = splice.nextDueAt;
    splice.nextDueAt = due === null ? next.published : Math.min(due, next.published);
    return true;
  }
  // Another live article with this slug makes a duplicate: leave it to selectArticles.
  const holder = prev.bySlug.get(next.slug);
  const taken = splice.claimed.has(next.slug) || (holder !== undefined && holder.path !== path);
  const keepsSlug = oldWasLive && next.slug === old?.slug;
  if (!keepsSlug && taken) return false;
  splice.claimed.add(next.slug);
  splice.articles.splice(insertionPoint(splice.articles, next, compareArticles), 0, next);
  splice.bySlug.set(next.slug, next);
  splice.updated = Math.max(splice.updated, next.updated);
  return true;
}

function freezeSnapshot(parts: {
  catalogue: Catalogue;
  folderProblems: readonly ContentError[];
  articles: readonly Article[];
  bySlug: ReadonlyMap<string, Article>;
  updated: number;
  nextDueAt: number | null;
  errors: readonly ContentError[];
  warnings: readonly ContentWarning[];
  maxTagFeeds: number;
}): Snapshot {
  const { articles } = parts;
  // What only some documents need is built when first asked for, so an edit's new main feeds
  // wait for neither the tag index nor the version.
  let tags: ReturnType<typeof limitTagFeeds> | undefined;
  let version: string | undefined;
  return Object.freeze({
    ...parts,
    get tags() {
      tags ??= limitTagFeeds(indexTags(articles), parts.maxTagFeeds);
      return tags.tags;
    },
    get tagWarning() {
      tags ??= limitTagFeeds(indexTags(articles), parts.maxTagFeeds);
      return tags.warning ?? null;
    },
    get version() {
      version ??= versionOf(articles);
      return version;
    },
  });
}
