import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { ensureCorpus } from "../corpus.js";
import {
  type HotFunction,
  monotonicUs,
  type ProfileWindow,
  summarizeCpuProfile,
} from "../cpu-profile.js";
import { CRON_YEARLY, startFeedmill } from "../feedmill-process.js";
import { httpRequest } from "../http-client.js";
import type { BenchOptions } from "../options.js";
import { createTempDir, removeTempDir } from "../processes.js";
import { rotateForRun } from "../stats.js";
import {
  type CaseName,
  figures,
  type Measured,
  measure,
  type ServeCase,
  type ServerFigures,
  TARGET_CASES,
  type Target,
  wrkSeconds,
} from "./serve-cases.js";

/** feedmill's serving figures at one corpus size. */
export interface ScalingResult {
  readonly size: number;
  readonly cases: Partial<Record<CaseName, ServerFigures>>;
}

interface SizedTarget {
  readonly size: number;
  readonly target: Target;
  readonly bodies: { identity: Buffer; gzip: Buffer };
  readonly stop: () => Promise<void>;
}

async function startSized(size: number, log: (line: string) => void): Promise<SizedTarget> {
  const corpus = await ensureCorpus(size, log);
  const service = await startFeedmill({ contentDir: corpus.dir, scanCron: CRON_YEARLY });
  const gzip = await httpRequest(service.port, "/rss.xml", {
    headers: { "accept-encoding": "gzip" },
  });
  const target: Target = {
    name: "feedmill",
    port: service.port,
    pid: service.pid,
    etags: new Map([["/rss.xml", String(gzip.headers.etag)]]),
  };
  return {
    size,
    target,
    bodies: { identity: Buffer.alloc(0), gzip: gzip.body },
    stop: service.stop,
  };
}

/**
 * Does serving stay flat as the folder grows? One feedmill per corpus size, all running, loaded
 * one after the other with wrk (first connection count), interleaved run by run so that every
 * size sees the same moments of a noisy machine.
 */
export async function measureScaling(
  sizes: readonly number[],
  options: BenchOptions,
  scratchDir: string,
  log: (line: string) => void,
): Promise<ScalingResult[]> {
  const running: SizedTarget[] = [];
  const connections = options.connections[0] ?? 50;
  try {
    for (const size of sizes) running.push(await startSized(size, log));
    const runs = new Map<string, Measured[]>();
    for (let run = 1; run <= options.runs; run++) {
      for (const testCase of TARGET_CASES) {
        for (const { size, target, bodies } of rotateForRun(running, run)) {
          const seconds = { load: wrkSeconds(options), warmup: 1 };
          const result = await measure("wrk", target, testCase, bodies, {
            connections,
            seconds,
            scratchDir,
          });
          const key = `${size} ${testCase.name}`;
          runs.set(key, [...(runs.get(key) ?? []), result]);
          log(
            `serve ${size} run ${run} wrk ${testCase.name}@${connections}: feedmill ` +
              `${result.requestsPerSecond.toFixed(0)} req/s, ${((result.serverCpuSeconds * 1e6) / result.totalRequests).toFixed(1)} µs/req`,
          );
        }
      }
    }
    return sizes.map((size) => ({
      size,
      cases: Object.fromEntries(
        TARGET_CASES.map((c) => [c.name, figures(runs.get(`${size} ${c.name}`) ?? [])]),
      ),
    }));
  } finally {
    for (const sized of running) await sized.stop();
  }
}

/** Profile feedmill under one case's wrk load; returns its top self-time functions. */
export async function profileCase(
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
      await measure("wrk", target, testCase, bodies, { connections, seconds, scratchDir });
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
