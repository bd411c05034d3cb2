import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const CLOCK_TICKS_PER_SECOND = 100;

/** Kill whatever is still running and remove temp folders, even when the run is interrupted. */
export function installCleanup(): void {
  process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping ${live.size} process(es)\n`);
      void Promise.all([...live].map((child) => stopProcess(child, 2000))).finally(() =>
        process.exit(130),
      );
    });
  }
}

/** A private temp folder, removed at exit if the caller has not removed it before. */
export function createTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `feedmill-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/** Remove a folder made by {@link createTempDir}. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Spawn a process that the cleanup knows about. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions) {
  const child = spawn(command, args, options);
  live.add(child);
  child.once("exit", () => live.delete(child));
  child.once("error", () => live.delete(child));
  return child;
}

/** Ask a process to stop (SIGTERM), and kill it if it has not exited within `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** What a process that ran to completion printed, and how long it took from spawn to exit. */
export interface Completed {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
}

/** Run a command to completion, collecting its output; `onLine` sees each stdout line as it comes. */
export function runToCompletion(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
  onLine?: (line: string) => void,
): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawnTracked(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!onLine) return;
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({ code, stdout, stderr, wallMs: performance.now() - started }),
    );
  });
}

/** Run a child that prints one JSON object as its last stdout line; reject on failure. */
export async function runJsonChild<T>(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
  onLine?: (line: string) => void,
): Promise<T> {
  const result = await runToCompletion(command, args, options, onLine);
  const last = result.stdout.trim().split("\n").pop() ?? "";
  if (result.code !== 0) {
    throw new Error(`${args.join(" ")} exited with ${result.code}: ${result.stderr.slice(-2000)}`);
  }
  return JSON.parse(last) as T;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Peak resident set size of a live process (VmHWM), in bytes. */
export function readPeakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmHWM for ${pid}`);
  return Number(match[1]) * 1024;
}

/** CPU time (user + system) a live process has used so far, in seconds. */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name, which may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** Wait `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
