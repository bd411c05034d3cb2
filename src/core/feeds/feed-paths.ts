import type { FeedFormat } from "../types.js";

/** Which feed document a URL path names. */
export interface FeedAddress {
  readonly format: FeedFormat;
  /** Tag slug, or null for the main feed. */
  readonly tag: string | null;
  /** Archive number (1 = oldest), or null for the subscription document. */
  readonly archive: number | null;
}

export const FEED_FILES: Readonly<Record<FeedFormat, string>> = {
  rss: "rss.xml",
  atom: "atom.xml",
  json: "feed.json",
};

export const FEED_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

const FORMAT_BY_FILE = new Map<string, FeedFormat>(
  (Object.entries(FEED_FILES) as [FeedFormat, string][]).map(([format, file]) => [file, format]),
);

/** The URL path of a feed document: `/rss.xml`, `/archive/3/atom.xml`, `/tags/rss/feed.json`. */
export function feedPath(address: FeedAddress): string {
  const tag = address.tag === null ? "" : `/tags/${encodeURIComponent(address.tag)}`;
  const archive = address.archive === null ? "" : `/archive/${address.archive}`;
  return `${tag}${archive}/${FEED_FILES[address.format]}`;
}

const FEED_PATH =
  /^(?:\/tags\/([^/]{1,200}))?(?:\/archive\/([1-9][0-9]{0,8}))?\/(rss\.xml|atom\.xml|feed\.json)$/;

/** Parse a request path (still percent-encoded) into a feed address; undefined if it is none. */
export function parseFeedPath(path: string): FeedAddress | undefined {
  const match = FEED_PATH.exec(path);
  if (!match) return undefined;
  const [, rawTag, rawArchive, file] = match;
  let tag: string | null = null;
  if (rawTag !== undefined) {
    try {
      tag = decodeURIComponent(rawTag);
    } catch {
      return undefined;
    }
  }
  const format = FORMAT_BY_FILE.get(file as string) as FeedFormat;
  return { format, tag, archive: rawArchive === undefined ? null : Number(rawArchive) };
}
