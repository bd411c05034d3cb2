/**
 * `prepare` and `npm start` (scripts/start.mjs): build dist/ only when it is missing or older
 * than what it is built from, and only when the build tools (dev dependencies) are installed.
 * Required (start), it fails when there is no dist/ and nothing to build it with; `prepare`
 * then just says so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
// What `npm run build` bundles last; dist/ is as old as the oldest of them.
const BUNDLES = ["cli.js", "commands.js", "config.js", "engine-worker.js"].map((name) =>
  join(ROOT, "dist", name),
);
// The config folder is read at start, not built in, so it is not a build input.
const INPUTS = [
  "src",
  "scripts",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function hasBuildTools() {
  const require = createRequire(join(ROOT, "package.json"));
  try {
    require.resolve("typescript/package.json");
    require.resolve("esbuild/package.json");
    return true;
  } catch {
    return false;
  }
}

/** 0 when dist/ is current (built now if need be), else the exit status to stop with. */
export function buildIfStale({ required }) {
  const built = Math.min(...BUNDLES.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  const sources = Math.max(...INPUTS.map((input) => newestMtime(join(ROOT, input))));
  if (built >= sources) return 0;

  if (!hasBuildTools()) {
    if (built > 0) {
      console.warn(
        "feedmill: dist/ is older than src/, but the build tools are not installed; " +
          "starting the existing build.",
      );
      return 0;
    }
    const message =
      "feedmill: dist/ is missing and the build tools are not installed (npm ci --omit=dev): " +
      "run `npm ci && npm run build` first, or install the published package, which ships dist/.";
    console[required ? "error" : "warn"](message);
    return required ? 1 : 0;
  }

  // npm_execpath is the npm running this script; fall back to the one on PATH.
  const npm = process.env.npm_execpath;
  const run = npm
    ? spawnSync(process.execPath, [npm, "run", "build"], { cwd: ROOT, stdio: "inherit" })
    : spawnSync("npm", ["run", "build"], {
        cwd: ROOT,
        stdio: "inherit",
        shell: process.platform === "win32",
      });
  return run.status ?? 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exit(buildIfStale({ required: process.argv.includes("--require") }));
}
