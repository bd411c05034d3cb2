import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const NGINX = "/usr/sbin/nginx";
export const HAS_NGINX = existsSync(NGINX);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A config under `deploy/nginx/`, as shipped. */
export function readDeployConfig(name: string): string {
  return readFileSync(join(ROOT, "deploy/nginx", name), "utf8");
}

export interface ConfigValues {
  readonly port: number;
  /** Ports of the upstream `server 127.0.0.1:<port>` lines, in order. */
  readonly upstreams?: readonly number[];
  readonly root?: string;
}

function replaceExactly(
  text: string,
  pattern: RegExp,
  count: number,
  by: (match: string) => string,
): string {
  let found = 0;
  const out = text.replace(pattern, (match) => {
    found += 1;
    return by(match);
  });
  // A shipped config that no longer has the expected line must fail loudly, not run untested.
  if (found !== count) throw new Error(`expected ${count} match(es) of ${pattern}, found ${found}`);
  return out;
}

/**
 * The shipped config with this test's values: loopback `listen`, the replicas' ports, the build
 * folder, two workers. Every state path in the configs is relative to nginx's prefix (`-p`),
 * so nothing else needs changing.
 */
export function renderConfig(template: string, values: ConfigValues): string {
  // Anchored at line starts, so words in comments never match.
  let text = replaceExactly(template, /^[ \t]*listen\s+[^;]+;/gm, 1, () => {
    return `listen 127.0.0.1:${values.port};`;
  });
  text = replaceExactly(text, /^worker_processes\s+[^;]+;/gm, 1, () => "worker_processes 2;");
  if (values.upstreams) {
    const ports = [...values.upstreams];
    text = replaceExactly(text, /^[ \t]*server\s+127\.0\.0\.1:\d+/gm, ports.length, (match) =>
      match.replace(/\d+$/, String(ports.shift())),
    );
  }
  if (values.root !== undefined) {
    const root = values.root;
    text = replaceExactly(text, /^[ \t]*root\s+[^;]+;/gm, 1, () => `root ${root};`);
  }
  return text;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once("error", () => resolveConnect(false));
  });
}

export interface RunningNginx {
  readonly url: string;
  /** The `-p` prefix: pid, logs, temp files and cache live here. */
  readonly prefix: string;
  readAccessLog(): string;
  stop(): Promise<void>;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

/**
 * nginx in the foreground on 127.0.0.1:`port` with a fresh prefix folder. Resolves once it
 * accepts connections; `stop()` ends it (TERM, then KILL) and removes the folder.
 */
export async function startNginx(config: string, port: number): Promise<RunningNginx> {
  const prefix = mkdtempSync(join(tmpdir(), "feedmill-nginx-"));
  // Run as root, nginx's workers drop to `nobody`: they must be able to enter the prefix.
  chmodSync(prefix, 0o755);
  const confFile = join(prefix, "nginx.conf");
  writeFileSync(confFile, config);
  const child = spawn(NGINX, ["-p", `${prefix}/`, "-c", confFile, "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // A test runner that dies must not leave nginx listening (its workers outlive a KILLed master).
  const onExit = () => child.kill("SIGTERM");
  process.once("exit", onExit);

  const stop = async () => {
    process.removeListener("exit", onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      if (!(await waitForExit(child, 5000))) {
        child.kill("SIGKILL");
        await waitForExit(child, 2000);
      }
    }
    rmSync(prefix, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = existsSync(join(prefix, "error.log"))
        ? readFileSync(join(prefix, "error.log"), "utf8")
        : "";
      await stop();
      throw new Error(`nginx did not start: ${stderr}${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    prefix,
    readAccessLog: () => readFileSync(join(prefix, "access.log"), "utf8"),
    stop,
  };
}
