import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The bench folder. */
export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const REPO_DIR = dirname(BENCH_DIR);

/**
 * The built service that every benchmark measures (`npm run build`). `FEEDMILL_DIST` points
 * at another build instead, e.g. one of an older commit, to compare the two.
 */
export const DIST_DIR = process.env.FEEDMILL_DIST
  ? resolve(process.env.FEEDMILL_DIST)
  : join(REPO_DIR, "dist");
