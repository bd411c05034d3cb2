import { Agent, type IncomingHttpHeaders, request } from "node:http";

/** One URL the load asks for, and how its body is to be judged when sampled. */
export interface Target {
  readonly path: string;
  readonly kind: "xml" | "json" | "html";
  /** Relative share of requests. */
  readonly weight: number;
}

/** A 200 response picked for a full check: identity-encoded, read whole. */
export interface Sample {
  readonly target: Target;
  readonly etag: string | undefined;
  readonly body: Buffer;
}

export interface LoadOptions {
  readonly port: number;
  readonly targets: readonly Target[];
  readonly connections: number;
  readonly durationMs: number;
  /** Share of requests sent with `If-None-Match` (the last ETag seen for that URL). */
  readonly conditionalShare: number;
  /** Every n-th request to a URL goes out uncompressed and unconditional, and is checked. */
  readonly sampleEvery: number;
  /** At most this many samples per URL. */
  readonly maxSamplesPerUrl: number;
  readonly onSample: (sample: Sample) => void;
  /** Called once, `at` ms into the run (warm-up measurements). */
  readonly at?: { readonly ms: number; readonly run: () => void };
  readonly random?: () => number;
}

export interface LoadReport {
  requests: number;
  conditional: number;
  statuses: Record<string, number>;
  bytes: number;
  latenciesMs: number[];
  /** The slowest answer, and when in the run it came (ms from the start). */
  slowest: { path: string; ms: number; at: number };
  socketsOpened: number;
  /** 304s whose ETag was the one sent. */
  notModifiedChecked: number;
  /** How many checks failed; `failures` keeps the first fifty messages. */
  failed: number;
  failures: string[];
}

const ENCODINGS = ["gzip, br", "gzip", "br", undefined] as const;
const REQUEST_TIMEOUT_MS = 15_000;

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Sockets seen so far, so that a re-opened connection shows. */
const seenSockets = new WeakSet<object>();

function send(
  agent: Agent,
  port: number,
  path: string,
  headers: Record<string, string>,
  onNewSocket: () => void,
) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
      res.on("aborted", () => reject(new Error("response aborted")));
    });
    req.on("socket", (socket) => {
      if (seenSockets.has(socket)) return;
      seenSockets.add(socket);
      onNewSocket();
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end();
  });
}

/**
 * `connections` loops, each on its own keep-alive socket (one agent with one socket per loop),
 * asking for weighted-random targets until the time is up. Every response is checked for what
 * can be checked cheaply; every `sampleEvery`-th per URL is handed to `onSample` in full.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const random = options.random ?? Math.random;
  const report: LoadReport = {
    requests: 0,
    conditional: 0,
    statuses: {},
    bytes: 0,
    latenciesMs: [],
    slowest: { path: "", ms: 0, at: 0 },
    socketsOpened: 0,
    notModifiedChecked: 0,
    failed: 0,
    failures: [],
  };
  const lastEtag = new Map<string, string>();
  const asked = new Map<string, number>();
  const sampled = new Map<string, number>();
  const totalWeight = options.targets.reduce((sum, t) => sum + t.weight, 0);
  const pick = (): Target => {
    let roll = random() * totalWeight;
    for (const target of options.targets) {
      roll -= target.weight;
      if (roll < 0) return target;
    }
    return options.targets[0] as Target;
  };
  const fail = (message: string) => {
    report.failed += 1;
    if (report.failures.length < 50) report.failures.push(message);
    else if (report.failures.length === 50) report.failures.push("… more failures left out");
  };
  const started = performance.now();
  const deadline = started + options.durationMs;
  const timer = options.at ? setTimeout(options.at.run, options.at.ms) : undefined;

  const worker = async (): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const countSocket = () => {
      report.socketsOpened += 1;
    };
    try {
      while (performance.now() < deadline) {
        const target = pick();
        const count = (asked.get(target.path) ?? 0) + 1;
        asked.set(target.path, count);
        const sample =
          count % options.sampleEvery === 0 &&
          (sampled.get(target.path) ?? 0) < options.maxSamplesPerUrl;
        const headers: Record<string, string> = {};
        const etag = lastEtag.get(target.path);
        if (!sample) {
          const encoding = ENCODINGS[Math.floor(random() * ENCODINGS.length)];
          if (encoding) headers["Accept-Encoding"] = encoding;
          if (etag && random() < options.conditionalShare) headers["If-None-Match"] = etag;
        }
        const sent = performance.now();
        let answer: Answer;
        try {
          answer = await send(agent, options.port, target.path, headers, countSocket);
        } catch (error) {
          fail(`${target.path}: connection error: ${(error as Error).message}`);
          continue;
        } finally {
          report.requests += 1;
          if (headers["If-None-Match"]) report.conditional += 1;
        }
        const latency = performance.now() - sent;
        report.latenciesMs.push(latency);
        if (latency > report.slowest.ms) {
          report.slowest = { path: target.path, ms: latency, at: sent - started };
        }
        report.bytes += answer.body.length;
        report.statuses[answer.status] = (report.statuses[answer.status] ?? 0) + 1;
        if (answer.status >= 500) fail(`${target.path}: status ${answer.status}`);
        const length = answer.headers["content-length"];
        if (length !== undefined && Number(length) !== answer.body.length) {
          fail(`${target.path}: Content-Length ${length} but ${answer.body.length} bytes`);
        }
        const got = answer.headers.etag;
        if (answer.status === 304) {
          if (got !== headers["If-None-Match"]) {
            fail(`${target.path}: 304 with ETag ${got}, sent ${headers["If-None-Match"]}`);
          } else {
            report.notModifiedChecked += 1;
          }
        }
        if (answer.status === 200 && got) lastEtag.set(target.path, got);
        if (sample && answer.status === 200) {
          sampled.set(target.path, (sampled.get(target.path) ?? 0) + 1);
          options.onSample({ target, etag: got, body: answer.body });
        }
      }
    } finally {
      agent.destroy();
    }
  };

  await Promise.all(Array.from({ length: options.connections }, worker));
  clearTimeout(timer);
  if (report.socketsOpened > options.connections) {
    fail(`${report.socketsOpened - options.connections} connection(s) had to be re-opened`);
  }
  return report;
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
