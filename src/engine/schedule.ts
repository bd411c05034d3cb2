import { createTask, schedule } from "node-cron";
import type { Logger } from "../log.js";

/**
 * Run `task` on a cron schedule, logging its failures and ticking on whatever it does (its own
 * single-flight guard prevents overlap). Returns a stop function.
 */
export function startSchedule(expression: string, task: () => Promise<unknown>, logger: Logger) {
  const job = schedule(
    expression,
    async () => {
      try {
        await task();
      } catch (error) {
        logger.error({ err: error }, "scheduled rescan failed; serving the previous state");
      }
    },
    { name: "rescan", noOverlap: true, logger: silentCronLogger(logger) },
  );
  return async (): Promise<void> => {
    await job.stop();
    await job.destroy();
  };
}

/** node-cron's own chatter (missed executions under load) goes to debug, not stderr. */
function silentCronLogger(logger: Logger) {
  return {
    info: (message: string) => logger.debug({ cron: true }, message),
    warn: (message: string) => logger.debug({ cron: true }, message),
    error: (message: string | Error) => logger.warn({ cron: true, err: message }, "cron error"),
    debug: (message: string | Error) => logger.trace({ cron: true, err: message }, "cron"),
  };
}

/** The shortest time between two runs of a cron schedule, in seconds (over its next runs). */
export function scanIntervalSeconds(expression: string): number {
  const task = createTask(expression, () => {});
  try {
    const runs = task.getNextRuns(32).map((date) => date.getTime());
    let shortest = Number.POSITIVE_INFINITY;
    for (let i = 1; i < runs.length; i++) {
      shortest = Math.min(shortest, (runs[i] as number) - (runs[i - 1] as number));
    }
    return Number.isFinite(shortest) ? Math.round(shortest / 1000) : 0;
  } finally {
    void task.destroy();
  }
}
