// How fast a folder's files can be read, one at a time or N at a time (docs/benchmarks.md,
// "A first start from disk"). Drop the page cache first to read from disk:
//   sync; echo 1 > /proc/sys/vm/drop_caches; node bench/read-files.mjs <folder> sync|async [N]
import { promises as fsp, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [root, mode = "sync", n = "32"] = process.argv.slice(2);
if (!root) throw new Error("usage: node bench/read-files.mjs <folder> sync|async [N]");
const files = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
const started = performance.now();
if (mode === "sync") {
  for (const file of files) readFileSync(file);
} else {
  let next = 0;
  const reader = async () => {
    while (next < files.length) await fsp.readFile(files[next++]);
  };
  await Promise.all(Array.from({ length: Number(n) }, reader));
}
const at = mode === "sync" ? "one at a time" : `${n} at a time`;
console.log(`${files.length} files, ${at}: ${Math.round(performance.now() - started)} ms`);
