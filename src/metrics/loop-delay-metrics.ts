import { Gauge, type Registry } from "prom-client";
import { type LoopDelay, watchLoopDelay } from "./loop-delay.js";

/**
 * `feedmill_event_loop_delay_seconds{thread,stat}`: how late the serving thread's event loop
 * ran since the last scrape (`thread="main"`: max, p99, mean), and the content engine's over its
 * last reported window (`thread="engine"`). A long delay on "main" is a request kept waiting.
 * Returns a stop function.
 */
export function registerLoopDelayMetrics(
  registry: Registry,
  engine: () => LoopDelay | null,
): () => void {
  const main = watchLoopDelay();
  new Gauge({
    name: "feedmill_event_loop_delay_seconds",
    help: "Event-loop delay by thread (main: since the last scrape; engine: its last window)",
    labelNames: ["thread", "stat"],
    registers: [registry],
    collect() {
      for (const [thread, delay] of [
        ["main", main.take()],
        ["engine", engine()],
      ] as const) {
        if (!delay) continue;
        for (const stat of ["max", "p99", "mean"] as const) this.set({ thread, stat }, delay[stat]);
      }
    },
  });
  return main.stop;
}
