/**
 * RFC 5005 paging: the subscription document holds the newest `limit` articles, archives hold full
 * blocks of `limit` counted from the oldest (1 = oldest), so a new article never shifts an archive.
 * The newest archive may repeat subscription entries, which §4 allows (clients merge by id).
 */

/** How many archive documents a feed of `total` articles has. */
export function countArchives(total: number, limit: number): number {
  return total <= limit ? 0 : Math.ceil(total / limit) - 1;
}

export interface FeedPage<T> {
  /** `null` for the subscription document, else the archive number (1 = oldest). */
  readonly archive: number | null;
  /** Newest first. */
  readonly items: readonly T[];
  /** The next-older archive (RFC 5005 `prev-archive`). */
  readonly prevArchive: number | null;
  /** The next-newer archive (`next-archive`); null on the newest archive. */
  readonly nextArchive: number | null;
  /** This document holds every article (RFC 5005 §2 `fh:complete`). */
  readonly complete: boolean;
}

/**
 * The page `archive` (null = subscription document) of `items` (newest first),
 * or undefined when that archive does not exist.
 */
export function paginateFeed<T>(
  items: readonly T[],
  limit: number,
  archive: number | null,
): FeedPage<T> | undefined {
  const count = countArchives(items.length, limit);
  if (archive === null) {
    return {
      archive: null,
      items: items.slice(0, limit),
      prevArchive: count > 0 ? count : null,
      nextArchive: null,
      complete: count === 0,
    };
  }
  if (!Number.isSafeInteger(archive) || archive < 1 || archive > count) return undefined;
  // Oldest-first block [(k-1)·limit, k·limit) is newest-first [total − k·limit, total − (k−1)·limit).
  const end = items.length - (archive - 1) * limit;
  return {
    archive,
    items: items.slice(end - limit, end),
    prevArchive: archive > 1 ? archive - 1 : null,
    nextArchive: archive < count ? archive + 1 : null,
    complete: false,
  };
}
