import { type FeedAddress, feedPath } from "../core/feeds/feed-paths.js";
import type { Article } from "../core/types.js";
import { type PodpingNotifier, podcastFeedUrls } from "../push/podping.js";
import type { WebSubPublisher } from "../push/websub.js";
import type { Snapshot } from "./snapshot.js";

/** Where a changed feed is announced; either may be absent. */
export interface Announcers {
  readonly websub?: WebSubPublisher;
  readonly podping?: PodpingNotifier;
}

/** URLs of the subscription documents whose items changed between two snapshots. */
export function changedFeedUrls(
  prev: Snapshot,
  next: Snapshot,
  limit: number,
  baseUrl: string,
): string[] {
  const key = (articles: readonly Article[] | undefined) =>
    (articles ?? [])
      .slice(0, limit)
      .map((a) => `${a.path}:${a.hash}`)
      .join("|");
  const urls: string[] = [];
  const subjects: [
    string | null,
    readonly Article[] | undefined,
    readonly Article[] | undefined,
  ][] = [[null, prev.articles, next.articles]];
  for (const slug of new Set([...prev.tags.keys(), ...next.tags.keys()])) {
    subjects.push([slug, prev.tags.get(slug)?.articles, next.tags.get(slug)?.articles]);
  }
  for (const [tag, before, after] of subjects) {
    if (after === undefined || key(before) === key(after)) continue;
    for (const format of ["rss", "atom", "json"] as const) {
      const address: FeedAddress = { format, tag, archive: null };
      urls.push(baseUrl + feedPath(address));
    }
  }
  return urls;
}

/** Tell the WebSub hub and Podping which feeds changed from `prev` to `next`. */
export function announceChanges(
  announcers: Announcers,
  feeds: { readonly feedLimit: number; readonly baseUrl: string },
  prev: Snapshot,
  next: Snapshot,
): void {
  // Comparing every tag feed is skipped when no one would be told.
  if (!announcers.websub && !announcers.podping) return;
  const urls = changedFeedUrls(prev, next, feeds.feedLimit, feeds.baseUrl);
  if (urls.length > 0) announcers.websub?.publish(urls);
  const podcasts = podcastFeedUrls(urls, next, feeds.baseUrl);
  if (podcasts.length > 0) announcers.podping?.publish(podcasts);
}
