/**
 * Cleaning throughput in a fresh process: render one body file (HTML or Markdown) to safe HTML
 * with the built service's `renderBody`, once to warm up, then `iterations` times timed. Prints
 * one JSON line. Plain ESM after transpiling: it imports only Node built-ins and `dist/`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as RenderBodyModule from "../../src/core/clean/render-body.js";

const [distDir, format, bodyPath, iterationsText] = process.argv.slice(2) as [
  string,
  "html" | "markdown",
  string,
  string,
];

const dist = (file: string) => pathToFileURL(join(distDir, file)).href;
const module = (await import(dist("core/clean/render-body.js"))) as Partial<
  typeof RenderBodyModule
> &
  Pick<typeof RenderBodyModule, "renderBody">;
const config = JSON.parse(readFileSync(join(distDir, "..", "config", "default.json"), "utf8")) as {
  clean: { junkSelectors: string[] };
};
const body = readFileSync(bodyPath, "utf8");
const options = {
  baseUrl: "https://news.example.org/2024/harbour/",
  title: "Harbour Town Votes To Keep Its Night Ferry Running",
  junkSelectors: config.clean.junkSelectors,
};

// Builds from before the cleaning budget have only renderBody; they never truncate.
function render(): { html: string; truncated: boolean } {
  if (module.renderBodyWithBudget) return module.renderBodyWithBudget(body, format, options);
  return { html: module.renderBody(body, format, options), truncated: false };
}

const warm = render();
const ms: number[] = [];
const cpuMs: number[] = [];
for (let i = 0; i < Number(iterationsText); i++) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  render();
  ms.push(performance.now() - started);
  const used = process.cpuUsage(cpu);
  cpuMs.push((used.user + used.system) / 1000);
}
process.stdout.write(
  `${JSON.stringify({
    bytes: Buffer.byteLength(body),
    outputBytes: Buffer.byteLength(warm.html),
    truncated: warm.truncated,
    ms,
    cpuMs,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
