/**
 * The start-up floor: a fresh process that only imports the service's entry module (every
 * dependency it loads) and exits. Prints one JSON line with the import time and peak RSS.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [distDir] = process.argv.slice(2) as [string];
const started = performance.now();
await import(pathToFileURL(join(distDir, "main.js")).href);
const importMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({
    importMs,
    sinceProcessStartMs: performance.now(),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
