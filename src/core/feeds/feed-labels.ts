import type { FeedFormat } from "../types.js";

/** The names people know the feed formats by, for link text and reader-visible titles. */
export const FEED_LABELS: Readonly<Record<FeedFormat, string>> = {
  rss: "RSS",
  atom: "Atom",
  json: "JSON Feed",
};
