/**
 * Which feed reader or podcast app a request comes from, by its User-Agent, and the subscriber
 * count that aggregators put there. The families are a fixed list so that a metric labelled by
 * them stays bounded whatever clients send. Formats as the services document them, e.g.
 * `Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )`,
 * `Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )`,
 * `NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/…`,
 * `Overcast/1.0 Podcast Sync (123 subscribers; feed-id=456789; +http://overcast.fm/)`,
 * `Feedbin - 12 subscribers`.
 */
export const CLIENT_FAMILIES = [
  "Feedly",
  "Inoreader",
  "NewsBlur",
  "Feedbin",
  "The Old Reader",
  "BazQux",
  "Miniflux",
  "FreshRSS",
  "Tiny Tiny RSS",
  "NetNewsWire",
  "newsboat",
  "Apple Podcasts",
  "Overcast",
  "Pocket Casts",
  "AntennaPod",
  "Podcast Index",
  "other",
] as const;

export type ClientFamily = (typeof CLIENT_FAMILIES)[number];

/** First match wins: a family's own token, never a generic word another client also sends. */
const PATTERNS: readonly (readonly [ClientFamily, RegExp])[] = [
  ["Feedly", /\bfeedly\b/i],
  ["Inoreader", /\binoreader\b/i],
  ["NewsBlur", /\bnewsblur\b/i],
  ["Feedbin", /\bfeedbin\b/i],
  ["The Old Reader", /\btheoldreader\b|\bthe old reader\b/i],
  ["BazQux", /\bbazqux\b/i],
  ["Miniflux", /\bminiflux\b/i],
  ["FreshRSS", /\bfreshrss\b/i],
  ["Tiny Tiny RSS", /\btiny tiny rss\b|\btt-rss\b/i],
  ["NetNewsWire", /\bnetnewswire\b/i],
  ["newsboat", /\bnewsboat\b|\bnewsbeuter\b/i],
  ["Podcast Index", /\bpodcastindex\b/i],
  ["Overcast", /\bovercast\b/i],
  ["Pocket Casts", /\bpocket ?casts\b/i],
  ["AntennaPod", /\bantennapod\b/i],
  // Apple's feed fetcher says `iTMS`; the app itself `Podcasts/<version>` (localised names aside).
  ["Apple Podcasts", /^iTMS\b|^Podcasts\/|\bApplePodcasts\b/],
];

const SUBSCRIBERS = /\b(\d{1,9}) subscribers?\b/i;

export interface ClientInfo {
  readonly family: ClientFamily;
  /** The subscriber count the User-Agent reports, if any. */
  readonly subscribers: number | null;
}

const OTHER: ClientInfo = { family: "other", subscribers: null };

/** Classify a User-Agent. Pure; callers cache (a poller sends the same string every time). */
export function classifyClient(userAgent: string | undefined): ClientInfo {
  if (!userAgent) return OTHER;
  const family = PATTERNS.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? "other";
  const count = SUBSCRIBERS.exec(userAgent)?.[1];
  return { family, subscribers: count === undefined ? null : Number(count) };
}
