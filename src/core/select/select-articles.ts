import type { Article, ContentWarning } from "../types.js";

/** What a snapshot shows: published articles in feed order, and when the next one comes due. */
export interface Selection {
  /** Not drafts, not future-dated, one per slug; newest first, ties broken by slug. */
  readonly articles: readonly Article[];
  /** Epoch ms of the earliest future-dated article, so a refresh knows when to look again. */
  readonly nextDueAt: number | null;
  /** Articles left out because another file has the same slug. */
  readonly warnings: readonly ContentWarning[];
  /** The live articles by slug. */
  readonly bySlug: ReadonlyMap<string, Article>;
}

/** Feed order: newest first by publication date, then by slug, so output never depends on I/O order. */
export function compareArticles(a: Article, b: Article): number {
  if (a.published !== b.published) return b.published - a.published;
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/**
 * Choose what is live at `now`. Two files claiming one slug would give two items one URL:
 * the file whose path sorts first wins, the other is reported.
 */
export function selectArticles(candidates: Iterable<Article>, now: number): Selection {
  const bySlug = new Map<string, Article>();
  const losers: Article[] = [];
  let nextDueAt: number | null = null;
  for (const article of candidates) {
    if (article.draft) continue;
    if (article.published > now) {
      if (nextDueAt === null || article.published < nextDueAt) nextDueAt = article.published;
      continue;
    }
    const holder = bySlug.get(article.slug);
    // Whatever order the candidates come in, the path that sorts first keeps the slug.
    if (holder && holder.path < article.path) losers.push(article);
    else {
      if (holder) losers.push(holder);
      bySlug.set(article.slug, article);
    }
  }
  const warnings: ContentWarning[] = losers
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((article) => ({
      path: article.path,
      code: "duplicate-slug",
      reason: `slug "${article.slug}" is already used by ${bySlug.get(article.slug)?.path}; this file is left out`,
    }));
  return { articles: [...bySlug.values()].sort(compareArticles), nextDueAt, warnings, bySlug };
}
