import { type Logger, pino } from "pino";

/** JSON logs on stdout (or the given stream), one line per event. */
export function createLogger(level: string, stream?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { service: "feedmill" } }, stream ?? process.stdout);
}

export type { Logger };
