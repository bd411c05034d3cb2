import { join } from "node:path";
import { childScript } from "../children.js";
import { ensureCorpus, ensureHugoCorpus } from "../corpus.js";
import { CRON_YEARLY, startFeedmill } from "../feedmill-process.js";
import { buildWithHugo, type HugoBuild, writeHugoSite } from "../hugo-site.js";
import type { BenchOptions } from "../options.js";
import { DIST_DIR } from "../paths.js";
import { createTempDir, removeTempDir, runJsonChild, runToCompletion } from "../processes.js";
import { rotateForRun, type Summary, summarize, summarizeRatio } from "../stats.js";

/** Cold start of one corpus size, and Hugo's build of it when Hugo runs at that size. */
export interface ColdStartResult {
  readonly size: number;
  readonly feedmill: { readonly readyMs: Summary; readonly peakRssMb: Summary };
  /** The same start with `STATE_DIR` holding the catalogue a previous run saved. */
  readonly restart?: { readonly readyMs: Summary; readonly peakRssMb: Summary };
  /** The floor of any start-up: `feedmill --version`, which loads everything (spawn → exit). */
  readonly importOnly: { readonly ms: Summary };
  readonly hugo?: {
    readonly ms: Summary;
    readonly peakRssMb: Summary;
    readonly rssItems: number;
  };
  /** Paired per run: feedmill over Hugo. */
  readonly ratios?: {
    readonly readyToHugo: Summary;
    readonly peakRssToHugo: Summary;
    readonly restartToHugo?: Summary;
  };
}

interface ColdRun {
  readonly readyMs: number;
  readonly peakRssBytes: number;
}

const MB = 1e6;

/**
 * Spawn → first 200 on `/rss.xml`, and the peak RSS just before stopping it. With `stateDir`,
 * a restart: the catalogue saved there by an earlier run is used and the folder only stat-ed.
 */
async function coldStart(contentDir: string, stateDir?: string): Promise<ColdRun> {
  const service = await startFeedmill({
    contentDir,
    scanCron: CRON_YEARLY,
    ...(stateDir ? { stateDir } : {}),
  });
  try {
    return { readyMs: service.readyAt - service.spawnedAt, peakRssBytes: service.peakRss() };
  } finally {
    await service.stop();
  }
}

/** Spawn → exit of the shipped command doing nothing but load (`dist/cli.js`, one bundle). */
async function importOnly(): Promise<number> {
  const run = await runToCompletion(process.execPath, [join(DIST_DIR, "cli.js"), "--version"]);
  if (run.code !== 0) throw new Error(`feedmill --version exited with ${run.code}: ${run.stderr}`);
  return run.wallMs;
}

/** Untimed: read every file once, so that both contenders start from a warm page cache. */
async function warmPageCache(dir: string): Promise<void> {
  await runJsonChild(process.execPath, [childScript("floor-child"), "read", dir]);
}

/** feedmill's cold start against Hugo building the same corpus, interleaved run by run. */
export async function runColdStart(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<ColdStartResult[]> {
  const sizes = [...new Set([...options.sizes, ...options.hugoSizes])].sort((a, b) => a - b);
  const results: ColdStartResult[] = [];
  for (const size of sizes) {
    const corpus = await ensureCorpus(size, log);
    const withHugo = options.hugoSizes.includes(size);
    const siteDir = withHugo ? createTempDir("hugo") : undefined;
    const stateDir = createTempDir("state");
    try {
      // Untimed: a run that saves the catalogue (at its shutdown) for the timed restarts.
      await coldStart(corpus.dir, stateDir);
      if (siteDir) {
        const hugoCorpus = await ensureHugoCorpus(corpus, log);
        writeHugoSite(siteDir, hugoCorpus.dir);
        await warmPageCache(hugoCorpus.dir);
      }
      await warmPageCache(corpus.dir);
      const feedmill: ColdRun[] = [];
      const restarts: ColdRun[] = [];
      const imports: number[] = [];
      const hugo: HugoBuild[] = [];
      for (let run = 1; run <= options.runs; run++) {
        const parts: string[] = [];
        const steps = [
          async () => {
            const ours = await coldStart(corpus.dir);
            feedmill.push(ours);
            imports.push(await importOnly());
            parts.push(
              `feedmill ${ours.readyMs.toFixed(0)} ms / ${(ours.peakRssBytes / MB).toFixed(0)} MB`,
            );
          },
          async () => {
            const restart = await coldStart(corpus.dir, stateDir);
            restarts.push(restart);
            parts.push(
              `restart ${restart.readyMs.toFixed(0)} ms / ${(restart.peakRssBytes / MB).toFixed(0)} MB`,
            );
          },
          async () => {
            if (!siteDir) return;
            const build = await buildWithHugo(siteDir);
            if (build.rssItems !== 20) throw new Error(`Hugo's feed has ${build.rssItems} items`);
            hugo.push(build);
            parts.push(
              `hugo ${build.ms.toFixed(0)} ms / ${(build.peakRssBytes / MB).toFixed(0)} MB`,
            );
          },
        ];
        for (const step of rotateForRun(steps, run)) await step();
        const line = `cold start ${size} run ${run}: ${parts.join(" | ")}`;
        log(line);
      }
      results.push({
        size,
        feedmill: {
          readyMs: summarize(feedmill.map((r) => r.readyMs)),
          peakRssMb: summarize(feedmill.map((r) => r.peakRssBytes / MB)),
        },
        restart: {
          readyMs: summarize(restarts.map((r) => r.readyMs)),
          peakRssMb: summarize(restarts.map((r) => r.peakRssBytes / MB)),
        },
        importOnly: {
          ms: summarize(imports),
        },
        ...(siteDir
          ? {
              hugo: {
                ms: summarize(hugo.map((r) => r.ms)),
                peakRssMb: summarize(hugo.map((r) => r.peakRssBytes / MB)),
                rssItems: hugo[0]?.rssItems ?? 0,
              },
              ratios: {
                readyToHugo: summarizeRatio(
                  feedmill.map((r) => r.readyMs),
                  hugo.map((r) => r.ms),
                ),
                peakRssToHugo: summarizeRatio(
                  feedmill.map((r) => r.peakRssBytes),
                  hugo.map((r) => r.peakRssBytes),
                ),
                restartToHugo: summarizeRatio(
                  restarts.map((r) => r.readyMs),
                  hugo.map((r) => r.ms),
                ),
              },
            }
          : {}),
      });
    } finally {
      if (siteDir) removeTempDir(siteDir);
      removeTempDir(stateDir);
    }
  }
  return results;
}
