import { describe, expect, it } from "vitest";
import { CLIENT_FAMILIES, classifyClient } from "../../src/http/client-family.js";

// User-Agents as the services document or send them.
const AGENTS = [
  ["Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )", "Feedly", 462],
  [
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 870 subscribers; like FeedFetcher-Google)",
    "Feedly",
    870,
  ],
  ["Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )", "Inoreader", 3],
  [
    "NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/1234/feedmill (Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.1 Safari/605.1.15)",
    "NewsBlur",
    12,
  ],
  ["NewsBlur Feed Fetcher - 1 subscriber - http://www.newsblur.com/site/1/x", "NewsBlur", 1],
  ["Feedbin - 12 subscribers", "Feedbin", 12],
  ["Mozilla/5.0 (compatible; theoldreader.com; 7 subscribers; feed-id=5c8f)", "The Old Reader", 7],
  ["Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 5 subscribers)", "BazQux", 5],
  ["Mozilla/5.0 (compatible; Miniflux/2.2.3; +https://miniflux.app)", "Miniflux", null],
  ["FreshRSS/1.29.1 (Linux; https://freshrss.org)", "FreshRSS", null],
  ["Tiny Tiny RSS/24.02 (https://tt-rss.org/)", "Tiny Tiny RSS", null],
  ["NetNewsWire (RSS Reader; https://netnewswire.com/)", "NetNewsWire", null],
  ["Newsboat/2.30 (Linux x86_64)", "newsboat", null],
  ["iTMS", "Apple Podcasts", null],
  ["Podcasts/1555.2.1 CFNetwork/1333.0.4 Darwin/21.5.0", "Apple Podcasts", null],
  [
    "Overcast/1.0 Podcast Sync (123 subscribers; feed-id=456789; +http://overcast.fm/)",
    "Overcast",
    123,
  ],
  ["PocketCasts/1.0 (Pocket Casts Feed Parser; +http://pocketcasts.com/)", "Pocket Casts", null],
  ["AntennaPod/3.12.0", "AntennaPod", null],
  ["Podcastindex.org/v1.0 (https://podcastindex.org)", "Podcast Index", null],
  ["Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "other", null],
  ["", "other", null],
] as const;

describe("classifyClient", () => {
  it.each(AGENTS)("reads %j as %s with %s subscribers", (agent, family, subscribers) => {
    expect(classifyClient(agent)).toEqual({ family, subscribers });
  });

  it("names only families of the fixed list", () => {
    for (const [agent] of AGENTS) {
      expect(CLIENT_FAMILIES).toContain(classifyClient(agent).family);
    }
    expect(classifyClient(undefined).family).toBe("other");
  });
});
