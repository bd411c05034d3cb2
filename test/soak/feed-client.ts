/** The few requests the soak makes besides the load: set-up, rescans, the final crawl. */
import { request } from "node:http";
import { validateJsonFeed } from "../helpers/validate-feed.js";
import type { Target } from "./load.js";

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One loopback request on a fresh connection, body read whole as text. */
export function ask(port: number, path: string, init: { method?: string; token?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const headers: Record<string, string> = init.token
      ? { Authorization: `Bearer ${init.token}` }
      : {};
    const req = request(
      { host: "127.0.0.1", port, path, method: init.method ?? "GET", headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** GET a JSON document that must be there. */
export async function askJson<T>(port: number, path: string): Promise<T> {
  const answer = await ask(port, path);
  if (answer.status !== 200) throw new Error(`${path}: status ${answer.status}`);
  return JSON.parse(answer.body) as T;
}

export interface JsonFeed {
  readonly next_url?: string;
  readonly items: readonly { readonly url: string; readonly title: string }[];
}

/** The URLs the load spreads over: the three feeds, a tag feed, the oldest archive, pages. */
export async function planTargets(port: number, baseUrl: string): Promise<Target[]> {
  const index = (await ask(port, "/")).body;
  // The index lists tags by article count: the first is the busiest tag feed.
  const tag = /href="[^"]*\/tags\/([^/"]+)\/"/.exec(index)?.[1];
  if (!tag) throw new Error("no tag on the index page");
  const newest = await askJson<JsonFeed>(port, "/feed.json");
  const oldest = await askJson<JsonFeed>(port, "/archive/1/feed.json");
  const pages = [...newest.items, ...oldest.items].map((item) => item.url.slice(baseUrl.length));
  return [
    { path: "/rss.xml", kind: "xml", weight: 20 },
    { path: "/atom.xml", kind: "xml", weight: 15 },
    { path: "/feed.json", kind: "json", weight: 15 },
    { path: `/tags/${tag}/rss.xml`, kind: "xml", weight: 6 },
    { path: `/tags/${tag}/feed.json`, kind: "json", weight: 4 },
    { path: "/archive/1/rss.xml", kind: "xml", weight: 6 },
    { path: "/archive/1/feed.json", kind: "json", weight: 2 },
    ...pages.map((path) => ({ path, kind: "html" as const, weight: 32 / pages.length })),
  ];
}

/** Rescan until a scan has started after `since`: one already running may predate the last write. */
export async function rescanAfter(port: number, since: number, token: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const answer = await ask(port, "/admin/rescan", { method: "POST", token });
    if (answer.status !== 200) throw new Error(`admin rescan: status ${answer.status}`);
    const { at } = JSON.parse(answer.body) as { at: string };
    if (Date.parse(at) > since) return;
  }
  throw new Error("no rescan started after churn stopped");
}

const ARCHIVE_JSON = /\/archive\/(\d+)\/feed\.json$/;
const CRAWL_CONCURRENCY = 4;

/**
 * Every item of the JSON Feed, following `next_url` from the subscription document. Archives are
 * rendered on first request, so the chain is fetched a few links ahead (the link pattern is read
 * off the first `next_url`), and each document's own `next_url` must name the one fetched next.
 */
export async function crawlArchives(port: number, baseUrl: string) {
  const served = new Map<string, string>();
  const failures: string[] = [];
  const fetchFeed = async (path: string) => {
    const answer = await ask(port, path);
    if (answer.status !== 200) throw new Error(`${path}: status ${answer.status}`);
    const verdict = validateJsonFeed(answer.body);
    if (!verdict.ok) failures.push(`${path}: ${verdict.errors.slice(0, 3).join("; ")}`);
    return JSON.parse(answer.body) as JsonFeed;
  };
  const chain: JsonFeed[] = [await fetchFeed("/feed.json")];
  const first = chain[0]?.next_url;
  const newest = Number(ARCHIVE_JSON.exec(first ?? "")?.[1] ?? 0);
  if (first !== undefined && newest === 0) throw new Error(`unexpected next_url ${first}`);
  const archives: JsonFeed[] = [];
  let next = newest;
  const worker = async () => {
    while (next > 0) {
      const number = next--;
      archives[newest - number] = await fetchFeed(`/archive/${number}/feed.json`);
    }
  };
  await Promise.all(Array.from({ length: CRAWL_CONCURRENCY }, worker));
  chain.push(...archives);
  chain.forEach((feed, i) => {
    const want = i + 1 < chain.length ? `${baseUrl}/archive/${newest - i}/feed.json` : undefined;
    if (feed.next_url !== want)
      failures.push(`document ${i} of the chain: next_url ${feed.next_url}, want ${want}`);
    for (const item of feed.items) served.set(item.url, item.title);
  });
  return { served, documents: chain.length, failures };
}

/** The scan counters of `/metrics`: how many rescans ran, by result, and their mean duration. */
export async function readScanMetrics(port: number) {
  const text = (await ask(port, "/metrics")).body;
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    changed: value(/^feedmill_scans_total\{result="changed"\} (\S+)$/m),
    unchanged: value(/^feedmill_scans_total\{result="unchanged"\} (\S+)$/m),
    failed: value(/^feedmill_scans_total\{result="failed"\} (\S+)$/m),
    seconds: value(/^feedmill_scan_duration_seconds_sum (\S+)$/m),
    count: value(/^feedmill_scan_duration_seconds_count (\S+)$/m),
  };
}
