import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureCorpus } from "../corpus.js";
import type { HotFunction } from "../cpu-profile.js";
import { CRON_YEARLY, startFeedmill } from "../feedmill-process.js";
import type { LoadClient } from "../load-clients.js";
import { startNginx } from "../nginx.js";
import type { BenchOptions } from "../options.js";
import { createTempDir, removeTempDir } from "../processes.js";
import { rotateForRun, type Summary, summarizeRatio } from "../stats.js";
import {
  type Bodies,
  type CaseName,
  figures,
  type Measured,
  measure,
  SERVE_CASES,
  type ServeCase,
  type ServerFigures,
  type ServerName,
  TARGET_CASES,
  type Target,
  wrkSeconds,
} from "./serve-cases.js";
import { measureScaling, profileCase, type ScalingResult } from "./serve-extras.js";
import { type DocumentSize, fetchDocuments, startBare, verify } from "./serve-references.js";

export type { ServerFigures } from "./serve-cases.js";

/** What one client runs: which cases, at which concurrency, for how long. */
interface Plan {
  readonly client: LoadClient;
  readonly cases: readonly ServeCase[];
  readonly connections: readonly number[];
  readonly seconds: { readonly load: number; readonly warmup: number };
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
  readonly documents: DocumentSize[];
  readonly cases: ServeCaseResult[];
  /** feedmill alone at every corpus size (wrk, first connection count): does serving stay flat? */
  readonly scaling: ScalingResult[];
  /** Top self-time functions of feedmill under wrk load, per profiled case. */
  readonly profiles: { case: CaseName; connections: number; top: HotFunction[] }[];
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

    // wrk runs at the first connection count only: it is the cross-check, and time is short.
    const plans: Plan[] = [
      {
        client: "autocannon",
        cases: SERVE_CASES,
        connections: options.connections,
        seconds: { load: options.loadSeconds, warmup: options.warmupSeconds },
      },
      {
        client: "wrk",
        cases: TARGET_CASES,
        connections: options.connections.slice(0, 1),
        seconds: { load: wrkSeconds(options), warmup: 1 },
      },
    ];
    const measured = new Map<string, Map<ServerName, Measured[]>>();
    const keyOf = (plan: Plan, testCase: ServeCase, connections: number) =>
      `${plan.client} ${testCase.name}@${connections}`;
    for (let run = 1; run <= options.runs; run++) {
      for (const plan of plans) {
        for (const testCase of plan.cases) {
          for (const connections of plan.connections) {
            const key = keyOf(plan, testCase, connections);
            const runs = measured.get(key) ?? new Map<ServerName, Measured[]>();
            measured.set(key, runs);
            const line: string[] = [];
            for (const target of rotateForRun(targets, run)) {
              const docBodies = bodies.get(testCase.path) as Bodies;
              const load = { connections, seconds: plan.seconds, scratchDir: dir };
              const result = await measure(plan.client, target, testCase, docBodies, load);
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
    const cases: ServeCaseResult[] = plans.flatMap((plan) =>
      plan.cases.flatMap((testCase) =>
        plan.connections.map((connections) => {
          const runs = measured.get(keyOf(plan, testCase, connections)) ?? new Map();
          return caseResult(plan.client, testCase, connections, plan.seconds.load, runs);
        }),
      ),
    );
    for (const stop of stops.splice(0).reverse()) await stop();

    const scaling = await measureScaling(options.sizes, options, dir, log);

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
