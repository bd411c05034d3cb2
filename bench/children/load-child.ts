/**
 * The load generator in its own process, so that it never shares the event loop of the server
 * it measures (it does share the machine's two cores). Argument: one JSON object. Runs the
 * warm-up, prints `measuring` (the parent then samples the server's CPU time), runs the
 * measured load and prints one JSON line with throughput, latency, status counts and the CPU
 * this process used during it.
 */
import autocannon from "autocannon";

interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly headers: Record<string, string>;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
if (spec.warmupSeconds > 0) {
  await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.warmupSeconds,
    headers: spec.headers,
    timeout: 10,
  });
}
process.stdout.write("measuring\n");
const cpuBefore = process.cpuUsage();
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.seconds,
  headers: spec.headers,
  timeout: 10,
});
const cpu = process.cpuUsage(cpuBefore);
const statusCodes: Record<string, number> = {};
for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    totalRequests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    durationSeconds: result.duration,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
  })}\n`,
);
