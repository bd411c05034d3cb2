/**
 * A reference floor in a fresh process: walk the folder and `stat` (mode `stat`) or read
 * (mode `read`) every file, nothing else. Prints one JSON line.
 */
import { type Dirent, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const [mode, root] = process.argv.slice(2) as ["stat" | "read", string];

const started = performance.now();
let files = 0;
let bytes = 0;
const pending = [root];
while (pending.length > 0) {
  const dir = pending.pop() as string;
  const entries: Dirent[] = readdirSync(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      pending.push(path);
      continue;
    }
    files += 1;
    bytes += mode === "stat" ? statSync(path).size : readFileSync(path).length;
  }
}
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ files, bytes, ms, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
