import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChurnAction, type ChurnSummary, startChurn } from "../../bench/churn.js";
import { generateCorpus } from "../../bench/generate-corpus.js";
import {
  checkChurnOutcome,
  checkReportedErrors,
  type ReportedError,
  SURELY_SEEN_MS,
  type TimedEvent,
} from "./check-churn.js";
import { createSampleChecks } from "./check-samples.js";
import {
  askJson,
  crawlArchives,
  planTargets,
  readScanMetrics,
  rescanAfter,
} from "./feed-client.js";
import { type LoadReport, percentile, runLoad } from "./load.js";
import { type ServiceProcess, startServiceProcess, watchRss } from "./service-process.js";

export interface SoakOptions {
  readonly seconds: number;
  readonly articles: number;
  readonly connections: number;
  readonly seed?: number;
  /**
   * How edits reach the service: `schedule`, a full rescan every second (the watcher off); or
   * `watch`, the watcher's scan of each changed file, with the same schedule behind it. RSS
   * growth is judged under `schedule` only: watched, each edit is a scan of its own, and the
   * heap takes ~45 s to level off (1,000 articles, 10 edits/s: 130 → 165 MB, then flat to
   * 120 s), longer than a soak in CI runs.
   */
  readonly changes?: "schedule" | "watch";
  /** Progress lines while it runs (the figures come at the end either way). */
  readonly log?: (line: string) => void;
}

export interface SoakReport {
  readonly passed: number;
  readonly failed: number;
  /** The failure messages (the load keeps only its first fifty). */
  readonly failures: readonly string[];
  /** The figures, one per line, for the end of the output. */
  readonly figures: readonly string[];
}

const ADMIN_TOKEN = "soak-admin-token-0123456789abcdef";
const CHURN_INTERVAL_MS = 100;
const MEMORY_GROWTH_LIMIT = 1.2;

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

function churnCounts(events: readonly TimedEvent[]): string {
  const counts = new Map<ChurnAction, number>();
  for (const event of events) counts.set(event.action, (counts.get(event.action) ?? 0) + 1);
  return [...counts].map(([action, n]) => `${action} ${n}`).join(", ");
}

function loadFigures(load: LoadReport, seconds: number, connections: number): string[] {
  const statuses = Object.entries(load.statuses)
    .map(([status, n]) => `${status}: ${n}`)
    .join(", ");
  return [
    `load: ${load.requests} requests in ${seconds} s (${Math.round(load.requests / seconds)}/s) on ${connections} keep-alive connections (${load.socketsOpened} sockets opened)`,
    `load: statuses ${statuses}; ${load.conditional} conditional, ${load.notModifiedChecked} 304s carried the ETag sent; ${mb(load.bytes)} received`,
    `load: latency p50 ${percentile(load.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(load.latenciesMs, 99).toFixed(1)} ms, max ${load.slowest.ms.toFixed(1)} ms (${load.slowest.path}, ${(load.slowest.at / 1000).toFixed(1)} s in)`,
  ];
}

/**
 * The soak: the built service over a generated corpus, rescanning every second while churn
 * rewrites part of the folder every 100 ms and `connections` keep-alive clients poll it. Every
 * response is checked; a sample is checked in full; at the end the feeds must match the folder.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => {});
  const root = mkdtempSync(join(tmpdir(), "feedmill-soak-"));
  const contentDir = join(root, "content");
  mkdirSync(contentDir);
  const failures: string[] = [];
  const figures: string[] = [];
  let passed = 0;
  // Failures beyond the messages kept (the load keeps the first fifty).
  let uncounted = 0;
  let service: ServiceProcess | undefined;
  let churn: { stop(): Promise<ChurnSummary> } | undefined;
  try {
    const generated = performance.now();
    const corpus = await generateCorpus(contentDir, {
      count: options.articles,
      seed: options.seed,
    });
    const generateMs = performance.now() - generated;
    const spawned = performance.now();
    service = await startServiceProcess({
      contentDir,
      adminToken: ADMIN_TOKEN,
      scanCron: "* * * * * *",
      env: { WATCH: String(options.changes === "watch") },
    });
    const startMs = performance.now() - spawned;
    log(
      `corpus ${corpus.files} files in ${(generateMs / 1000).toFixed(1)} s; service up in ${(startMs / 1000).toFixed(1)} s`,
    );
    const targets = await planTargets(service.port, service.baseUrl);

    const events: TimedEvent[] = [];
    churn = startChurn(contentDir, {
      intervalMs: CHURN_INTERVAL_MS,
      seed: options.seed ?? 7,
      onEvent: (event) => events.push({ ...event, at: Date.now() }),
    });
    const samples = createSampleChecks({ keepPerFormat: 120, xmllint: 10 });
    const memory = watchRss(service, options.seconds * 1000);
    const load = await runLoad({
      port: service.port,
      targets,
      connections: options.connections,
      durationMs: options.seconds * 1000,
      conditionalShare: 0.3,
      sampleEvery: 20,
      maxSamplesPerUrl: 40,
      onSample: (sample) => {
        const problems = samples.check(sample);
        failures.push(...problems);
        if (problems.length === 0) passed += 1;
      },
    });
    const { warmRss, endRss, peakRss } = memory.stop();
    // Read before the final rescans: these are the scans the cron ran under load and churn.
    const scans = await readScanMetrics(service.port);
    if (scans.failed > 0) failures.push(`${scans.failed} scheduled rescan(s) failed under load`);
    else passed += 1;
    failures.push(...load.failures);
    passed += load.requests + load.notModifiedChecked - load.failed;
    uncounted += load.failed - load.failures.length;
    log(`load done: ${load.requests} requests`);

    const summary = await churn.stop();
    churn = undefined;
    const stoppedAt = Date.now();
    await rescanAfter(service.port, stoppedAt, ADMIN_TOKEN);
    const idleRss = service.rss();

    const crawlStarted = performance.now();
    const crawl = await crawlArchives(service.port, service.baseUrl);
    const crawlMs = performance.now() - crawlStarted;
    failures.push(...crawl.failures);
    passed += crawl.documents - crawl.failures.length;
    const health = await askJson<{ articles: number; errors: ReportedError[] }>(
      service.port,
      "/healthz",
    );
    const outcome = checkChurnOutcome(
      summary,
      events,
      crawl.served,
      service.baseUrl,
      health.errors,
    );
    failures.push(...outcome.failures);
    passed += outcome.checks - outcome.failures.length;
    const reported = checkReportedErrors(summary, health.errors);
    failures.push(...reported.failures);
    passed += reported.checks - reported.failures.length;
    if (health.articles !== crawl.served.size) {
      failures.push(
        `/healthz counts ${health.articles} articles, the archives hold ${crawl.served.size}`,
      );
    } else passed += 1;

    const xmllint = samples.finish();
    failures.push(...xmllint);
    passed += samples.counts.xml + samples.counts.json + samples.counts.xmllint - xmllint.length;

    const growth = endRss / warmRss;
    if (options.changes === "watch") {
      // Reported, not judged: see `SoakOptions.changes`.
    } else if (!(growth <= MEMORY_GROWTH_LIMIT)) {
      failures.push(
        `server RSS grew from ${mb(warmRss)} after warm-up to ${mb(endRss)} (×${growth.toFixed(2)})`,
      );
    } else passed += 1;
    const errorLogs = (service.logCounts.error ?? 0) + (service.logCounts.fatal ?? 0);
    if (errorLogs > 0)
      failures.push(`the service logged ${errorLogs} error(s): ${service.errorLines.join(" | ")}`);
    else passed += 1;

    figures.push(
      `corpus: ${corpus.files} files (${mb(corpus.bytes)}) generated in ${(generateMs / 1000).toFixed(1)} s; service ready in ${(startMs / 1000).toFixed(1)} s`,
      ...loadFigures(load, options.seconds, options.connections),
      `samples: ${samples.counts.etag} bodies hashed to their ETag (${samples.counts.html} HTML pages whole); ${samples.counts.xml} XML well-formed, ${samples.counts.json} JSON Feed valid, ${samples.counts.xmllint} XML also by xmllint`,
      `scans: ${scans.changed + scans.unchanged + scans.failed} during the load (${scans.changed} changed, ${scans.unchanged} unchanged, ${scans.failed} failed), ${((scans.seconds / Math.max(1, scans.count)) * 1000).toFixed(0)} ms each on average`,
      `churn: ${summary.events} changes every ${CHURN_INTERVAL_MS} ms (${churnCounts(events)})`,
      `final: ${summary.live.size} live, ${summary.broken.size} broken (${outcome.strictBroken} surely seen good, ${outcome.lenientBroken} broke within ${SURELY_SEEN_MS / 1000} s), ${summary.deleted.size} deleted churn files checked against ${crawl.documents} JSON Feed documents (${crawl.served.size} articles, crawled in ${(crawlMs / 1000).toFixed(1)} s)`,
      `health: ${health.articles} articles, ${health.errors.length} files with errors; service log: ${service.logCounts.warn ?? 0} warn, ${errorLogs} error`,
      `memory: server RSS ${mb(warmRss)} after warm-up, ${mb(endRss)} at the end of the load (×${growth.toFixed(2)}, ${options.changes === "watch" ? "not judged when watching" : `limit ×${MEMORY_GROWTH_LIMIT}`}); peak ${mb(peakRss)}; ${mb(idleRss)} idle after the final rescan, ${mb(service.rss())} after rendering every archive`,
    );
  } catch (error) {
    failures.push(`soak aborted: ${(error as Error).stack ?? error}`);
  } finally {
    await churn?.stop().catch(() => undefined);
    await service?.stop();
    rmSync(root, { recursive: true, force: true });
  }
  return { passed, failed: failures.length + uncounted, failures, figures };
}

/** The last lines of a soak's output: figures, failures if any, then the one-line verdict. */
export function formatSoakReport(report: SoakReport): string[] {
  const verdict =
    report.failed === 0
      ? `soak: ${report.passed} passed, 0 failed`
      : `soak FAILED: ${report.passed} passed, ${report.failed} failed`;
  return [
    ...report.figures,
    ...report.failures.slice(0, 60).map((failure) => `FAIL ${failure}`),
    verdict,
  ];
}
