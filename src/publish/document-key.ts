import type { Snapshot } from "../catalogue/snapshot.js";
import type { FeedSubject } from "../core/feeds/build-feed-document.js";
import { type FeedAddress, feedPath } from "../core/feeds/feed-paths.js";
import { countArchives } from "../core/select/paginate-feed.js";
import type { FeedFormat } from "../core/types.js";

/** Every document the site can answer with. */
export type DocumentKey =
  | { readonly kind: "feed"; readonly address: FeedAddress }
  | { readonly kind: "index" }
  | { readonly kind: "article"; readonly slug: string }
  | { readonly kind: "tag"; readonly slug: string }
  | { readonly kind: "opml" }
  | { readonly kind: "not-found" };

const FORMATS: readonly FeedFormat[] = ["rss", "atom", "json"];

/** The cache slot of a document: one per URL, whichever version of it is current. */
export function documentSlot(key: DocumentKey): string {
  switch (key.kind) {
    case "feed":
      return feedPath(key.address);
    case "article":
    case "tag":
      return `${key.kind}:${key.slug}`;
    default:
      return key.kind;
  }
}

/** The articles of the main feed (`tag` null) or of a tag's feed; undefined for an unknown tag. */
export function feedSubject(snapshot: Snapshot, tag: string | null): FeedSubject | undefined {
  if (tag === null) return { tag: null, articles: snapshot.articles };
  const entry = snapshot.tags.get(tag);
  return entry
    ? { tag: { slug: entry.slug, name: entry.name }, articles: entry.articles }
    : undefined;
}

/** Every document of a snapshot: pages, each feed with its archives and tag page, articles. */
export function documentKeys(snapshot: Snapshot, feedLimit: number): DocumentKey[] {
  const keys: DocumentKey[] = [{ kind: "index" }, { kind: "opml" }, { kind: "not-found" }];
  for (const tag of [null, ...snapshot.tags.keys()]) {
    const subject = feedSubject(snapshot, tag);
    const archives = subject ? countArchives(subject.articles.length, feedLimit) : 0;
    for (const archive of [null, ...Array.from({ length: archives }, (_, i) => i + 1)]) {
      for (const format of FORMATS) keys.push({ kind: "feed", address: { format, tag, archive } });
    }
    if (tag !== null) keys.push({ kind: "tag", slug: tag });
  }
  for (const article of snapshot.articles) keys.push({ kind: "article", slug: article.slug });
  return keys;
}
