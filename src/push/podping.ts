import type { Snapshot } from "../catalogue/snapshot.js";
import type { Article } from "../core/types.js";
import type { Logger } from "../log.js";

export interface PodpingOptions {
  /** The Podping gateway, e.g. `https://podping.cloud/`; each notice is a GET of it. */
  readonly endpoint: string;
  /** Sent as `Authorization`, as podping.cloud issues them; none when null. */
  readonly token: string | null;
  readonly logger: Logger;
  readonly userAgent?: string;
  /** Attempts per URL before giving up (the next change notifies again anyway). */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly fetch?: typeof fetch;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Podping notifier (`?url=…&reason=update&medium=podcast`), so podcast apps fetch a changed feed
 * now instead of polling. Fire and forget with backoff; a URL already waiting is not queued
 * twice, as one notice makes apps read the feed as it then is.
 */
export function createPodpingNotifier(options: PodpingOptions) {
  const attempts = options.attempts ?? 5;
  const baseDelay = options.baseDelayMs ?? 1000;
  const doFetch = options.fetch ?? fetch;
  const pending = new Map<string, Promise<void>>();

  async function notifyOne(url: string): Promise<void> {
    const target = new URL(options.endpoint);
    target.searchParams.set("url", url);
    target.searchParams.set("reason", "update");
    target.searchParams.set("medium", "podcast");
    const headers: Record<string, string> = { "user-agent": options.userAgent ?? "feedmill" };
    if (options.token) headers.authorization = options.token;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await doFetch(target, { headers, signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          options.logger.info({ url }, "podping: sent");
          return;
        }
        options.logger.warn({ url, status: response.status, attempt }, "podping: refused");
      } catch (error) {
        options.logger.warn({ url, attempt, err: error }, "podping: unreachable");
      }
      if (attempt < attempts) await sleep(baseDelay * 2 ** (attempt - 1));
    }
    options.logger.error({ url }, "podping: giving up until the next change");
  }

  return {
    /** Announce that these podcast feeds changed. Returns at once. */
    publish(urls: readonly string[]): void {
      for (const url of urls) {
        if (pending.has(url)) continue;
        const job = notifyOne(url).finally(() => pending.delete(url));
        pending.set(url, job);
      }
    },
    /** Wait for notices in flight (tests, shutdown). */
    async settle(): Promise<void> {
      await Promise.all([...pending.values()]);
    },
  };
}

export type PodpingNotifier = ReturnType<typeof createPodpingNotifier>;

/**
 * The RSS URLs of the podcast feeds whose subscription document changed: `changed` are the
 * feed URLs WebSub would publish; Podping is for feeds that hold episodes, and apps read RSS.
 */
export function podcastFeedUrls(
  changed: readonly string[],
  next: Snapshot,
  baseUrl: string,
): string[] {
  const hasEpisode = (articles: readonly Article[] | undefined) =>
    articles?.some((article) => article.enclosure) === true;
  return changed.filter((url) => {
    if (!url.endsWith("/rss.xml")) return false;
    const path = url.slice(baseUrl.length);
    if (path === "/rss.xml") return hasEpisode(next.articles);
    const slug = /^\/tags\/([^/]+)\/rss\.xml$/.exec(path)?.[1];
    return slug !== undefined && hasEpisode(next.tags.get(decodeURIComponent(slug))?.articles);
  });
}
