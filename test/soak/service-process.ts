import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, stopProcess } from "../../bench/processes.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The built service (`npm run build`), running as its own process. */
export interface ServiceProcess {
  readonly pid: number;
  readonly port: number;
  /** What `BASE_URL` is set to: loopback, so every link in a feed can be fetched. */
  readonly baseUrl: string;
  /** Log lines at `warn` and above, by level name. */
  readonly logCounts: Record<string, number>;
  /** The first few `error`/`fatal` lines, for the report. */
  readonly errorLines: string[];
  /** Resident set size now (VmRSS), in bytes. */
  rss(): number;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  readonly contentDir: string;
  readonly adminToken: string;
  readonly scanCron: string;
  /** Extra environment, e.g. `FEED_LIMIT`. */
  readonly env?: Record<string, string>;
  /** Run as another user (`setpriv …` prefix), for permission tests under root. */
  readonly asUser?: readonly string[];
  readonly readyTimeoutMs?: number;
}

/**
 * The built service copied where another user can read it: a checkout under `/root` or a
 * private temp folder is not, and `node` would fail on `dist/cli.js` with "permission denied".
 */
export function copyBuiltService(): string {
  const copy = mkdtempSync(join(tmpdir(), "feedmill-service-copy-"));
  chmodSync(copy, 0o755);
  for (const path of ["dist", "config", "package.json"]) {
    cpSync(join(REPO, path), join(copy, path), { recursive: true });
  }
  return copy;
}

const PINO_LEVELS: Record<number, string> = { 40: "warn", 50: "error", 60: "fatal" };

/** Read a process's resident set size from /proc (Linux). */
export function readRss(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

function probe(port: number, path: string): Promise<number> {
  return new Promise((resolvePromise) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolvePromise(res.statusCode ?? 0));
    });
    req.on("error", () => resolvePromise(0));
    req.setTimeout(5000, () => req.destroy());
    req.end();
  });
}

/** Count pino's JSON lines by level; keep the first error lines for the report. */
function watchLog(child: ChildProcess, counts: Record<string, number>, errors: string[]): void {
  let pending = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      const name = PINO_LEVELS[Number(level)] ?? "other";
      counts[name] = (counts[name] ?? 0) + 1;
      if ((name === "error" || name === "fatal") && errors.length < 5)
        errors.push(line.slice(0, 500));
    }
  });
}

/**
 * Spawn `node dist/cli.js serve` on a free loopback port with a private temp folder, and wait
 * until `/healthz` answers. The service is stopped with SIGTERM (then SIGKILL) by `stop()`.
 */
export async function startServiceProcess(options: ServiceOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const tmp = mkdtempSync(join(tmpdir(), "feedmill-soak-service-"));
  // Another user must be able to create its source pack in there.
  if (options.asUser) chmodSync(tmp, 0o1777);
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TMPDIR: tmp,
    CONTENT_DIR: options.contentDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    BASE_URL: baseUrl,
    LOG_LEVEL: "warn",
    SCAN_CRON: options.scanCron,
    ADMIN_TOKEN: options.adminToken,
    ...options.env,
  };
  const [command, ...prefix] = options.asUser ?? [];
  const root = command ? copyBuiltService() : REPO;
  const cli = [process.execPath, join(root, "dist/cli.js"), "serve"];
  const child = command
    ? spawn(command, [...prefix, ...cli], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(cli[0] as string, cli.slice(1), { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const logCounts: Record<string, number> = {};
  const errorLines: string[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  watchLog(child, logCounts, errorLines);
  const stop = async () => {
    await stopProcess(child, 5000);
    rmSync(tmp, { recursive: true, force: true });
    if (root !== REPO) rmSync(root, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while ((await probe(port, "/healthz")) !== 200) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`feedmill did not start (exit ${child.exitCode}): ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = child.pid as number;
  return { pid, port, baseUrl, logCounts, errorLines, rss: () => readRss(pid), stop };
}

const WARM_FROM_MS = 6000;
const WARM_TO_MS = 8000;

/**
 * RSS under load: the median of a few readings at ~10 % of the run (after warm-up) and in the
 * last seconds of it, so that one garbage-collection swing does not decide the verdict.
 */
export function watchRss(service: ServiceProcess, durationMs: number) {
  const readings: { at: number; rss: number }[] = [];
  const started = performance.now();
  const timer = setInterval(() => {
    try {
      readings.push({ at: performance.now() - started, rss: service.rss() });
    } catch {
      // The process is gone; the load's failures will say why.
    }
  }, 250);
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const around = (from: number, to: number) =>
    median(
      readings
        .filter((r) => r.at >= from * durationMs && r.at <= to * durationMs)
        .map((r) => r.rss),
    );
  return {
    stop() {
      clearInterval(timer);
      return {
        // Warm means the document and body caches have filled (several seconds of load), not
        // merely ~10 % of a short run: a 15 s run sampled at 1.5 s mistakes filling for a leak.
        warmRss: around(
          Math.max(0.08, WARM_FROM_MS / durationMs),
          Math.max(0.14, WARM_TO_MS / durationMs),
        ),
        endRss: around(0.92, 1.0),
        peakRss: readings.reduce((peak, r) => Math.max(peak, r.rss), 0),
      };
    },
  };
}
