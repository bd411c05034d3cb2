import { monitorEventLoopDelay } from "node:perf_hooks";

/** Event-loop delay of one thread over a window, in seconds. */
export interface LoopDelay {
  readonly max: number;
  readonly p99: number;
  readonly mean: number;
}

const RESOLUTION_MS = 5;

/**
 * Watch this thread's event loop. `take()` gives the delay since the last take and starts a new
 * window. The histogram records whole timer intervals, so the timer's own period is taken off.
 */
export function watchLoopDelay(): { take(): LoopDelay; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const late = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS) / 1000;
  return {
    take() {
      const delay =
        histogram.count > 0
          ? {
              max: late(histogram.max),
              p99: late(histogram.percentile(99)),
              mean: late(histogram.mean),
            }
          : { max: 0, p99: 0, mean: 0 };
      histogram.reset();
      return delay;
    },
    stop: () => histogram.disable(),
  };
}
