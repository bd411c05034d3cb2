import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { childScript } from "./children.js";
import { runJsonChild, runToCompletion } from "./processes.js";

/** One load run, whichever client made it. */
export interface LoadRun {
  readonly requestsPerSecond: number;
  readonly totalRequests: number;
  readonly latencyP99Ms: number;
  readonly durationSeconds: number;
  readonly errors: number;
  /** CPU the load generator itself used (user + system), in seconds. */
  readonly clientCpuSeconds: number;
}

/** What to load: one URL with fixed headers, expecting one status. */
export interface LoadSpec {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly connections: number;
  readonly seconds: number;
  /** Load before the measured stretch, not counted. */
  readonly warmupSeconds: number;
  readonly status: 200 | 304;
  /** For 200: the body size every response must at least carry. */
  readonly bodyBytes: number;
}

/** The load generators: autocannon (Node, as the issue asks) and wrk (C) as a cross-check. */
export type LoadClient = "autocannon" | "wrk";

interface AutocannonRun extends Omit<LoadRun, "errors"> {
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
}

/**
 * autocannon in its own process (bench/children/load-child.ts), warm-up included; every
 * answer must have the expected status.
 */
async function runAutocannon(spec: LoadSpec, onMeasuring: () => void): Promise<LoadRun> {
  const run = await runJsonChild<AutocannonRun>(
    process.execPath,
    [
      childScript("load-child"),
      JSON.stringify({
        url: spec.url,
        connections: spec.connections,
        seconds: spec.seconds,
        warmupSeconds: spec.warmupSeconds,
        headers: spec.headers,
      }),
    ],
    {},
    (line) => {
      if (line === "measuring") onMeasuring();
    },
  );
  const wrong = Object.keys(run.statusCodes).filter((code) => Number(code) !== spec.status);
  if (wrong.length > 0) throw new Error(`autocannon ${spec.url}: statuses ${wrong.join(", ")}`);
  return { ...run, errors: run.errors + run.timeouts };
}

const WRK_REPORT = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"durationUs":%d,"bytes":%d,"errors":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(99)))
end
`;

/**
 * wrk (one thread) under `/usr/bin/time` for its CPU use. wrk does not count statuses below
 * 400, so the bytes per response tell a 304 (headers only) from a 200 with its body.
 */
async function runWrk(spec: LoadSpec, scratchDir: string, onMeasuring: () => void) {
  const script = join(scratchDir, "wrk-report.lua");
  writeFileSync(script, WRK_REPORT);
  const headers = Object.entries(spec.headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]);
  const wrk = (seconds: number) =>
    runToCompletion("/usr/bin/time", [
      "-f",
      "cpu %U %S",
      "wrk",
      "-t1",
      `-c${spec.connections}`,
      `-d${seconds}s`,
      "--timeout",
      "10s",
      "-s",
      script,
      ...headers,
      spec.url,
    ]);
  if (spec.warmupSeconds > 0) await wrk(spec.warmupSeconds);
  onMeasuring();
  const result = await wrk(spec.seconds);
  const json = result.stdout.split("\n").find((line) => line.startsWith("{"));
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(result.stderr);
  if (result.code !== 0 || !json || !cpu) throw new Error(`wrk failed: ${result.stderr}`);
  const report = JSON.parse(json) as {
    requests: number;
    durationUs: number;
    bytes: number;
    errors: number;
    p99Us: number;
  };
  const perResponse = report.bytes / Math.max(1, report.requests);
  const ok = spec.status === 304 ? perResponse < 1024 : perResponse >= spec.bodyBytes;
  if (!ok) throw new Error(`wrk ${spec.url}: ${perResponse.toFixed(0)} bytes per response`);
  const durationSeconds = report.durationUs / 1e6;
  const run: LoadRun = {
    requestsPerSecond: report.requests / durationSeconds,
    totalRequests: report.requests,
    latencyP99Ms: report.p99Us / 1000,
    durationSeconds,
    errors: report.errors,
    clientCpuSeconds: Number(cpu[1]) + Number(cpu[2]),
  };
  return run;
}

/** Warm up, call `onMeasuring`, then run the measured load with the chosen client. */
export function runLoad(
  client: LoadClient,
  spec: LoadSpec,
  scratchDir: string,
  onMeasuring: () => void,
): Promise<LoadRun> {
  return client === "autocannon"
    ? runAutocannon(spec, onMeasuring)
    : runWrk(spec, scratchDir, onMeasuring);
}
