import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BareDocument } from "../bare-server.js";
import { childScript } from "../children.js";
import { awaitServing, type HttpResponse, httpRequest } from "../http-client.js";
import { freePort, spawnTracked, stopProcess } from "../processes.js";
import { type Bodies, requestHeaders, SERVE_CASES, type Target } from "./serve-cases.js";

/** Fetch feedmill's bytes and headers for the reference servers. */
export async function fetchDocuments(port: number, dir: string) {
  const documents: BareDocument[] = [];
  const bodies = new Map<string, Bodies>();
  for (const path of ["/rss.xml", "/feed.json"]) {
    const identity = await httpRequest(port, path);
    const gzip = await httpRequest(port, path, { headers: { "accept-encoding": "gzip" } });
    if (
      gzip.headers["content-encoding"] !== "gzip" ||
      gzip.headers.etag === identity.headers.etag
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
      gzipEtag: header(gzip, "etag"),
      headers: {
        "Content-Type": header(identity, "content-type"),
        "Cache-Control": header(identity, "cache-control"),
        Vary: header(identity, "vary"),
        "Access-Control-Allow-Origin": header(identity, "access-control-allow-origin"),
        "Access-Control-Expose-Headers": header(identity, "access-control-expose-headers"),
        "X-Content-Type-Options": header(identity, "x-content-type-options"),
        "Last-Modified": header(identity, "last-modified"),
      },
      identityFile: join(dir, "www", name),
      gzipFile: join(dir, "www", `${name}.gz`),
    });
    bodies.set(path, { identity: identity.body, gzip: gzip.body });
  }
  return { documents, bodies, sizes: await measureDocuments(port) };
}

/** Size of each subscription document as sent identity, gzip and brotli. */
export interface DocumentSize {
  readonly path: string;
  readonly identityBytes: number;
  readonly gzipBytes: number;
  readonly brotliBytes: number;
}

async function measureDocuments(port: number): Promise<DocumentSize[]> {
  const sizes: DocumentSize[] = [];
  for (const path of ["/rss.xml", "/atom.xml", "/feed.json"]) {
    const bytes = async (encoding: string | undefined) => {
      const headers: Record<string, string> = encoding ? { "accept-encoding": encoding } : {};
      return (await httpRequest(port, path, { headers })).body.length;
    };
    sizes.push({
      path,
      identityBytes: await bytes(undefined),
      gzipBytes: await bytes("gzip"),
      brotliBytes: await bytes("br"),
    });
  }
  return sizes;
}

/** Learn each server's ETags, then check it answers each case with the same bytes and status. */
export async function verify(targets: readonly Target[], bodies: ReadonlyMap<string, Bodies>) {
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

/** Start the bare `node:http` reference server on a free port. */
export async function startBare(manifest: string) {
  const port = await freePort();
  const child = spawnTracked(
    process.execPath,
    [childScript("bare-server"), String(port), manifest],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const stop = () => stopProcess(child, 5000);
  await awaitServing(port, "/rss.xml", stop);
  return { pid: child.pid as number, port, stop };
}
