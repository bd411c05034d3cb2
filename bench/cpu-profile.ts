import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { REPO_DIR } from "./paths.js";

/** One row of a profile's self-time table. */
export interface HotFunction {
  readonly name: string;
  /** `file:line`, relative to the repository when it is inside it. */
  readonly location: string;
  readonly selfMs: number;
  /** Share of all samples, idle and GC included. */
  readonly selfPercent: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface CpuProfile {
  readonly startTime: number;
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A stretch of a profile, in microseconds of the monotonic clock (`process.hrtime`). */
export interface ProfileWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

/** Now on the clock V8 stamps its profiles with (CLOCK_MONOTONIC, µs), so windows can be cut. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Self time per function of a V8 `.cpuprofile` (from `node --cpu-prof`), largest first,
 * counting only the samples inside `window` when one is given.
 */
export function summarizeCpuProfile(path: string, window?: ProfileWindow, top = 15): HotFunction[] {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, { name: string; location: string; us: number }>();
  let totalUs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const frame = byNode.get(id)?.callFrame;
    if (!frame) return;
    totalUs += delta;
    const file = frame.url.replace(/^file:\/\//, "");
    const location = file
      ? `${file.startsWith(REPO_DIR) ? relative(REPO_DIR, file) : file}:${frame.lineNumber + 1}`
      : "";
    const name = frame.functionName || "(anonymous)";
    const key = `${name}\0${location}`;
    const entry = selfUs.get(key) ?? { name, location, us: 0 };
    entry.us += delta;
    selfUs.set(key, entry);
  });
  return [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((entry) => ({
      name: entry.name,
      location: entry.location,
      selfMs: Math.round(entry.us / 100) / 10,
      selfPercent: Math.round((entry.us / totalUs) * 1000) / 10,
    }));
}
