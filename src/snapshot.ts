import { createHash } from "node:crypto";
import type { Catalogue } from "./content/update-catalogue.js";
import { indexTags, type TagEntry } from "./core/index-tags.js";
import { type Selection, selectArticles } from "./core/select-articles.js";
import type { Article, ContentError, ContentWarning } from "./core/types.js";

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
  readonly bySlug: ReadonlyMap<string, Article>;
  /** Built on first use: the main feeds never need it, and it is most of a snapshot's cost. */
  readonly tags: ReadonlyMap<string, TagEntry>;
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

/** Build a snapshot from a catalogue as it stands at `now`. */
export function createSnapshot(
  catalogue: Catalogue,
  folderProblems: readonly ContentError[],
  now: number,
): Snapshot {
  const candidates: Article[] = [];
  const errors: ContentError[] = [...folderProblems];
  const warnings: ContentWarning[] = [];
  for (const entry of catalogue.values()) {
    if (entry.article) candidates.push(entry.article);
    if (entry.error) errors.push(entry.error);
    warnings.push(...entry.warnings);
  }
  const selection: Selection = selectArticles(candidates, now);
  warnings.push(...selection.warnings);
  const byPath = (a: { path: string }, b: { path: string }) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  // Grouping 10,000 articles by tag takes ~20 ms, two thirds of the whole snapshot, and stands
  // between an edit and its new feed; it is done when a tag feed, page or the OPML asks.
  let tags: ReadonlyMap<string, TagEntry> | undefined;
  return Object.freeze({
    catalogue,
    folderProblems,
    articles: selection.articles,
    bySlug: new Map(selection.articles.map((article) => [article.slug, article])),
    get tags() {
      tags ??= indexTags(selection.articles);
      return tags;
    },
    nextDueAt: selection.nextDueAt,
    errors: errors.sort(byPath),
    warnings: warnings.sort(byPath),
    updated: selection.articles.reduce((newest, a) => Math.max(newest, a.updated), 0),
    version: versionOf(selection.articles),
  });
}
