import { setFlagsFromString } from "node:v8";

/**
 * Let a heap grow by at most half between full collections instead of V8's default of up to
 * four times: cleaning a few large bodies in a row otherwise leaves their garbage in RSS.
 * Process-wide, and read at every collection. `serve` sets it once its first snapshot is live:
 * a cold scan's heap only grows, and collecting it at every half slows a start (docs/benchmarks.md).
 */
export function limitHeapGrowth(): void {
  setFlagsFromString("--heap-growing-percent=50");
}
