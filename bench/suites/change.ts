import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { childScript } from "../children.js";
import { ensureCorpus, newArticlesDir, restoreCorpus } from "../corpus.js";
import {
  ADMIN_TOKEN,
  CRON_EVERY_SECOND,
  CRON_YEARLY,
  type RunningFeedmill,
  startFeedmill,
} from "../feedmill-process.js";
import { createRandom, renderArticle } from "../generate-corpus.js";
import { httpRequest, pollUntil } from "../http-client.js";
import type { BenchOptions } from "../options.js";
import { runJsonChild, sleep } from "../processes.js";
import { type Summary, summarize, summarizeRatio } from "../stats.js";

/** One file changed → new feed served, at one corpus size. */
export interface ChangeResult {
  readonly size: number;
  /** Watching the folder (cron off): from the write to the first response with the new ETag. */
  readonly watchWriteToServedMs: Summary;
  /** The same for the first edit after start (not in the summary above). */
  readonly watchFirstEditMs: number;
  /** SCAN_CRON every second: from the write to the first response with the new ETag. */
  readonly cronWriteToServedMs: Summary;
  /** POST /admin/rescan right after the write: from the request to its response. */
  readonly rescanResponseMs: Summary;
  /** … and from the request to the first response with the new ETag. */
  readonly scanStartToServedMs: Summary;
  /** The same rescan as the service timed it (`durationMs`: scan, parse, merge, select). */
  readonly serverScanMs: Summary;
  /** The walk-and-stat floor of the same corpus, measured in the same run. */
  readonly statFloorMs: Summary;
  readonly ratios: { readonly scanStartToServedToStatFloor: Summary };
}

const FEED_HEADERS = { "accept-encoding": "gzip" };

/**
 * A new article in the seed format, dated now, so it heads the feed; `write()` puts it in the
 * folder. Rendered before the clock starts: generating it is the bench's work, not feedmill's
 * (the first one, with the generator's code still cold, takes ~100 ms).
 */
function newArticle(corpusDir: string, run: number, phase: string) {
  const dir = newArticlesDir(corpusDir);
  mkdirSync(dir, { recursive: true });
  const now = Date.now();
  const bytes = renderArticle(createRandom(run), {
    format: "html",
    title: `Bench ${phase} edit number ${run} arrives`,
    time: { seconds: Math.floor(now / 1000), fraction: (now % 1000) * 10_000 },
    bodyBytes: 8192,
  });
  return { write: () => writeFileSync(join(dir, `${phase}-${run}.html`), bytes) };
}

async function currentEtag(service: RunningFeedmill): Promise<string> {
  const response = await httpRequest(service.port, "/rss.xml", { headers: FEED_HEADERS });
  return String(response.headers.etag);
}

/** Poll with If-None-Match every `intervalMs` until the feed changes; returns when, and the new ETag. */
async function waitForNewEtag(service: RunningFeedmill, etag: string, intervalMs: number) {
  const { response, at } = await pollUntil(service.port, "/rss.xml", (r) => r.status === 200, {
    intervalMs,
    timeoutMs: 120_000,
    headers: { ...FEED_HEADERS, "if-none-match": etag },
  });
  return { at, etag: String(response.headers.etag) };
}

/**
 * Watch-driven (the default configuration, schedule yearly): write, then poll every 1 ms. The
 * first edit after start is reported apart: it also creates the folder the new articles go to,
 * which the watcher names as a folder (the first article of a month in a dated layout).
 */
async function measureWatch(dir: string, runs: number, log: (line: string) => void) {
  const service = await startFeedmill({ contentDir: dir, scanCron: CRON_YEARLY, watch: true });
  const times: number[] = [];
  let firstMs = Number.NaN;
  try {
    let etag = await currentEtag(service);
    for (let run = 0; run <= runs; run++) {
      // Apart, so that each write is a scan of its own rather than one batch.
      await sleep(200);
      const article = newArticle(dir, run, "watch");
      const started = performance.now();
      article.write();
      const next = await waitForNewEtag(service, etag, 1);
      const ms = next.at - started;
      if (run === 0) firstMs = ms;
      else times.push(ms);
      etag = next.etag;
      log(
        `  watch ${run === 0 ? "first edit" : `run ${run}`}: write → new ETag ${ms.toFixed(0)} ms`,
      );
    }
  } finally {
    await service.stop();
  }
  return { times, firstMs };
}

/** Cron-driven: write, then poll every 5 ms. Writes land at varied points of the cron second. */
async function measureCron(dir: string, runs: number, log: (line: string) => void) {
  const service = await startFeedmill({ contentDir: dir, scanCron: CRON_EVERY_SECOND });
  const times: number[] = [];
  try {
    let etag = await currentEtag(service);
    const jitter = createRandom(7);
    for (let run = 1; run <= runs; run++) {
      await sleep(jitter.int(0, 999));
      const article = newArticle(dir, run, "cron");
      const started = performance.now();
      article.write();
      const next = await waitForNewEtag(service, etag, 5);
      times.push(next.at - started);
      etag = next.etag;
      log(`  cron run ${run}: write → new ETag ${(next.at - started).toFixed(0)} ms`);
    }
  } finally {
    await service.stop();
  }
  return times;
}

/** Admin-driven: write, POST /admin/rescan, then one conditional GET. */
async function measureAdmin(dir: string, runs: number, log: (line: string) => void) {
  const service = await startFeedmill({
    contentDir: dir,
    scanCron: CRON_YEARLY,
    adminToken: ADMIN_TOKEN,
  });
  const served: number[] = [];
  const responded: number[] = [];
  const scan: number[] = [];
  const floor: number[] = [];
  try {
    let etag = await currentEtag(service);
    for (let run = 1; run <= runs; run++) {
      const stat = await runJsonChild<{ ms: number }>(process.execPath, [
        childScript("floor-child"),
        "stat",
        dir,
      ]);
      floor.push(stat.ms);
      newArticle(dir, run, "admin").write();
      const posted = performance.now();
      const response = await httpRequest(service.port, "/admin/rescan", {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      if (response.status !== 200) throw new Error(`rescan answered ${response.status}`);
      responded.push(performance.now() - posted);
      const report = JSON.parse(response.body.toString()) as { durationMs: number; read: number };
      const next = await waitForNewEtag(service, etag, 1);
      served.push(next.at - posted);
      scan.push(report.durationMs);
      etag = next.etag;
      log(
        `  admin run ${run}: rescan → new ETag ${(next.at - posted).toFixed(0)} ms ` +
          `(scan ${report.durationMs} ms, stat floor ${stat.ms.toFixed(0)} ms)`,
      );
    }
  } finally {
    await service.stop();
  }
  return { served, responded, scan, floor };
}

/** Time from a new article to the feed that shows it: watched, by cron, and by admin rescan. */
export async function runChange(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<ChangeResult[]> {
  const results: ChangeResult[] = [];
  for (const size of options.sizes) {
    const corpus = await ensureCorpus(size, log);
    log(`change ${size}:`);
    try {
      const watched = await measureWatch(corpus.dir, options.runs, log);
      restoreCorpus(corpus.dir);
      const cron = await measureCron(corpus.dir, options.runs, log);
      restoreCorpus(corpus.dir);
      const admin = await measureAdmin(corpus.dir, options.runs, log);
      results.push({
        size,
        watchWriteToServedMs: summarize(watched.times),
        watchFirstEditMs: watched.firstMs,
        cronWriteToServedMs: summarize(cron),
        rescanResponseMs: summarize(admin.responded),
        scanStartToServedMs: summarize(admin.served),
        serverScanMs: summarize(admin.scan),
        statFloorMs: summarize(admin.floor),
        ratios: { scanStartToServedToStatFloor: summarizeRatio(admin.served, admin.floor) },
      });
    } finally {
      restoreCorpus(corpus.dir);
    }
  }
  return results;
}
