#!/usr/bin/env node
import { EarlyEngine, newEngineData } from "./engine/early-engine.js";
import { limitHeapGrowth } from "./heap-growth.js";

// `serve` starts the engine's thread first, and on its first scan as soon as the config is read:
// the command's own code (a separate file) loads meanwhile. From TypeScript there is no bundle.
const command = process.argv[2];
const serving = command === undefined || command === "serve";
// `serve` limits heap growth once its first scan is live (the engine's thread does).
if (!serving) limitHeapGrowth();
const early =
  serving && !import.meta.url.endsWith(".ts")
    ? new EarlyEngine(new URL("./engine-worker.js", import.meta.url))
    : undefined;
if (early) {
  const { loadConfig } = await import("./config.js");
  const result = loadConfig();
  // An invalid config is the command's to report.
  if (result.ok) early.start(newEngineData(result.config, 1));
}
const { runCommands } = await import("./commands.js");
runCommands(process.argv, early);
