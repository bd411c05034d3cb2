import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { pollUntil } from "./http-client.js";
import { DIST_DIR, REPO_DIR } from "./paths.js";
import {
  createTempDir,
  freePort,
  readPeakRss,
  removeTempDir,
  spawnTracked,
  stopProcess,
} from "./processes.js";

/** Cron expressions: effectively never (start-up only), and every second. */
export const CRON_YEARLY = "0 0 1 1 *";
export const CRON_EVERY_SECOND = "* * * * * *";

/** Bearer token for `POST /admin/rescan` (≥ 16 characters). */
export const ADMIN_TOKEN = "bench-admin-token-0123456789";

/** A running `feedmill serve`. */
export interface RunningFeedmill {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** performance.now() at spawn and when `/rss.xml` first answered 200. */
  readonly spawnedAt: number;
  readonly readyAt: number;
  /** Peak RSS so far, in bytes. */
  peakRss(): number;
  stop(): Promise<void>;
}

/** Options for {@link startFeedmill}. */
export interface FeedmillOptions {
  readonly contentDir: string;
  readonly scanCron: string;
  readonly adminToken?: string;
  /** Watch the folder for changes (`WATCH`); off unless a suite measures it. */
  readonly watch?: boolean;
  /**
   * `STATE_DIR`: start from the catalogue saved there, and save it. The base URL is then fixed,
   * since it is part of what the saved state is valid for.
   */
  readonly stateDir?: string;
  /** Extra node flags, e.g. `--cpu-prof`. */
  readonly nodeFlags?: readonly string[];
  readonly timeoutMs?: number;
}

/**
 * Spawn `node dist/cli.js serve` on a free loopback port and wait (polling `/rss.xml` every
 * 5 ms) until it serves the feed. Its temp folder (the source pack) is private and removed
 * on stop.
 */
export async function startFeedmill(options: FeedmillOptions): Promise<RunningFeedmill> {
  const port = await freePort();
  const tmp = createTempDir("service");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: tmp,
    CONTENT_DIR: options.contentDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SCAN_CRON: options.scanCron,
    WATCH: String(options.watch ?? false),
    ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
    ...(options.stateDir ? { STATE_DIR: options.stateDir, BASE_URL: "https://feeds.example" } : {}),
  };
  const spawnedAt = performance.now();
  const child = spawnTracked(
    process.execPath,
    [...(options.nodeFlags ?? []), join(DIST_DIR, "cli.js"), "serve"],
    { cwd: REPO_DIR, env, stdio: ["ignore", "ignore", "inherit"] },
  );
  const pid = child.pid as number;
  const stop = async () => {
    await stopProcess(child);
    removeTempDir(tmp);
  };
  try {
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`feedmill exited with ${code} at start-up`))),
    );
    const ready = await Promise.race([
      pollUntil(port, "/rss.xml", (response) => response.status === 200, {
        intervalMs: 5,
        timeoutMs: options.timeoutMs ?? 300_000,
      }),
      exited,
    ]);
    return {
      child,
      pid,
      port,
      spawnedAt,
      readyAt: ready.at,
      peakRss: () => readPeakRss(pid),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
