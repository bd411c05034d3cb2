/**
 * autocannon in its own process, loading one URL until its stdin says `stop` (or closes).
 * Argument: one JSON object. With `conditional`, every request carries the ETag the URL had at
 * most 100 ms ago, as polling readers do: 304s, and a 200 for each reader after a change.
 * Prints one JSON line: requests, latency percentiles and maximum, status counts, errors and
 * timeouts.
 */
import autocannon from "autocannon";

interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  readonly headers: Record<string, string>;
  readonly conditional?: boolean;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
let etag = "";
const refresh = async () => {
  const response = await fetch(spec.url, { method: "HEAD", headers: spec.headers });
  etag = response.headers.get("etag") ?? etag;
};
if (spec.conditional) {
  await refresh();
  setInterval(() => void refresh().catch(() => {}), 100).unref();
}
const instance = autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    duration: 3600,
    headers: spec.headers,
    timeout: 10,
    ...(spec.conditional
      ? {
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, "if-none-match": etag },
              }),
            },
          ],
        }
      : {}),
  },
  (error, result) => {
    if (error) throw error;
    const statusCodes: Record<string, number> = {};
    for (const [code, stats] of Object.entries(result.statusCodeStats)) {
      statusCodes[code] = stats.count;
    }
    process.stdout.write(
      `${JSON.stringify({
        totalRequests: result.requests.total,
        durationSeconds: result.duration,
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        latencyMaxMs: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        statusCodes,
      })}\n`,
    );
    process.exit(0);
  },
);
const stop = () => instance.stop();
process.stdin.on("data", (chunk) => {
  if (String(chunk).includes("stop")) stop();
});
process.stdin.on("end", stop);
process.stdout.write("measuring\n");
