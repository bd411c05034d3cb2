import { readFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { DIST_DIR, REPO_DIR } from "./paths.js";

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

/** `dist/…` for the build under test, repository-relative for the rest of the repository. */
function shortPath(file: string): string {
  const packageRoot = dirname(DIST_DIR);
  if (file.startsWith(`${packageRoot}/`)) return relative(packageRoot, file);
  if (file.startsWith(`${REPO_DIR}/`)) return relative(REPO_DIR, file);
  return file;
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

/** The samples of `profile` (node id and its time in µs) that fall inside `window`, if given. */
function* samplesIn(
  profile: CpuProfile,
  window?: ProfileWindow,
): Generator<{ readonly id: number; readonly delta: number }> {
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    yield { id: profile.samples[i] as number, delta };
  }
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
  for (const { id, delta } of samplesIn(profile, window)) {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) continue;
    totalUs += delta;
    const file = frame.url.replace(/^file:\/\//, "");
    const location = file ? `${shortPath(file)}:${frame.lineNumber + 1}` : "";
    const name = frame.functionName || "(anonymous)";
    const key = `${name}\0${location}`;
    const entry = selfUs.get(key) ?? { name, location, us: 0 };
    entry.us += delta;
    selfUs.set(key, entry);
  }
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

/** Time spent inside a function, callees included. */
export interface StageTime {
  readonly name: string;
  readonly ms: number;
  /** Share of all samples in the window. */
  readonly percent: number;
}

/**
 * Inclusive time of the named functions (anywhere on the stack) within `window`: a breakdown
 * by pipeline stage. Stages may nest, so the shares need not add up to 100.
 */
export function stageTimes(
  path: string,
  names: readonly string[],
  window?: ProfileWindow,
): StageTime[] {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile & {
    readonly nodes: readonly (ProfileNode & { readonly children?: readonly number[] })[];
  };
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const wanted = new Set(names);
  const inclusive = new Map<string, number>();
  let totalUs = 0;
  for (const { id, delta } of samplesIn(profile, window)) {
    totalUs += delta;
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const name = byNode.get(node)?.callFrame.functionName ?? "";
      if (wanted.has(name)) seen.add(name);
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + delta);
  }
  return names
    .filter((name) => inclusive.has(name))
    .map((name) => {
      const us = inclusive.get(name) ?? 0;
      return {
        name,
        ms: Math.round(us / 100) / 10,
        percent: Math.round((us / totalUs) * 1000) / 10,
      };
    });
}
