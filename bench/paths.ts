import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The bench folder. */
export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const REPO_DIR = dirname(BENCH_DIR);

/** Generated files of a bench run (gitignored): compiled children, the build under test. */
export const BUILD_DIR = join(BENCH_DIR, ".build");

/**
 * The build to measure (`npm run build`). `FEEDMILL_DIST` points at another one instead, e.g.
 * one of an older commit, to compare the two; its package root is the folder above it.
 */
export const SOURCE_DIST_DIR = process.env.FEEDMILL_DIST
  ? resolve(process.env.FEEDMILL_DIST)
  : join(REPO_DIR, "dist");

/** The copy of that build every benchmark runs (see `snapshotBuild`). */
export const DIST_DIR = join(BUILD_DIR, "package", "dist");
