/**
 * One pipeline run in a fresh process (started with --expose-gc): cold refresh, unchanged
 * rescan, rescan after one file is rewritten. Prints one JSON line. Plain ESM after
 * transpiling: it imports only Node built-ins and the built service (`dist/`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as RefreshModule from "../../src/catalogue/refresh.js";
import type * as SourceStoreModule from "../../src/content/source-store.js";

const [distDir, contentDir, changePath] = process.argv.slice(2) as [string, string, string];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const dist = (file: string) => pathToFileURL(join(distDir, file)).href;
const { INITIAL_STATE, refresh } = (await import(
  dist("catalogue/refresh.js")
)) as typeof RefreshModule;
const { createPackSourceStore } = (await import(
  dist("content/source-store.js")
)) as typeof SourceStoreModule;

const store = createPackSourceStore();
const deps: RefreshModule.RefreshDeps = {
  contentDir,
  maxFileBytes: 5 * 1024 * 1024,
  baseUrl: "http://127.0.0.1:3000",
  idPrefix: null,
  store,
  now: Date.now,
};

try {
  let started = performance.now();
  const cold = await refresh(INITIAL_STATE, deps);
  const coldMs = performance.now() - started;
  gc();
  const retainedHeap = process.memoryUsage().heapUsed;

  started = performance.now();
  const unchanged = await refresh(cold, deps);
  const unchangedMs = performance.now() - started;
  if (unchanged.snapshot !== cold.snapshot) throw new Error("unchanged rescan made a new snapshot");
  gc();

  // An edit to the body: new bytes, new size, new mtime; the parent restores the file.
  const original = readFileSync(changePath);
  writeFileSync(changePath, Buffer.concat([original, Buffer.from("\n<p>Edited.</p>\n")]));
  started = performance.now();
  const changed = await refresh(unchanged, deps);
  const oneChangedMs = performance.now() - started;
  if (changed.report.read !== 1 || changed.report.changed !== 1) {
    throw new Error(
      `one-file rescan read ${changed.report.read}, changed ${changed.report.changed}`,
    );
  }

  process.stdout.write(
    `${JSON.stringify({
      articles: cold.snapshot.articles.length,
      errors: cold.snapshot.errors.length,
      coldMs,
      unchangedMs,
      oneChangedMs,
      retainedHeapBytes: retainedHeap,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    })}\n`,
  );
} finally {
  store.close();
}
