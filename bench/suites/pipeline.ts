import { childScript } from "../children.js";
import { ensureCorpus, pickFileToChange, restoreChangedFile, saveOriginal } from "../corpus.js";
import type { BenchOptions } from "../options.js";
import { DIST_DIR } from "../paths.js";
import { runJsonChild } from "../processes.js";
import { rotateForRun, type Summary, summarize, summarizeRatio } from "../stats.js";

interface RefreshRun {
  readonly articles: number;
  readonly coldMs: number;
  readonly unchangedMs: number;
  readonly oneChangedMs: number;
  readonly retainedHeapBytes: number;
  readonly peakRssBytes: number;
}

interface FloorRun {
  readonly files: number;
  readonly ms: number;
  readonly peakRssBytes: number;
}

/** Time and peak RSS of a reference process. */
export interface ReferenceFigures {
  readonly ms: Summary;
  readonly peakRssMb: Summary;
}

/** The pipeline figures of one corpus size. */
export interface PipelineResult {
  readonly size: number;
  readonly corpusMb: number;
  readonly articles: number;
  readonly feedmill: {
    readonly coldMs: Summary;
    readonly unchangedMs: Summary;
    readonly oneChangedMs: Summary;
    readonly peakRssMb: Summary;
    readonly retainedHeapMb: Summary;
  };
  readonly statFloor: ReferenceFigures;
  readonly readFloor: ReferenceFigures;
  readonly naive: ReferenceFigures;
  /** Paired per run: feedmill's figure over the reference's. */
  readonly ratios: {
    readonly coldToReadFloor: Summary;
    readonly coldToNaive: Summary;
    readonly unchangedToStatFloor: Summary;
    readonly oneChangedToStatFloor: Summary;
    readonly peakRssToNaive: Summary;
  };
}

const MB = 1e6;

function floor(mode: "stat" | "read", dir: string): Promise<FloorRun> {
  return runJsonChild<FloorRun>(process.execPath, [childScript("floor-child"), mode, dir]);
}

/** Run `refresh` cold, unchanged and after one edit, each run in a fresh process. */
async function feedmillRun(dir: string, changePath: string): Promise<RefreshRun> {
  saveOriginal(dir, changePath);
  try {
    return await runJsonChild<RefreshRun>(process.execPath, [
      "--expose-gc",
      childScript("refresh-child"),
      DIST_DIR,
      dir,
      changePath,
    ]);
  } finally {
    restoreChangedFile(dir);
  }
}

/**
 * Scan + parse + normalise, against the floors (stat everything, read everything) and the
 * naive gray-matter + `feed` script, all in fresh processes, interleaved run by run (in an
 * order rotated per run).
 */
export async function runPipeline(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<PipelineResult[]> {
  const results: PipelineResult[] = [];
  for (const size of options.sizes) {
    const corpus = await ensureCorpus(size, log);
    const changePath = await pickFileToChange(corpus.dir);
    // Untimed: bring the corpus into the page cache so that every run starts alike.
    await floor("read", corpus.dir);
    const runs: { feedmill: RefreshRun; stat: FloorRun; read: FloorRun; naive: FloorRun }[] = [];
    for (let run = 1; run <= options.runs; run++) {
      let stat: FloorRun | undefined;
      let read: FloorRun | undefined;
      let naive: FloorRun | undefined;
      let feedmill: RefreshRun | undefined;
      const steps = [
        async () => {
          stat = await floor("stat", corpus.dir);
        },
        async () => {
          read = await floor("read", corpus.dir);
        },
        async () => {
          naive = await runJsonChild<FloorRun>(process.execPath, [
            childScript("naive-child"),
            corpus.dir,
          ]);
        },
        async () => {
          feedmill = await feedmillRun(corpus.dir, changePath);
        },
      ];
      for (const step of rotateForRun(steps, run)) await step();
      if (!stat || !read || !naive || !feedmill) throw new Error("a pipeline step did not run");
      log(
        `pipeline ${size} run ${run}: cold ${feedmill.coldMs.toFixed(0)} ms, unchanged ` +
          `${feedmill.unchangedMs.toFixed(0)} ms, one changed ${feedmill.oneChangedMs.toFixed(0)} ms, ` +
          `peak ${(feedmill.peakRssBytes / MB).toFixed(0)} MB | stat ${stat.ms.toFixed(0)} ms, ` +
          `read ${read.ms.toFixed(0)} ms, naive ${naive.ms.toFixed(0)} ms / ${(naive.peakRssBytes / MB).toFixed(0)} MB`,
      );
      runs.push({ feedmill, stat, read, naive });
    }
    const pick = (f: (r: (typeof runs)[number]) => number) => runs.map(f);
    const reference = (f: (r: (typeof runs)[number]) => FloorRun): ReferenceFigures => ({
      ms: summarize(pick((r) => f(r).ms)),
      peakRssMb: summarize(pick((r) => f(r).peakRssBytes / MB)),
    });
    results.push({
      size,
      corpusMb: corpus.bytes / MB,
      articles: runs[0]?.feedmill.articles ?? 0,
      feedmill: {
        coldMs: summarize(pick((r) => r.feedmill.coldMs)),
        unchangedMs: summarize(pick((r) => r.feedmill.unchangedMs)),
        oneChangedMs: summarize(pick((r) => r.feedmill.oneChangedMs)),
        peakRssMb: summarize(pick((r) => r.feedmill.peakRssBytes / MB)),
        retainedHeapMb: summarize(pick((r) => r.feedmill.retainedHeapBytes / MB)),
      },
      statFloor: reference((r) => r.stat),
      readFloor: reference((r) => r.read),
      naive: reference((r) => r.naive),
      ratios: {
        coldToReadFloor: summarizeRatio(
          pick((r) => r.feedmill.coldMs),
          pick((r) => r.read.ms),
        ),
        coldToNaive: summarizeRatio(
          pick((r) => r.feedmill.coldMs),
          pick((r) => r.naive.ms),
        ),
        unchangedToStatFloor: summarizeRatio(
          pick((r) => r.feedmill.unchangedMs),
          pick((r) => r.stat.ms),
        ),
        oneChangedToStatFloor: summarizeRatio(
          pick((r) => r.feedmill.oneChangedMs),
          pick((r) => r.stat.ms),
        ),
        peakRssToNaive: summarizeRatio(
          pick((r) => r.feedmill.peakRssBytes),
          pick((r) => r.naive.peakRssBytes),
        ),
      },
    });
  }
  return results;
}
