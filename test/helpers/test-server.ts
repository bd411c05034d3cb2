import { readFileSync } from "node:fs";
import { request } from "node:http";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Config, parseConfig, readPackageVersion } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { type RunningServer, type ServerOptions, startServer } from "../../src/server.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DEFAULTS: unknown = JSON.parse(readFileSync(resolve(ROOT, "config/default.json"), "utf8"));

/** A validated config over `config/default.json`, as `CONFIG_FILE` would give it. */
export function testConfig(
  overrides: Record<string, unknown> = {},
  env: Record<string, string> = {},
): Config {
  const result = parseConfig(
    [
      DEFAULTS,
      {
        port: 0,
        host: "127.0.0.1",
        baseUrl: "http://feeds.test",
        logLevel: "silent",
        ...overrides,
      },
    ],
    env,
    { cwd: ROOT, version: readPackageVersion() },
  );
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.config;
}

/** A clock that stands still until a test moves it, at a whole second in the past. */
export interface TestClock {
  now(): number;
  /** Move forward by `ms` (one whole second is what separates two HTTP dates). */
  advance(ms?: number): void;
}

export function createTestClock(start = Math.floor(Date.now() / 1000) * 1000 - 3_600_000) {
  let at = start;
  return {
    now: () => at,
    advance(ms = 1000) {
      at += ms;
    },
  } satisfies TestClock;
}

export interface TestServer extends RunningServer {
  readonly config: Config;
  /** The clock of Last-Modified times (a standing `TestClock` unless the test gave one). */
  readonly clock: TestClock;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  request(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * The real service (scan, site, app, schedule) on an ephemeral loopback port. Its Last-Modified
 * clock stands still unless the test moves it: a new version's Last-Modified is the next whole
 * second, which a real clock would make the test wait for.
 */
export async function startTestServer(
  overrides: Record<string, unknown>,
  clock: TestClock = createTestClock(),
  options: Omit<ServerOptions, "now"> = {},
): Promise<TestServer> {
  // Rescans only when a test asks for one: the default minute schedule would fire whenever a
  // suite happens to cross a minute, and replace the scan a test is looking at; a watcher would
  // rescan as soon as a test writes a file. Tests of either turn them on.
  const config = testConfig({ scanCron: "0 0 1 1 *", watch: false, ...overrides });
  const running = await startServer(config, createLogger("silent"), { ...options, now: clock.now });
  return {
    ...running,
    config,
    clock,
    get: (path, headers = {}) => fetch(running.url + path, { headers }),
    request: (path, init) => fetch(running.url + path, init),
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A request with exactly the given headers and no automatic decompression. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const { origin, pathname, search } = new URL(url);
  return requestPath(origin, pathname + search, options);
}

/**
 * A request for `path` sent byte for byte (`fetch` and `new URL` would resolve `..`), with
 * exactly the given headers and no automatic decompression; `agent: false` opens a connection
 * of its own.
 */
export function requestPath(
  origin: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; agent?: false } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path,
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        ...(options.agent === false ? { agent: false } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
