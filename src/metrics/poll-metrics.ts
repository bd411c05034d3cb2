import { Counter, Gauge, type Registry } from "prom-client";
import { type ClientInfo, classifyClient } from "../http/client-family.js";

/** Feed polling by client: who asks, how it is answered, and how many readers stand behind it. */
export interface PollMetrics {
  /** One answered request for `feed` (a path the site has a document for). */
  record(
    feed: string,
    userAgent: string | undefined,
    method: string | undefined,
    status: number,
  ): void;
}

export interface PollMetricsOptions {
  /** Distinct feed label values; further feeds share `other` (tags can be many). */
  readonly maxFeeds?: number;
}

const MAX_CACHED_AGENTS = 2000;

/**
 * `feedmill_feed_requests_total{client,outcome}` counts feed and OPML answers by client family
 * and outcome (`200`, `304`, `HEAD`); `feedmill_feed_subscribers{feed,client}` is the last
 * subscriber count an aggregator reported for a feed in its User-Agent.
 */
export function createPollMetrics(
  registry: Registry,
  options: PollMetricsOptions = {},
): PollMetrics {
  const maxFeeds = options.maxFeeds ?? 500;
  const requests = new Counter({
    name: "feedmill_feed_requests_total",
    help: "Feed and OPML answers by client family and outcome (200, 304, HEAD)",
    labelNames: ["client", "outcome"],
    registers: [registry],
  });
  const subscribers = new Gauge({
    name: "feedmill_feed_subscribers",
    help: "Subscribers an aggregator last reported in its User-Agent, by feed and client family",
    labelNames: ["feed", "client"],
    registers: [registry],
  });
  // A poller sends the same User-Agent on every request: classify each string once.
  const agents = new Map<string, ClientInfo>();
  const feeds = new Set<string>();

  function classify(userAgent: string | undefined): ClientInfo {
    if (userAgent === undefined) return classifyClient(undefined);
    let info = agents.get(userAgent);
    if (!info) {
      if (agents.size >= MAX_CACHED_AGENTS) agents.clear();
      info = classifyClient(userAgent);
      agents.set(userAgent, info);
    }
    return info;
  }

  return {
    record(feed, userAgent, method, status) {
      const { family, subscribers: count } = classify(userAgent);
      const outcome = method === "HEAD" ? "HEAD" : status === 304 ? "304" : "200";
      requests.inc({ client: family, outcome });
      if (count === null) return;
      if (!feeds.has(feed) && feeds.size < maxFeeds) feeds.add(feed);
      subscribers.set({ feed: feeds.has(feed) ? feed : "other", client: family }, count);
    },
  };
}
