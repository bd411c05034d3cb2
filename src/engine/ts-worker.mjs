// Starts the engine from its TypeScript source (tests, `tsx`): the build starts the compiled
// engine-worker.js directly, and never loads this file.
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.entry, import.meta.url);
