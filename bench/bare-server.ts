/**
 * The floor for serving: a minimal `node:http` server that sends the same precomputed bytes
 * and headers as feedmill (fetched from it beforehand) and answers 304 on a matching
 * If-None-Match, with nothing else on the request path. Arguments: port, manifest path.
 * Prints `ready` once listening.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

/** One document as fetched from feedmill: its headers and both bodies. */
export interface BareDocument {
  readonly path: string;
  readonly etag: string;
  /** Content-Type, Cache-Control, Vary, Access-Control-Allow-Origin, Last-Modified. */
  readonly headers: Record<string, string>;
  readonly identityFile: string;
  readonly gzipFile: string;
}

interface Loaded {
  readonly etag: string;
  readonly headers: Record<string, string>;
  readonly identity: Buffer;
  readonly gzip: Buffer;
}

const [portText, manifestPath] = process.argv.slice(2) as [string, string];
const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BareDocument[];
const documents = new Map<string, Loaded>(
  manifest.map((doc) => [
    doc.path,
    {
      etag: doc.etag,
      headers: doc.headers,
      identity: readFileSync(doc.identityFile),
      gzip: readFileSync(doc.gzipFile),
    },
  ]),
);

const server = createServer((req, res) => {
  const doc = documents.get(req.url ?? "");
  if (!doc) {
    res.statusCode = 404;
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(doc.headers)) res.setHeader(name, value);
  res.setHeader("ETag", doc.etag);
  if (req.headers["if-none-match"] === doc.etag) {
    res.statusCode = 304;
    res.removeHeader("Content-Type");
    res.end();
    return;
  }
  const gzip = req.headers["accept-encoding"]?.includes("gzip") ?? false;
  const body = gzip ? doc.gzip : doc.identity;
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  res.setHeader("Content-Length", body.length);
  res.end(body);
});
// As feedmill does: keep polling clients' connections open.
server.keepAliveTimeout = 65_000;
server.listen(Number(portText), "127.0.0.1", () => process.stdout.write("ready\n"));
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
