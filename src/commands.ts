import { resolve } from "node:path";
import { Command } from "commander";
import { buildSite } from "./build-static.js";
import { INITIAL_STATE, refresh, refreshDepsOf } from "./catalogue/refresh.js";
import { readPackageVersion } from "./config.js";
import { createMemorySourceStore } from "./content/source-store.js";
import type { EarlyEngine } from "./engine/early-engine.js";
import { checkPodcast } from "./podcast/check-podcast.js";
import { loadConfigOrExit, serve } from "./server.js";

/** A one-line progress display on a terminal; silent when output is piped. */
function progress(label: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done !== total && now - last < 100) return;
    last = now;
    process.stderr.write(`\r${label} ${done}/${total}${done === total ? "\n" : ""}`);
  };
}

/** `feedmill build`: every document as a static file. */
async function buildCommand(options: { out: string }): Promise<void> {
  const config = loadConfigOrExit();
  const out = resolve(options.out);
  const summary = await buildSite(config, out, progress("rendering"));
  process.stdout.write(
    `wrote ${summary.documents} documents (${summary.bytes} bytes) and ${summary.media} media files to ${out}\n`,
  );
  if (summary.errors > 0) {
    process.stderr.write(`${summary.errors} file(s) with errors left out; run 'feedmill check'\n`);
  }
}

/** `feedmill check`: one line per problem, exit code 1 if any. */
async function checkCommand(): Promise<void> {
  const config = loadConfigOrExit();
  const store = createMemorySourceStore();
  const { snapshot } = await refresh(
    INITIAL_STATE,
    refreshDepsOf(config, store, Date.now, progress("checking")),
  );
  for (const error of snapshot.errors) {
    const line = error.line === undefined ? "" : `:${error.line}`;
    process.stdout.write(`${error.path}${line}: ${error.code}: ${error.reason}\n`);
  }
  for (const warning of [
    ...(snapshot.tagWarning ? [snapshot.tagWarning] : []),
    ...snapshot.warnings,
  ]) {
    process.stderr.write(`${warning.path}: warning: ${warning.code}: ${warning.reason}\n`);
  }
  const podcast = await checkPodcast(config, snapshot.articles);
  for (const problem of podcast) {
    const line = `${problem.path}: ${problem.note ? "note: " : ""}${problem.code}: ${problem.reason}\n`;
    (problem.note ? process.stderr : process.stdout).write(line);
  }
  const podcastErrors = podcast.filter((problem) => !problem.note).length;
  process.stderr.write(
    `${snapshot.articles.length} articles live, ${snapshot.errors.length} file(s) with errors, ${podcastErrors} podcast problem(s)\n`,
  );
  process.exitCode = snapshot.errors.length + podcastErrors > 0 ? 1 : 0;
}

/** The `feedmill` command; `serve` takes over the engine's thread if `cli.ts` started one. */
export function runCommands(argv: readonly string[], early?: EarlyEngine): void {
  const program = new Command()
    .name("feedmill")
    .description("Serve a folder of articles as RSS 2.0, Atom 1.0 and JSON Feed 1.1.")
    .version(readPackageVersion());
  program
    .command("serve", { isDefault: true })
    .description("serve the feeds, pages and media over HTTP, rescanning on SCAN_CRON")
    .action(() => serve(early));
  program
    .command("build")
    .description("write every feed and page as static files, byte-identical to what serve sends")
    .requiredOption("--out <dir>", "output folder (replaced)")
    .action(buildCommand);
  program
    .command("check")
    .description(
      "lint the content folder and Apple Podcasts' rules: one line per problem, exit 1 if any",
    )
    .action(checkCommand);
  program.parseAsync([...argv]).catch((error: Error) => {
    process.stderr.write(`feedmill: ${error.message}\n`);
    process.exit(1);
  });
}
