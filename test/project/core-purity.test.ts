import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const CORE = join(ROOT, "src/core");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

// The pure core turns data into strings: the disk, the network, the framework, the schedule,
// the environment and the clock are the edges' business, passed in as arguments.
const FORBIDDEN: readonly [string, RegExp][] = [
  ["an I/O module", /from "node:(fs|fs\/promises|http|https|net|child_process|worker_threads)"/],
  ["an edge library", /from "(express|node-cron|pino|prom-client)"/],
  [
    "an edge of feedmill",
    /from "\.\.\/+(\.\.\/)*(content|catalogue|state|publish|http|engine|push|metrics)\//,
  ],
  ["the clock", /\bDate\.now\(|\bnew Date\(\)|performance\.now\(/],
  ["the environment", /\bprocess\.(env|cwd)\b/],
];

describe("src/core", () => {
  it.each(sources(CORE).map((file) => [relative(ROOT, file), file]))(
    "%s reads no disk, clock or environment",
    (_name, file) => {
      const text = readFileSync(file, "utf8");
      const found = FORBIDDEN.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
      expect(found).toEqual([]);
    },
  );
});
