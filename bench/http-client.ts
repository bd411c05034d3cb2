import { type IncomingHttpHeaders, request } from "node:http";
import { sleep } from "./processes.js";

/** One response, read whole. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One loopback request; the body is returned as received (no decompression). */
export function httpRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
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

/**
 * Ask `path` every `intervalMs` until `done` accepts the response, refused connections
 * included; returns that response and when it arrived (performance.now()).
 */
export async function pollUntil(
  port: number,
  path: string,
  done: (response: HttpResponse) => boolean,
  options: { intervalMs: number; timeoutMs: number; headers?: Record<string, string> },
): Promise<{ response: HttpResponse; at: number }> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    try {
      const response = await httpRequest(port, path, { headers: options.headers ?? {} });
      if (done(response)) return { response, at: performance.now() };
    } catch {
      // Not listening yet: keep polling.
    }
    if (performance.now() > deadline) {
      throw new Error(`no suitable answer on ${path} within ${options.timeoutMs} ms`);
    }
    await sleep(options.intervalMs);
  }
}

/**
 * Wait until a server just started on `port` answers `path` with 200; if it never does within
 * 10 s, `stop` it and throw.
 */
export async function awaitServing(
  port: number,
  path: string,
  stop: () => Promise<unknown>,
): Promise<void> {
  try {
    await pollUntil(port, path, (response) => response.status === 200, {
      intervalMs: 10,
      timeoutMs: 10_000,
    });
  } catch (error) {
    await stop();
    throw error;
  }
}
