/**
 * The floor for serving: a minimal `node:http` server that sends the same precomputed bytes
 * and headers as feedmill (fetched from it beforehand) and answers 304 on a matching
 * If-None-Match, with nothing else on the request path: one Map lookup, one `writeHead` with
 * a precomputed header list, one `end`. Arguments: port, manifest path. Prints `ready` once
 * listening.
 */
import { readFileSync } from "node:fs";
import { createServer, type OutgoingHttpHeader } from "node:http";

/** One document as fetched from feedmill: its headers and both bodies. */
export interface BareDocument {
  readonly path: string;
  /** The ETag of the identity bytes, and of the gzip bytes (each coding has its own). */
  readonly etag: string;
  readonly gzipEtag: string;
  /**
   * Content-Type, Cache-Control, Vary, Access-Control-Allow-Origin, Access-Control-Expose-Headers,
   * X-Content-Type-Options, Last-Modified.
   */
  readonly headers: Record<string, string>;
  readonly identityFile: string;
  readonly gzipFile: string;
}

/** Status, header list and body of one possible answer, all computed at start-up. */
interface Answer {
  readonly status: number;
  readonly headers: OutgoingHttpHeader[];
  readonly body: Buffer | undefined;
}

interface Answers {
  /** The gzip bytes' ETag: the one the conditional case sends. */
  readonly etag: string;
  readonly identity: Answer;
  readonly gzip: Answer;
  readonly notModified: Answer;
}

const [portText, manifestPath] = process.argv.slice(2) as [string, string];
const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BareDocument[];

function answersFor(doc: BareDocument): Answers {
  const common = Object.entries(doc.headers).filter(([name]) => name !== "Content-Type");
  const validators = (etag: string) => [...common, ["ETag", etag]];
  const contentType = ["Content-Type", doc.headers["Content-Type"] ?? ""];
  const ok = (body: Buffer, encoding: string | null): Answer => ({
    status: 200,
    headers: [
      ...contentType,
      ...validators(encoding ? doc.gzipEtag : doc.etag).flat(),
      ...(encoding ? ["Content-Encoding", encoding] : []),
      "Content-Length",
      String(body.length),
    ],
    body,
  });
  return {
    etag: doc.gzipEtag,
    identity: ok(readFileSync(doc.identityFile), null),
    gzip: ok(readFileSync(doc.gzipFile), "gzip"),
    notModified: { status: 304, headers: validators(doc.gzipEtag).flat(), body: undefined },
  };
}

const documents = new Map<string, Answers>(manifest.map((doc) => [doc.path, answersFor(doc)]));

const server = createServer((req, res) => {
  const answers = documents.get(req.url ?? "");
  if (!answers) {
    res.writeHead(404).end();
    return;
  }
  const answer =
    req.headers["if-none-match"] === answers.etag
      ? answers.notModified
      : req.headers["accept-encoding"]?.includes("gzip")
        ? answers.gzip
        : answers.identity;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
});
// As feedmill does: keep polling clients' connections open.
server.keepAliveTimeout = 65_000;
server.listen(Number(portText), "127.0.0.1", () => process.stdout.write("ready\n"));
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
