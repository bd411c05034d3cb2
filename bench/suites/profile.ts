import { mkdirSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { childScript } from "../children.js";
import { ensureCorpus, newArticlesDir, restoreCorpus } from "../corpus.js";
import {
  type HotFunction,
  type StageTime,
  stageTimes,
  summarizeCpuProfile,
} from "../cpu-profile.js";
import { createRandom, renderArticle } from "../generate-corpus.js";
import type { BenchOptions } from "../options.js";
import { DIST_DIR } from "../paths.js";
import { createTempDir, removeTempDir, runJsonChild } from "../processes.js";

/** Where the time goes in each step of the service, at one corpus size. */
export interface ProfileResult {
  readonly size: number;
  readonly phases: {
    phase: string;
    profiledMs: number;
    stages: StageTime[];
    top: HotFunction[];
  }[];
}

/** The service's stages, by function name, for the inclusive-time breakdown. */
const STAGES = [
  "scanContent",
  "listArticleFiles",
  "readSource",
  "updateCatalogue",
  "hashSource",
  "parseArticle",
  "normalizeArticle",
  "put",
  "createSnapshot",
  "selectArticles",
  "indexTags",
  "warmFeeds",
  "renderBody",
  "createRenderedDocument",
];

interface PhaseWindow {
  readonly phase: string;
  readonly fromUs: number;
  readonly toUs: number;
  readonly ms: number;
}

/**
 * CPU profiles of start-up, an unchanged rescan and a one-article rescan (each with the feed
 * rendering the service does before it swaps), cut from one `--cpu-prof` process by phase.
 * Not the timed figures: the profiler's own overhead inflates these times a little.
 */
export async function runProfiles(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<ProfileResult> {
  const corpus = await ensureCorpus(options.serveSize, log);
  const dir = createTempDir("profile");
  try {
    const article = join(dir, "new-article.html");
    const now = Date.now();
    writeFileSync(
      article,
      renderArticle(createRandom(1), {
        format: "html",
        title: "A profiled new article arrives",
        time: { seconds: Math.floor(now / 1000), fraction: 0 },
        bodyBytes: 8192,
      }),
    );
    mkdirSync(newArticlesDir(corpus.dir), { recursive: true });
    // The machine reclaims idle page cache: read the corpus once so that disk waits stay out.
    await runJsonChild(process.execPath, [childScript("floor-child"), "read", corpus.dir]);
    log(`profiling start-up and rescans at ${options.serveSize} articles …`);
    const profileDir = join(dir, "profile");
    const phases = await runJsonChild<PhaseWindow[]>(process.execPath, [
      "--cpu-prof",
      "--cpu-prof-dir",
      profileDir,
      childScript("profile-child"),
      DIST_DIR,
      corpus.dir,
      article,
      join(newArticlesDir(corpus.dir), "profiled.html"),
    ]);
    const [file] = (await readdir(profileDir)).filter((name) => name.endsWith(".cpuprofile"));
    if (!file) throw new Error("no CPU profile written");
    return {
      size: options.serveSize,
      phases: phases.map((p) => ({
        phase: p.phase,
        profiledMs: p.ms,
        stages: stageTimes(join(profileDir, file), STAGES, p),
        top: summarizeCpuProfile(join(profileDir, file), p),
      })),
    };
  } finally {
    restoreCorpus(corpus.dir);
    removeTempDir(dir);
  }
}
