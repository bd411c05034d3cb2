import type { Logger } from "../log.js";

export interface WebSubOptions {
  readonly hub: string;
  readonly logger: Logger;
  /** Attempts per URL before giving up (the next change publishes again anyway). */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly fetch?: typeof fetch;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * WebSub publisher (W3C WebSub §7: `hub.mode=publish`, `hub.url`). Fire and forget: each
 * notification retries with exponential backoff in the background and never blocks serving.
 */
export function createWebSubPublisher(options: WebSubOptions) {
  const attempts = options.attempts ?? 5;
  const baseDelay = options.baseDelayMs ?? 1000;
  const doFetch = options.fetch ?? fetch;
  const pending = new Set<Promise<void>>();

  async function publishOne(url: string): Promise<void> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await doFetch(options.hub, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ "hub.mode": "publish", "hub.url": url }).toString(),
          signal: AbortSignal.timeout(10_000),
        });
        if (response.ok) {
          options.logger.info({ hub: options.hub, url }, "websub: hub notified");
          return;
        }
        options.logger.warn(
          { hub: options.hub, url, status: response.status, attempt },
          "websub: hub refused",
        );
      } catch (error) {
        options.logger.warn(
          { hub: options.hub, url, attempt, err: error },
          "websub: hub unreachable",
        );
      }
      if (attempt < attempts) await sleep(baseDelay * 2 ** (attempt - 1));
    }
    options.logger.error({ hub: options.hub, url }, "websub: giving up until the next change");
  }

  return {
    /** Notify the hub that these feed URLs changed. Returns at once. */
    publish(urls: readonly string[]): void {
      for (const url of urls) {
        const job = publishOne(url).finally(() => pending.delete(job));
        pending.add(job);
      }
    },
    /** Wait for notifications in flight (tests, shutdown). */
    async settle(): Promise<void> {
      await Promise.all([...pending]);
    },
  };
}

export type WebSubPublisher = ReturnType<typeof createWebSubPublisher>;
