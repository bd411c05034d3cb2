import type { MediaRefusal } from "../content/open-media.js";

/** One media file that was asked for and refused; `path` is relative to the content folder. */
export interface MediaProblem {
  readonly path: string;
  readonly reason: MediaRefusal;
  /** When it was last asked for (ISO 8601). */
  readonly lastSeen: string;
}

export interface MediaProblems {
  /** True when the path was not already reported for this reason. */
  report(path: string, reason: MediaRefusal): boolean;
  /** The file was served, or is gone: it is no longer a problem. */
  clear(path: string): void;
  list(): readonly MediaProblem[];
}

const MAX_PROBLEMS = 100;
const FORGET_AFTER_MS = 60 * 60 * 1000;

/**
 * The media refused lately, for `/healthz`: bounded (the oldest reports go first) and forgotten
 * an hour after the last request for them, since nothing rescans media.
 */
export function createMediaProblems(now: () => number = Date.now): MediaProblems {
  const problems = new Map<string, { reason: MediaRefusal; at: number }>();
  return {
    report(path, reason) {
      const fresh = problems.get(path)?.reason !== reason;
      problems.delete(path);
      problems.set(path, { reason, at: now() });
      for (const oldest of problems.keys()) {
        if (problems.size <= MAX_PROBLEMS) break;
        problems.delete(oldest);
      }
      return fresh;
    },
    clear(path) {
      problems.delete(path);
    },
    list() {
      const since = now() - FORGET_AFTER_MS;
      for (const [path, { at }] of problems) if (at < since) problems.delete(path);
      return [...problems].map(([path, { reason, at }]) => ({
        path,
        reason,
        lastSeen: new Date(at).toISOString(),
      }));
    },
  };
}
