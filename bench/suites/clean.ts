import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { childScript } from "../children.js";
import { generateHtmlBody, generateMarkdownBody } from "../clean-bodies.js";
import type { BenchOptions } from "../options.js";
import { DIST_DIR } from "../paths.js";
import { createTempDir, removeTempDir, runJsonChild } from "../processes.js";
import { type Summary, summarize } from "../stats.js";

interface CleanRun {
  readonly bytes: number;
  readonly outputBytes: number;
  readonly truncated: boolean;
  readonly ms: readonly number[];
  readonly cpuMs: readonly number[];
  readonly peakRssBytes: number;
}

/** Body → safe HTML for one format and size: throughput over every timed iteration. */
export interface CleanResult {
  readonly format: "html" | "markdown";
  readonly bytes: number;
  readonly outputBytes: number;
  readonly truncated: boolean;
  readonly ms: Summary;
  readonly mbPerSecond: Summary;
  /** Per second of CPU time (the garbage collector's threads included): steadier on a busy machine. */
  readonly mbPerCpuSecond: Summary;
  /** Peak RSS of the process that cleaned the body (Node's own ~45 MB included). */
  readonly peakRssMb: Summary;
}

const MB = 1e6;

/**
 * `renderBody` on generated scraped-news HTML and Markdown of each size, each run in a fresh
 * process (one warm-up, then timed iterations), so peak RSS is that size's alone.
 */
export async function runCleaning(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<CleanResult[]> {
  const dir = createTempDir("clean");
  const iterations = options.quick ? 2 : 5;
  const results: CleanResult[] = [];
  try {
    for (const format of ["html", "markdown"] as const) {
      for (const bytes of options.cleanSizes) {
        const path = join(dir, `${format}-${bytes}.txt`);
        const body = format === "html" ? generateHtmlBody(bytes) : generateMarkdownBody(bytes);
        writeFileSync(path, body);
        const runs: CleanRun[] = [];
        for (let run = 0; run < options.runs; run++) {
          runs.push(
            await runJsonChild<CleanRun>(process.execPath, [
              childScript("clean-child"),
              DIST_DIR,
              format,
              path,
              String(iterations),
            ]),
          );
        }
        const result = summarizeRuns(format, runs);
        log(
          `clean ${format} ${bytes / MB} MB: ${result.mbPerSecond.median.toFixed(1)} MB/s, peak RSS ${result.peakRssMb.median.toFixed(0)} MB`,
        );
        results.push(result);
      }
    }
  } finally {
    removeTempDir(dir);
  }
  return results;
}

function summarizeRuns(format: "html" | "markdown", runs: readonly CleanRun[]): CleanResult {
  const first = runs[0] as CleanRun;
  const ms = runs.flatMap((run) => run.ms);
  return {
    format,
    bytes: first.bytes,
    outputBytes: first.outputBytes,
    truncated: runs.some((run) => run.truncated),
    ms: summarize(ms),
    mbPerSecond: summarize(ms.map((value) => first.bytes / MB / (value / 1000))),
    mbPerCpuSecond: summarize(
      runs.flatMap((run) => run.cpuMs).map((value) => first.bytes / MB / (value / 1000)),
    ),
    peakRssMb: summarize(runs.map((run) => run.peakRssBytes / MB)),
  };
}
