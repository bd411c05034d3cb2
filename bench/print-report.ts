import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_DIR } from "./paths.js";
import { type BenchResults, renderReport } from "./report.js";

/** `tsx bench/print-report.ts [name]`: print the tables of `bench/results/<name>.json` again. */
const name = process.argv[2] ?? "full";
const results = JSON.parse(
  readFileSync(join(BENCH_DIR, "results", `${name}.json`), "utf8"),
) as BenchResults;
process.stdout.write(renderReport(results));
