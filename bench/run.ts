import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";
import { compileChildren, snapshotBuild } from "./children.js";
import { hugoVersion } from "./hugo-site.js";
import { nginxVersion } from "./nginx.js";
import { parseBenchOptions } from "./options.js";
import { BENCH_DIR, REPO_DIR, SOURCE_DIST_DIR } from "./paths.js";
import { installCleanup, runToCompletion } from "./processes.js";
import { type BenchResults, renderReport } from "./report.js";
import { runChange } from "./suites/change.js";
import { runCleaning } from "./suites/clean.js";
import { runColdStart } from "./suites/cold-start.js";
import { runIsolation } from "./suites/isolation.js";
import { runPipeline } from "./suites/pipeline.js";
import { runProfiles } from "./suites/profile.js";
import { runServe } from "./suites/serve.js";
import { checkTargets } from "./targets.js";
import { ensureTools } from "./tools.js";

const started = performance.now();

/** Progress on stderr, with minutes elapsed, so stdout is the report alone. */
function log(line: string): void {
  const minutes = ((performance.now() - started) / 60_000).toFixed(1).padStart(5);
  process.stderr.write(`[${minutes} min] ${line}\n`);
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
}

/** Which source was measured: the commit, and whether `src/` had uncommitted changes. */
async function sourceRevision(): Promise<Record<string, unknown>> {
  const head = await runToCompletion("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_DIR });
  const dirty = await runToCompletion("git", ["status", "--porcelain", "src"], { cwd: REPO_DIR });
  return {
    commit: head.stdout.trim(),
    srcModified: dirty.stdout.trim().length > 0,
    dist: SOURCE_DIST_DIR,
  };
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  installCleanup();
  ensureTools(log);
  snapshotBuild();
  compileChildren();
  const startedAt = new Date().toISOString();
  const machine: Record<string, unknown> = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    hugo: await hugoVersion(),
    nginx: await nginxVersion(),
    ...(await sourceRevision()),
    loadAverageAtStart: load(),
  };
  log(`${options.name}: ${JSON.stringify(options)}; load average ${load()}`);
  const has = (suite: (typeof options.suites)[number]) => options.suites.includes(suite);
  const pipeline = has("pipeline") ? await runPipeline(options, log) : undefined;
  const coldStart = has("hugo") ? await runColdStart(options, log) : undefined;
  const change = has("change") ? await runChange(options, log) : undefined;
  const serve = has("serve") ? await runServe(options, log) : undefined;
  const isolation = has("isolation") ? await runIsolation(options, log) : undefined;
  const profile = has("profile") ? await runProfiles(options, log) : undefined;
  const clean = has("clean") ? await runCleaning(options, log) : undefined;
  machine.loadAverageAtEnd = load();
  const measured = {
    ...(pipeline ? { pipeline } : {}),
    ...(coldStart ? { coldStart } : {}),
    ...(change ? { change } : {}),
    ...(serve ? { serve } : {}),
    ...(isolation ? { isolation } : {}),
    ...(clean ? { clean } : {}),
  };
  const results: BenchResults = {
    name: options.name,
    startedAt,
    wallSeconds: (performance.now() - started) / 1000,
    options,
    machine,
    ...measured,
    ...(profile ? { profile } : {}),
    targets: checkTargets(measured),
  };
  const dir = join(BENCH_DIR, "results");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${options.name}.json`);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  process.stdout.write(renderReport(results));
  log(`wrote ${path}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
