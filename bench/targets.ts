import { type Summary, summarize } from "./stats.js";
import type { ChangeResult } from "./suites/change.js";
import type { CleanResult } from "./suites/clean.js";
import type { ColdStartResult } from "./suites/cold-start.js";
import type { IsolationResult } from "./suites/isolation.js";
import type { PipelineResult } from "./suites/pipeline.js";
import type { ServeResult } from "./suites/serve.js";

/** One stated target, judged on the median; `allRuns` says whether every run met it too. */
export interface TargetCheck {
  readonly target: string;
  readonly median: number;
  readonly limit: number;
  readonly unit: string;
  readonly met: boolean;
  readonly allRuns: boolean;
}

function check(
  target: string,
  summary: Summary,
  limit: number,
  unit: string,
  direction: "max" | "min",
): TargetCheck {
  const ok = (value: number) => (direction === "max" ? value <= limit : value >= limit);
  return {
    target,
    median: summary.median,
    limit,
    unit,
    met: ok(summary.median),
    allRuns: summary.values.every(ok),
  };
}

/** The targets, for whichever sizes and suites this run measured. */
export function checkTargets(results: {
  pipeline?: readonly PipelineResult[];
  coldStart?: readonly ColdStartResult[];
  change?: readonly ChangeResult[];
  serve?: ServeResult;
  clean?: readonly CleanResult[];
  isolation?: IsolationResult;
}): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const pipeline = (size: number) => results.pipeline?.find((r) => r.size === size);
  const p10k = pipeline(10_000);
  if (p10k) {
    checks.push(check("pipeline 10k: cold scan", p10k.feedmill.coldMs, 900, "ms", "max"));
    checks.push(
      check("pipeline 10k: unchanged rescan", p10k.feedmill.unchangedMs, 150, "ms", "max"),
    );
  }
  const p100k = pipeline(100_000);
  if (p100k) {
    checks.push(check("pipeline 100k: peak RSS", p100k.feedmill.peakRssMb, 600, "MB", "max"));
  }
  const cold = (size: number) => results.coldStart?.find((r) => r.size === size);
  const c10k = cold(10_000)?.ratios;
  if (c10k) {
    checks.push(check("cold start 10k: feedmill / Hugo", c10k.readyToHugo, 0.5, "×", "max"));
    if (c10k.restartToHugo) {
      const restart = c10k.restartToHugo;
      checks.push(check("restart 10k (STATE_DIR): feedmill / Hugo", restart, 0.5, "×", "max"));
    }
  }
  const c50k = cold(50_000)?.ratios;
  if (c50k) {
    checks.push(check("cold start 50k: feedmill / Hugo", c50k.readyToHugo, 0.25, "×", "max"));
    if (c50k.restartToHugo) {
      const restart = c50k.restartToHugo;
      checks.push(check("restart 50k (STATE_DIR): feedmill / Hugo", restart, 0.25, "×", "max"));
    }
    checks.push(
      check("cold start 50k: peak RSS feedmill / Hugo", c50k.peakRssToHugo, 0.25, "×", "max"),
    );
  }
  const c100k = cold(100_000);
  if (c100k) {
    checks.push(check("cold start 100k: peak RSS", c100k.feedmill.peakRssMb, 600, "MB", "max"));
  }
  for (const change of results.change ?? []) {
    checks.push(
      check(
        `change ${change.size / 1000}k: write → new ETag, watching`,
        change.watchWriteToServedMs,
        50,
        "ms",
        "max",
      ),
    );
    checks.push(
      check(
        `change ${change.size / 1000}k: rescan start → new ETag`,
        change.scanStartToServedMs,
        50,
        "ms",
        "max",
      ),
    );
  }
  for (const serveCase of results.serve?.cases ?? []) {
    if (serveCase.name === "json-identity-200") continue;
    checks.push(
      check(
        `serve ${serveCase.name} @${serveCase.connections} (${serveCase.client}): feedmill / bare req/s`,
        serveCase.ratios.feedmillToBare,
        0.7,
        "×",
        "min",
      ),
    );
  }
  const isolation = results.isolation;
  if (isolation) {
    const one = (value: number) => summarize([value]);
    const label = `large articles ${isolation.size / 1000}k`;
    checks.push(check(`${label}: /rss.xml p99`, one(isolation.load.p99Ms), 50, "ms", "max"));
    checks.push(check(`${label}: /rss.xml max`, one(isolation.load.maxMs), 250, "ms", "max"));
    checks.push(
      check(`${label}: answers not 200/304`, one(isolation.load.unexpected), 0, "", "max"),
    );
    checks.push(check(`${label}: peak RSS`, one(isolation.peakRssMiB), 600, "MiB", "max"));
    checks.push(
      check(
        `${label}: slowest /rss.xml during an uncached large page`,
        one(isolation.uncachedPage.otherMaxMs),
        250,
        "ms",
        "max",
      ),
    );
  }
  checks.push(...cleanTargets(results.clean ?? []));
  return checks;
}

/** At least 10 MB/s on large bodies, and time per MB no worse at the largest size than at 1 MB. */
function cleanTargets(results: readonly CleanResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const format of ["html", "markdown"] as const) {
    const sizes = results.filter((r) => r.format === format).sort((a, b) => a.bytes - b.bytes);
    const largest = sizes[sizes.length - 1];
    const mid = sizes.find((r) => r.bytes >= 1e6 && r !== largest);
    if (!largest || largest.bytes < 1e6) continue;
    const mb = (largest.bytes / 1e6).toFixed(1);
    checks.push(check(`clean ${format} ${mb} MB`, largest.mbPerSecond, 10, "MB/s", "min"));
    if (mid) {
      const growth = summarize([mid.mbPerSecond.median / largest.mbPerSecond.median]);
      const label = `clean ${format}: ms per MB at ${mb} MB ÷ at ${(mid.bytes / 1e6).toFixed(1)} MB`;
      checks.push(check(label, growth, 1.5, "×", "max"));
    }
  }
  return checks;
}
