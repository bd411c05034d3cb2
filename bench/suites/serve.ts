import { mkdirSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { BareDocument } from "../bare-server.js";
import { childScript } from "../children.js";
import { ensureCorpus } from "../corpus.js";
import {
  type HotFunction,
  monotonicUs,
  type ProfileWindow,
  summarizeCpuProfile,
} from "../cpu-profile.js";
import { CRON_YEARLY, startFeedmill } from "../feedmill-process.js";
import { type HttpResponse, httpRequest, pollUntil } from "../http-client.js";
import { type LoadClient, type LoadRun, runLoad } from "../load-clients.js";
import { startNginx } from "../nginx.js";
import type { BenchOptions } from "../options.js";
import {
  createTempDir,
  freePort,
  readCpuSeconds,
  removeTempDir,
  spawnTracked,
  stopProcess,
} from "../processes.js";
import { type Summary, summarize, summarizeRatio } from "../stats.js";

/** The requests measured; the 304 case sends each server's own ETag for the document. */
export const SERVE_CASES = [
  { name: "rss-gzip-200", path: "/rss.xml", gzip: true, conditional: false, status: 200 },
  { name: "json-identity-200", path: "/feed.json", gzip: false, conditional: false, status: 200 },
  { name: "rss-304", path: "/rss.xml", gzip: true, conditional: true, status: 304 },
] as const;

type ServeCase = (typeof SERVE_CASES)[number];
type CaseName = ServeCase["name"];
const SERVERS = ["feedmill", "bare", "nginx"] as const;
type ServerName = (typeof SERVERS)[number];

/** The cases with a target; wrk cross-checks these. */
const TARGET_CASES = SERVE_CASES.filter((c) => c.name !== "json-identity-200");

/** Seconds of wrk load per case (after 1 s of warm-up): wrk's figures settle within seconds. */
function wrkSeconds(options: BenchOptions): number {
  return Math.min(3, options.loadSeconds);
}

interface Measured extends LoadRun {
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

/** One case at one concurrency with one client, every server. */
export interface ServeCaseResult {
  readonly client: LoadClient;
  readonly name: CaseName;
  readonly connections: number;
  readonly seconds: number;
  readonly servers: Record<ServerName, ServerFigures>;
  /** Paired per run. */
  readonly ratios: {
    readonly feedmillToBare: Summary;
    readonly feedmillP99ToBare: Summary;
    readonly nginxToBare: Summary;
    /** Server CPU per request, feedmill over bare: the server-side cost, whoever is the bottleneck. */
    readonly feedmillCpuToBare: Summary;
  };
}

/** The serving figures. */
export interface ServeResult {
  readonly size: number;
  readonly documents: { path: string; identityBytes: number; gzipBytes: number }[];
  readonly cases: ServeCaseResult[];
  /** feedmill alone at the other corpus sizes (wrk, first connection count): does serving stay flat? */
  readonly scaling: { size: number; cases: Partial<Record<CaseName, ServerFigures>> }[];
  /** Top self-time functions of feedmill under wrk load, per profiled case. */
  readonly profiles: { case: CaseName; connections: number; top: HotFunction[] }[];
}

interface Target {
  readonly name: ServerName;
  readonly port: number;
  readonly pid: number;
  /** The ETag this server sends for a path (nginx computes its own). */
  readonly etags: Map<string, string>;
}

interface Bodies {
  readonly identity: Buffer;
  readonly gzip: Buffer;
}

function requestHeaders(testCase: ServeCase, target: Target) {
  const headers: Record<string, string> = {};
  if (testCase.gzip) headers["accept-encoding"] = "gzip";
  if (testCase.conditional) headers["if-none-match"] = target.etags.get(testCase.path) ?? "";
  return headers;
}

/** Fetch feedmill's bytes and headers for the reference servers. */
async function fetchDocuments(port: number, dir: string) {
  const documents: BareDocument[] = [];
  const bodies = new Map<string, Bodies>();
  const sizes: ServeResult["documents"] = [];
  for (const path of ["/rss.xml", "/feed.json"]) {
    const identity = await httpRequest(port, path);
    const gzip = await httpRequest(port, path, { headers: { "accept-encoding": "gzip" } });
    if (
      gzip.headers["content-encoding"] !== "gzip" ||
      gzip.headers.etag !== identity.headers.etag
    ) {
      throw new Error(`unexpected gzip answer for ${path}`);
    }
    const name = path.slice(1);
    writeFileSync(join(dir, "www", name), identity.body);
    writeFileSync(join(dir, "www", `${name}.gz`), gzip.body);
    const header = (response: HttpResponse, key: string) => String(response.headers[key]);
    documents.push({
      path,
      etag: header(identity, "etag"),
      headers: {
        "Content-Type": header(identity, "content-type"),
        "Cache-Control": header(identity, "cache-control"),
        Vary: header(identity, "vary"),
        "Access-Control-Allow-Origin": header(identity, "access-control-allow-origin"),
        "Last-Modified": header(identity, "last-modified"),
      },
      identityFile: join(dir, "www", name),
      gzipFile: join(dir, "www", `${name}.gz`),
    });
    bodies.set(path, { identity: identity.body, gzip: gzip.body });
    sizes.push({ path, identityBytes: identity.body.length, gzipBytes: gzip.body.length });
  }
  return { documents, bodies, sizes };
}

/** Learn each server's ETags, then check it answers each case with the same bytes and status. */
async function verify(targets: readonly Target[], bodies: ReadonlyMap<string, Bodies>) {
  for (const target of targets) {
    for (const path of bodies.keys()) {
      const response = await httpRequest(target.port, path, {
        headers: { "accept-encoding": "gzip" },
      });
      target.etags.set(path, String(response.headers.etag));
    }
    for (const testCase of SERVE_CASES) {
      const response = await httpRequest(target.port, testCase.path, {
        headers: requestHeaders(testCase, target),
      });
      const body = bodies.get(testCase.path);
      const expected =
        testCase.status === 304 ? Buffer.alloc(0) : testCase.gzip ? body?.gzip : body?.identity;
      if (response.status !== testCase.status || !expected?.equals(response.body)) {
        throw new Error(`${target.name} answered ${testCase.name} with other bytes or status`);
      }
    }
  }
}

async function startBare(manifest: string) {
  const port = await freePort();
  const child = spawnTracked(
    process.execPath,
    [childScript("bare-server"), String(port), manifest],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const stop = () => stopProcess(child, 5000);
  try {
    await pollUntil(port, "/rss.xml", (r) => r.status === 200, {
      intervalMs: 10,
      timeoutMs: 10_000,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid as number, port, stop };
}

/** One measurement: warm-up (discarded), then the load, with the server's CPU time around it. */
async function measure(
  client: LoadClient,
  target: Target,
  testCase: ServeCase,
  bodies: Bodies,
  connections: number,
  seconds: { load: number; warmup: number },
  scratchDir: string,
): Promise<Measured> {
  const spec = {
    url: `http://127.0.0.1:${target.port}${testCase.path}`,
    headers: requestHeaders(testCase, target),
    connections,
    seconds: seconds.load,
    warmupSeconds: seconds.warmup,
    status: testCase.status,
    bodyBytes: testCase.gzip ? bodies.gzip.length : bodies.identity.length,
  };
  let cpuBefore = Number.NaN;
  const run = await runLoad(client, spec, scratchDir, () => {
    cpuBefore = readCpuSeconds(target.pid);
  });
  return { ...run, serverCpuSeconds: readCpuSeconds(target.pid) - cpuBefore };
}

function figures(runs: readonly Measured[]): ServerFigures {
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

function caseResult(
  client: LoadClient,
  testCase: ServeCase,
  connections: number,
  seconds: number,
  runs: ReadonlyMap<ServerName, Measured[]>,
): ServeCaseResult {
  const of = (name: ServerName) => runs.get(name) ?? [];
  const rps = (name: ServerName) => of(name).map((r) => r.requestsPerSecond);
  const p99 = (name: ServerName) => of(name).map((r) => r.latencyP99Ms);
  const cpu = (name: ServerName) =>
    of(name).map((r) => r.serverCpuSeconds / Math.max(1, r.totalRequests));
  return {
    client,
    name: testCase.name,
    connections,
    seconds,
    servers: {
      feedmill: figures(of("feedmill")),
      bare: figures(of("bare")),
      nginx: figures(of("nginx")),
    },
    ratios: {
      feedmillToBare: summarizeRatio(rps("feedmill"), rps("bare")),
      feedmillP99ToBare: summarizeRatio(p99("feedmill"), p99("bare")),
      nginxToBare: summarizeRatio(rps("nginx"), rps("bare")),
      feedmillCpuToBare: summarizeRatio(cpu("feedmill"), cpu("bare")),
    },
  };
}

/** feedmill alone on another corpus size: the feed cases under wrk at the first connection count. */
async function measureScaling(
  size: number,
  options: BenchOptions,
  scratchDir: string,
  log: (line: string) => void,
): Promise<Partial<Record<CaseName, ServerFigures>>> {
  const corpus = await ensureCorpus(size, log);
  const service = await startFeedmill({ contentDir: corpus.dir, scanCron: CRON_YEARLY });
  const connections = options.connections[0] ?? 50;
  try {
    const target: Target = { name: "feedmill", ...service, etags: new Map() };
    const gzip = await httpRequest(service.port, "/rss.xml", {
      headers: { "accept-encoding": "gzip" },
    });
    target.etags.set("/rss.xml", String(gzip.headers.etag));
    const bodies = { identity: Buffer.alloc(0), gzip: gzip.body };
    const runs = new Map<CaseName, Measured[]>();
    for (let run = 1; run <= options.runs; run++) {
      for (const testCase of TARGET_CASES) {
        const seconds = { load: wrkSeconds(options), warmup: 1 };
        const result = await measure(
          "wrk",
          target,
          testCase,
          bodies,
          connections,
          seconds,
          scratchDir,
        );
        runs.set(testCase.name, [...(runs.get(testCase.name) ?? []), result]);
        log(
          `serve ${size} run ${run} wrk ${testCase.name}@${connections}: feedmill ` +
            `${result.requestsPerSecond.toFixed(0)} req/s p99 ${result.latencyP99Ms.toFixed(1)} ms`,
        );
      }
    }
    return Object.fromEntries([...runs].map(([name, r]) => [name, figures(r)]));
  } finally {
    await service.stop();
  }
}

/** Profile feedmill under one case's wrk load; returns its top self-time functions. */
async function profileCase(
  contentDir: string,
  testCase: ServeCase,
  connections: number,
  options: BenchOptions,
  scratchDir: string,
): Promise<HotFunction[]> {
  const dir = createTempDir("cpu-prof");
  let window: ProfileWindow | undefined;
  try {
    const service = await startFeedmill({
      contentDir,
      scanCron: CRON_YEARLY,
      nodeFlags: ["--cpu-prof", "--cpu-prof-dir", dir],
    });
    try {
      const gzip = await httpRequest(service.port, testCase.path, {
        headers: { "accept-encoding": "gzip" },
      });
      const target: Target = {
        name: "feedmill",
        ...service,
        etags: new Map([[testCase.path, String(gzip.headers.etag)]]),
      };
      const bodies = { identity: Buffer.alloc(0), gzip: gzip.body };
      const seconds = { load: wrkSeconds(options), warmup: 1 };
      const fromUs = monotonicUs();
      await measure("wrk", target, testCase, bodies, connections, seconds, scratchDir);
      window = { fromUs, toUs: monotonicUs() };
    } finally {
      await service.stop();
    }
    const [file] = (await readdir(dir)).filter((name) => name.endsWith(".cpuprofile"));
    if (!file) throw new Error("no CPU profile written");
    // Only the load: start-up (the first scan) would otherwise dominate the profile.
    return summarizeCpuProfile(join(dir, file), window);
  } finally {
    removeTempDir(dir);
  }
}

/**
 * Load feedmill, the bare `node:http` floor and nginx with the same bytes, case by case,
 * interleaved per run: autocannon (in its own process) for every case, then wrk for the cases
 * with a target, because autocannon's own parser saturates before any server does on
 * 50 KB bodies.
 */
export async function runServe(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<ServeResult> {
  const corpus = await ensureCorpus(options.serveSize, log);
  const dir = createTempDir("serve");
  const stops: (() => Promise<void>)[] = [];
  try {
    const feedmill = await startFeedmill({ contentDir: corpus.dir, scanCron: CRON_YEARLY });
    stops.push(feedmill.stop);
    mkdirSync(join(dir, "www"), { recursive: true });
    const { documents, bodies, sizes } = await fetchDocuments(feedmill.port, dir);
    const manifest = join(dir, "bare.json");
    writeFileSync(manifest, JSON.stringify(documents));
    const bare = await startBare(manifest);
    stops.push(bare.stop);
    const nginx = await startNginx(
      dir,
      documents.map((doc) => ({
        path: doc.path,
        contentType: doc.headers["Content-Type"] as string,
        cacheControl: doc.headers["Cache-Control"] as string,
      })),
    );
    stops.push(nginx.stop);
    const targets: Target[] = [
      { name: "feedmill", port: feedmill.port, pid: feedmill.pid, etags: new Map() },
      { name: "bare", port: bare.port, pid: bare.pid, etags: new Map() },
      { name: "nginx", port: nginx.port, pid: nginx.pid, etags: new Map() },
    ];
    await verify(targets, bodies);

    const plans = [
      {
        client: "autocannon" as const,
        cases: SERVE_CASES,
        seconds: { load: options.loadSeconds, warmup: options.warmupSeconds },
      },
      {
        client: "wrk" as const,
        cases: TARGET_CASES,
        seconds: { load: wrkSeconds(options), warmup: 1 },
      },
    ];
    const measured = new Map<string, Map<ServerName, Measured[]>>();
    for (let run = 1; run <= options.runs; run++) {
      for (const plan of plans) {
        for (const testCase of plan.cases) {
          for (const connections of options.connections) {
            const key = `${plan.client} ${testCase.name}@${connections}`;
            const runs = measured.get(key) ?? new Map<ServerName, Measured[]>();
            measured.set(key, runs);
            const line: string[] = [];
            for (const target of targets) {
              const docBodies = bodies.get(testCase.path) as Bodies;
              const result = await measure(
                plan.client,
                target,
                testCase,
                docBodies,
                connections,
                plan.seconds,
                dir,
              );
              runs.set(target.name, [...(runs.get(target.name) ?? []), result]);
              line.push(
                `${target.name} ${result.requestsPerSecond.toFixed(0)} req/s p99 ${result.latencyP99Ms.toFixed(1)} ms`,
              );
            }
            log(`serve run ${run} ${key}: ${line.join(" | ")}`);
          }
        }
      }
    }
    const cases: ServeCaseResult[] = [];
    for (const plan of plans) {
      for (const testCase of plan.cases) {
        for (const connections of options.connections) {
          const runs = measured.get(`${plan.client} ${testCase.name}@${connections}`);
          if (runs)
            cases.push(caseResult(plan.client, testCase, connections, plan.seconds.load, runs));
        }
      }
    }
    for (const stop of stops.splice(0).reverse()) await stop();

    const scaling: ServeResult["scaling"] = [];
    for (const size of options.sizes.filter((s) => s !== options.serveSize)) {
      scaling.push({ size, cases: await measureScaling(size, options, dir, log) });
    }

    const profiles: ServeResult["profiles"] = [];
    const missed = cases.some(
      (c) => c.name !== "json-identity-200" && c.ratios.feedmillToBare.median < 0.7,
    );
    if (options.profile === "always" || (options.profile === "auto" && missed)) {
      const connections = options.connections[0] ?? 50;
      for (const testCase of TARGET_CASES) {
        log(`profiling feedmill under wrk ${testCase.name}@${connections} …`);
        const top = await profileCase(corpus.dir, testCase, connections, options, dir);
        profiles.push({ case: testCase.name, connections, top });
      }
    }
    return { size: options.serveSize, documents: sizes, cases, scaling, profiles };
  } finally {
    for (const stop of stops.reverse()) await stop();
    removeTempDir(dir);
  }
}
