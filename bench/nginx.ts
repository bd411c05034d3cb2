import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { awaitServing } from "./http-client.js";
import { freePort, runToCompletion, spawnTracked, stopProcess } from "./processes.js";

/** A running nginx: one process, so its pid is the one that serves (for CPU accounting). */
export interface RunningNginx {
  readonly pid: number;
  readonly port: number;
  stop(): Promise<void>;
}

/** A static file nginx serves, with the headers feedmill sends for it. */
export interface StaticDocument {
  /** URL path, also the file name under the web root (e.g. `/rss.xml`). */
  readonly path: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

/**
 * One nginx process (`master_process off`, so one worker and nothing to fork) on loopback,
 * with everything under `prefix`: no access log, keep-alive like feedmill's, and
 * `gzip_static` so that `<file>.gz` is sent as is to clients that accept gzip.
 */
function nginxConfig(prefix: string, port: number, documents: readonly StaticDocument[]): string {
  const locations = documents
    .map(
      (doc) => `    location = ${doc.path} {
      types { }
      default_type "${doc.contentType}";
      add_header Cache-Control "${doc.cacheControl}";
      add_header Access-Control-Allow-Origin "*";
    }`,
    )
    .join("\n");
  return `daemon off;
master_process off;
worker_processes 1;
error_log ${join(prefix, "error.log")} warn;
pid ${join(prefix, "nginx.pid")};
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(prefix, "client_body")};
  proxy_temp_path ${join(prefix, "proxy")};
  fastcgi_temp_path ${join(prefix, "fastcgi")};
  uwsgi_temp_path ${join(prefix, "uwsgi")};
  scgi_temp_path ${join(prefix, "scgi")};
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  server_tokens off;
  server {
    listen 127.0.0.1:${port};
    root ${join(prefix, "www")};
    gzip_static on;
    gzip_vary on;
${locations}
  }
}
`;
}

/** Start nginx serving the files already written under `<prefix>/www`. */
export async function startNginx(
  prefix: string,
  documents: readonly StaticDocument[],
): Promise<RunningNginx> {
  const port = await freePort();
  mkdirSync(join(prefix, "www"), { recursive: true });
  const configPath = join(prefix, "nginx.conf");
  writeFileSync(configPath, nginxConfig(prefix, port, documents));
  const child = spawnTracked("nginx", ["-p", prefix, "-c", configPath], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = () => stopProcess(child, 5000);
  await awaitServing(port, documents[0]?.path ?? "/", stop);
  return { pid: child.pid as number, port, stop };
}

/** nginx's version, for the results. */
export async function nginxVersion(): Promise<string> {
  const result = await runToCompletion("nginx", ["-v"]);
  return result.stderr.trim();
}
