import type { Article } from "../types.js";
import { tagSlug } from "../urls.js";

/** One tag across every spelling of it, with its articles in feed order. */
export interface TagEntry {
  readonly slug: string;
  /** The most used spelling; ties go to the one that sorts first, so the name is stable. */
  readonly name: string;
  readonly articles: readonly Article[];
}

/** Group articles (already in feed order) by tag slug; tags are sorted by slug. */
export function indexTags(articles: readonly Article[]): ReadonlyMap<string, TagEntry> {
  const groups = new Map<string, { spellings: Map<string, number>; articles: Article[] }>();
  // A folder has far fewer distinct spellings than tag uses; slugging (NFKC + regex) is not free.
  const slugs = new Map<string, string>();
  for (const article of articles) {
    const seen = new Set<string>();
    for (const tag of article.tags) {
      let slug = slugs.get(tag);
      if (slug === undefined) {
        slug = tagSlug(tag);
        slugs.set(tag, slug);
      }
      if (slug === "" || seen.has(slug)) continue;
      seen.add(slug);
      let group = groups.get(slug);
      if (!group) {
        group = { spellings: new Map(), articles: [] };
        groups.set(slug, group);
      }
      group.spellings.set(tag, (group.spellings.get(tag) ?? 0) + 1);
      group.articles.push(article);
    }
  }
  const index = new Map<string, TagEntry>();
  for (const slug of [...groups.keys()].sort()) {
    const group = groups.get(slug) as { spellings: Map<string, number>; articles: Article[] };
    index.set(slug, { slug, name: preferredSpelling(group.spellings), articles: group.articles });
  }
  return index;
}

function preferredSpelling(spellings: ReadonlyMap<string, number>): string {
  let best = "";
  let bestCount = -1;
  for (const [name, count] of spellings) {
    if (count > bestCount || (count === bestCount && name < best)) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}
