import type { LoadClient, LoadRun } from "../load-clients.js";
import { runLoad } from "../load-clients.js";
import type { BenchOptions } from "../options.js";
import { readCpuSeconds } from "../processes.js";
import { type Summary, summarize } from "../stats.js";

/** The requests measured; the 304 case sends each server's own ETag for the document. */
export const SERVE_CASES = [
  { name: "rss-gzip-200", path: "/rss.xml", gzip: true, conditional: false, status: 200 },
  { name: "json-identity-200", path: "/feed.json", gzip: false, conditional: false, status: 200 },
  { name: "rss-304", path: "/rss.xml", gzip: true, conditional: true, status: 304 },
] as const;

export type ServeCase = (typeof SERVE_CASES)[number];
export type CaseName = ServeCase["name"];
export const SERVERS = ["feedmill", "bare", "nginx"] as const;
export type ServerName = (typeof SERVERS)[number];

/** The cases with a target; wrk cross-checks these. */
export const TARGET_CASES = SERVE_CASES.filter((c) => c.name !== "json-identity-200");

/** Seconds of wrk load per case (after 1 s of warm-up): wrk's figures settle within seconds. */
export function wrkSeconds(options: BenchOptions): number {
  return Math.min(3, options.loadSeconds);
}

export interface Measured extends LoadRun {
  readonly serverCpuSeconds: number;
}

/** One server under one case, over the runs. */
export interface ServerFigures {
  readonly requestsPerSecond: Summary;
  readonly latencyP99Ms: Summary;
  /** Server CPU time per request (user + system, from /proc), in microseconds. */
  readonly serverCpuUsPerRequest: Summary;
  /** Server CPU time over wall time (1.0 = one core busy). */
  readonly serverCpuShare: Summary;
  /** The load generator's CPU time over wall time. */
  readonly clientCpuShare: Summary;
  readonly errors: number;
}

/** A server under test. */
export interface Target {
  readonly name: ServerName;
  readonly port: number;
  readonly pid: number;
  /** The ETag this server sends for a path (nginx computes its own). */
  readonly etags: Map<string, string>;
}

/** The two bodies of one document. */
export interface Bodies {
  readonly identity: Buffer;
  readonly gzip: Buffer;
}

/** The request headers of a case, for one server. */
export function requestHeaders(testCase: ServeCase, target: Target) {
  const headers: Record<string, string> = {};
  if (testCase.gzip) headers["accept-encoding"] = "gzip";
  if (testCase.conditional) headers["if-none-match"] = target.etags.get(testCase.path) ?? "";
  return headers;
}

/** How to load a server: concurrency, seconds of load and of warm-up, and a scratch folder. */
export interface LoadSettings {
  readonly connections: number;
  readonly seconds: { readonly load: number; readonly warmup: number };
  readonly scratchDir: string;
}

/** One measurement: warm-up (discarded), then the load, with the server's CPU time around it. */
export async function measure(
  client: LoadClient,
  target: Target,
  testCase: ServeCase,
  bodies: Bodies,
  load: LoadSettings,
): Promise<Measured> {
  const spec = {
    url: `http://127.0.0.1:${target.port}${testCase.path}`,
    headers: requestHeaders(testCase, target),
    connections: load.connections,
    seconds: load.seconds.load,
    warmupSeconds: load.seconds.warmup,
    status: testCase.status,
    bodyBytes: testCase.gzip ? bodies.gzip.length : bodies.identity.length,
  };
  let cpuBefore = Number.NaN;
  const run = await runLoad(client, spec, load.scratchDir, () => {
    cpuBefore = readCpuSeconds(target.pid);
  });
  return { ...run, serverCpuSeconds: readCpuSeconds(target.pid) - cpuBefore };
}

/** Summarise one server's runs of one case. */
export function figures(runs: readonly Measured[]): ServerFigures {
  return {
    requestsPerSecond: summarize(runs.map((r) => r.requestsPerSecond)),
    latencyP99Ms: summarize(runs.map((r) => r.latencyP99Ms)),
    serverCpuUsPerRequest: summarize(
      runs.map((r) => (r.serverCpuSeconds * 1e6) / Math.max(1, r.totalRequests)),
    ),
    serverCpuShare: summarize(runs.map((r) => r.serverCpuSeconds / r.durationSeconds)),
    clientCpuShare: summarize(runs.map((r) => r.clientCpuSeconds / r.durationSeconds)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}
