import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleText } from "../helpers/content-dir.js";
import { requestPath, startTestServer, type TestServer } from "../helpers/test-server.js";

/**
 * Requests an attacker would send. Whatever they ask, the service answers below 500, never with
 * a byte of a file outside its content folder, and without its state changing.
 */

const TOKEN = "hostile-test-admin-token-0123456789";
const CANARY = "CANARY-7f3a9c-never-serve-this";
const PASSWD = "root:x:0:0";
const DATE = Date.UTC(2026, 2, 1) / 1000;

let parent: string;
let contentDir: string;
let server: TestServer;
let noAdmin: TestServer;

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request with the path sent byte for byte: `fetch` and `new URL` would resolve `..`. */
async function send(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  target: TestServer = server,
): Promise<Answer> {
  const answer = await requestPath(target.url, path, { ...init, agent: false });
  return { ...answer, body: answer.body.toString("latin1") };
}

/**
 * Bytes straight onto a socket, for what Node's client refuses to send (raw control characters,
 * unknown methods, headers past the server's limit). Resolves with whatever came back; a server
 * that hangs up on an oversized request yields `reset`.
 */
function sendRawBytes(head: string): Promise<{ text: string; reset: boolean }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let reset = false;
    socket.setTimeout(5000, () => socket.destroy());
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => {
      reset = true;
    });
    socket.on("close", () => resolve({ text: Buffer.concat(chunks).toString("latin1"), reset }));
    socket.end(Buffer.from(head, "latin1"));
  });
}

function statusOf(raw: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1] ?? 0);
}

/** What every hostile answer must satisfy. */
function expectHarmless(answer: { status: number; body: string }, label: string): void {
  expect(answer.status, label).toBeGreaterThanOrEqual(200);
  expect(answer.status, label).toBeLessThan(500);
  expect(answer.body, label).not.toContain(CANARY);
  expect(answer.body, label).not.toContain(PASSWD);
}

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), "feedmill-hostile-"));
  contentDir = join(parent, "content");
  mkdirSync(join(contentDir, "posts"), { recursive: true });
  // The canary sits beside the content folder in every form a route could serve or parse.
  for (const name of ["canary.txt", "canary.png", "canary.mp3", "canary.json"]) {
    writeFileSync(join(parent, name), CANARY);
  }
  writeFileSync(
    join(parent, "canary.md"),
    articleText({ title: CANARY, date: DATE, body: `<p>${CANARY}</p>` }),
  );
  mkdirSync(join(parent, "other"));
  writeFileSync(
    join(parent, "other", "elsewhere.md"),
    articleText({ title: CANARY, date: DATE, body: `<p>${CANARY}</p>` }),
  );
  // Links out of the folder: neither may be read as an article nor served as media.
  symlinkSync(join(parent, "canary.md"), join(contentDir, "posts", "linked.md"));
  symlinkSync(join(parent, "canary.png"), join(contentDir, "linked.png"));
  const write = (path: string, text: string) => writeFileSync(join(contentDir, path), text);
  write(
    "posts/hello.md",
    articleText({ title: "Hello", date: DATE, keywords: "a/b, café, 日本語" }),
  );
  write("posts/second.md", articleText({ title: "Second", date: DATE + 60, keywords: "news" }));
  write("photo.png", "PNG-BYTES");
  server = await startTestServer({ contentDir, adminToken: TOKEN, feedLimit: 1 });
  noAdmin = await startTestServer({ contentDir, adminToken: null });
});

afterAll(async () => {
  await server?.stop();
  await noAdmin?.stop();
  if (parent) rmSync(parent, { recursive: true, force: true });
});

describe("path traversal", () => {
  it.each([
    "/articles/..%2f..%2fcanary",
    "/articles/..%2F..%2Fcanary.md",
    "/articles/%2e%2e/%2e%2e/canary",
    "/articles/%2E%2E%2F%2E%2E%2Fcanary.txt",
    "/articles/../../canary.md",
    "/articles/..\\..\\canary.md",
    "/articles/..%5c..%5ccanary.md",
    "/articles/posts/hello%00",
    "/articles/posts/hello%00.md",
    "/articles/%00",
    "/articles//etc/passwd",
    "/articles/%2fetc%2fpasswd",
    "/articles/file:%2f%2f%2fetc%2fpasswd",
    "/articles/posts/linked",
    `/articles/${"a".repeat(10_000)}`,
    `/articles/${"..%2f".repeat(2_000)}etc%2fpasswd`,
    "/..%2fcanary.png",
    "/%2e%2e/canary.png",
    "/%2e%2e%2fcanary.mp3",
    "/posts/..%2f..%2fcanary.png",
    "/linked.png",
    "/..%2fcontent%2f..%2fcanary.json",
    "/%2fetc%2fpasswd",
    "//etc/passwd",
    "/../../../../etc/passwd",
    "/photo.png%00.md",
  ])("answers %s without leaving the content folder", async (path) => {
    const answer = await send(path);
    expectHarmless(answer, path);
    expect(answer.status, path).toBeGreaterThanOrEqual(400);
  });

  it("never reads an article through a symlink out of the folder", async () => {
    for (const path of ["/rss.xml", "/atom.xml", "/feed.json", "/", "/feeds.opml"]) {
      expectHarmless(await send(path), path);
    }
    const health = JSON.parse((await send("/healthz")).body);
    expect(health.errors).toContainEqual(expect.objectContaining({ path: "posts/linked.md" }));
  });

  it("serves the real article and media next to all that", async () => {
    expect((await send("/articles/posts/hello")).status).toBe(200);
    expect((await send("/photo.png")).body).toBe("PNG-BYTES");
  });
});

describe("archive numbers and query strings", () => {
  it.each([
    "/archive/-1/rss.xml",
    "/archive/0/rss.xml",
    "/archive/1e99/rss.xml",
    "/archive/abc/atom.xml",
    "/archive/1.5/feed.json",
    "/archive/01/rss.xml",
    "/archive/%31/rss.xml",
    "/archive/999999999/rss.xml",
    `/archive/${"9".repeat(400)}/rss.xml`,
    "/archive/NaN/feed.json",
    "/archive/Infinity/feed.json",
    "/archive//rss.xml",
    "/tags/news/archive/0/rss.xml",
    "/tags/news/archive/2/rss.xml",
  ])("answers 404 to %s", async (path) => {
    const answer = await send(path);
    expectHarmless(answer, path);
    expect(answer.status).toBe(404);
  });

  it("serves archive 1, which exists", async () => {
    expect((await send("/archive/1/rss.xml")).status).toBe(200);
  });

  it.each([
    "?page=-1",
    "?page=0",
    "?page=1e99",
    "?page=abc",
    "?page=1&page=2",
    "?page[]=1",
    "?page[a]=1",
    "?__proto__=1",
    "?constructor[prototype][x]=1",
    `?page=${"1".repeat(5000)}`,
    "?%ff=%00",
  ])("ignores the query %s and serves the feed itself", async (query) => {
    const plain = await send("/feed.json");
    for (const path of ["/rss.xml", "/feed.json", "/tags/news/atom.xml", "/archive/1/feed.json"]) {
      const answer = await send(path + query);
      expectHarmless(answer, path + query);
      expect(answer.status, path + query).toBe(200);
    }
    expect((await send(`/feed.json${query}`)).headers.etag).toBe(plain.headers.etag);
  });
});

describe("tag names", () => {
  it.each([
    ["a tag with a slash, under its slug", "/tags/a-b/rss.xml", 200],
    ["a tag with an encoded slash", "/tags/a%2Fb/rss.xml", 404],
    ["a lower-case encoded slash", "/tags/a%2fb/feed.json", 404],
    ["a traversal in the tag", "/tags/..%2F..%2Fcanary/rss.xml", 404],
    ["a dot-dot tag", "/tags/%2e%2e/rss.xml", 404],
    ["an accented tag (NFC)", "/tags/caf%C3%A9/rss.xml", 200],
    ["a CJK tag", "/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/atom.xml", 200],
    ["a broken UTF-8 escape", "/tags/%E0%A4%A/rss.xml", 404],
    ["a lone surrogate escape", "/tags/%ED%A0%80/feed.json", 404],
    ["a control character", "/tags/%01/rss.xml", 404],
    ["DEL", "/tags/a%7Fb/rss.xml", 404],
    ["a NUL", "/tags/news%00/rss.xml", 404],
    ["a 200-character tag", `/tags/${"t".repeat(200)}/rss.xml`, 404],
    ["a 201-character tag", `/tags/${"t".repeat(201)}/rss.xml`, 404],
  ])("answers %s with %i", async (_name, path, status) => {
    const answer = await send(path);
    expectHarmless(answer, path);
    expect(answer.status).toBe(status);
  });

  it.each([
    "/tags/%E0%A4%A/",
    "/tags/%ED%A0%80",
    "/tags/%01/",
    "/tags/a%7Fb/",
    "/articles/%E0%A4%A",
    "/articles/a%01b",
    "/articles/%7F",
    "/%E0%A4%A.png",
    "/%01.png",
  ])("answers the page %s below 500", async (path) => {
    const answer = await send(path);
    expectHarmless(answer, path);
    expect(answer.status).toBeGreaterThanOrEqual(400);
  });

  it.each([
    "GET /articles/\x01 HTTP/1.1",
    "GET /tags/\x7f/rss.xml HTTP/1.1",
    "GET /articles/\xe6\x97\xa5 HTTP/1.1",
    "GET /articles/a b HTTP/1.1",
    "GET articles/posts/hello HTTP/1.1",
    "GET * HTTP/1.1",
    "GET http://127.0.0.1/../../etc/passwd HTTP/1.1",
    "FOO /rss.xml HTTP/1.1",
  ])("answers the raw request line %j below 500", async (line) => {
    const { text } = await sendRawBytes(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const status = statusOf(text);
    expect(status, text.slice(0, 200)).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(PASSWD);
  });
});

describe("headers", () => {
  it("answers a 16 KB cookie with 431", async () => {
    const answer = await send("/rss.xml", { headers: { Cookie: `c=${"x".repeat(16 * 1024)}` } });
    expect(answer.status).toBe(431);
  });

  it.each([64 * 1024, 1024 * 1024])(
    "answers a %i-byte header with 431 or a hang-up, never 5xx",
    async (size) => {
      const head = `GET /rss.xml HTTP/1.1\r\nHost: x\r\nCookie: c=${"x".repeat(size)}\r\n\r\n`;
      const { text, reset } = await sendRawBytes(head);
      if (text === "") expect(reset).toBe(true);
      else expect(statusOf(text)).toBe(431);
      // The server still serves afterwards.
      expect((await send("/rss.xml")).status).toBe(200);
    },
  );

  it.each([
    "garbage",
    "",
    "0",
    "-1",
    "Thu, 99 Xyz 2026 99:99:99 GMT",
    "Mon, 01 Jan 0000 00:00:00 GMT",
    "1e99",
    "x".repeat(8000),
  ])("ignores If-Modified-Since %j", async (date) => {
    const answer = await send("/atom.xml", { headers: { "If-Modified-Since": date } });
    expectHarmless(answer, date);
    expect([200, 400]).toContain(answer.status);
  });

  it("refuses a NUL inside If-Modified-Since with 400", async () => {
    const head =
      "GET /atom.xml HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Tue, 01 Jan 1970 00:00:00 GMT\x00\r\nConnection: close\r\n\r\n";
    expect(statusOf((await sendRawBytes(head)).text)).toBe(400);
  });

  it("never 5xx on a far-future If-Modified-Since", async () => {
    const answer = await send("/atom.xml", {
      headers: { "If-Modified-Since": "Fri, 31 Dec 9999 23:59:59 GMT" },
    });
    expect([200, 304]).toContain(answer.status);
  });

  it.each(["/rss.xml", "/archive/1/atom.xml", "/articles/posts/hello", "/"])(
    "answers If-None-Match: * on %s with 304",
    async (path) => {
      const answer = await send(path, { headers: { "If-None-Match": "*" } });
      expect(answer.status).toBe(304);
      expect(answer.body).toBe("");
    },
  );

  it("answers If-None-Match: * on a missing article with 404", async () => {
    const answer = await send("/articles/nope", { headers: { "If-None-Match": "*" } });
    expect(answer.status).toBe(404);
  });

  it.each([
    ["Accept-Encoding", "br;q=NaN, gzip;q=1e999, *;q=-1"],
    ["Accept-Encoding", ",".repeat(4000)],
    ["If-None-Match", `"${"a".repeat(8000)}", W/"x", ,,`],
    ["Range", "bytes=999999999999-"],
    ["Host", "../../etc/passwd"],
  ])("survives %s: %j", async (name, value) => {
    const answer = await send("/rss.xml", { headers: { [name]: value } });
    expectHarmless(answer, name);
  });
});

describe("methods", () => {
  it.each(["PUT", "DELETE", "PATCH", "PROPFIND", "TRACE", "OPTIONS", "POST"])(
    "answers %s with a short 4xx everywhere",
    async (method) => {
      for (const path of ["/rss.xml", "/feed.json", "/articles/posts/hello", "/", "/photo.png"]) {
        // OPTIONS of a feed is a CORS preflight, answered 204 with no body (test/http/validators).
        if (method === "OPTIONS" && /\.(?:xml|json)$/.test(path)) continue;
        const answer = await send(path, { method, body: method === "TRACE" ? undefined : "x=1" });
        expect(answer.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(answer.status, `${method} ${path}`).toBeLessThan(500);
        expect(answer.body.length, `${method} ${path}`).toBeLessThan(512);
        expectHarmless(answer, `${method} ${path}`);
      }
    },
  );
});

describe("admin", () => {
  const rescan = (
    target: TestServer,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ) => send(path, { method: "POST", headers, body }, target);

  it("is 404 without a configured token, whatever is sent", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: `Bearer ${TOKEN}` },
      { Authorization: "Bearer " },
    ];
    for (const headers of attempts) {
      expect((await rescan(noAdmin, "/admin/rescan", headers)).status).toBe(404);
    }
  });

  it.each([
    ["no header", {}],
    ["an empty token", { Authorization: "Bearer " }],
    ["a wrong token", { Authorization: "Bearer wrong-token-wrong-token" }],
    ["the token with another scheme", { Authorization: `Basic ${TOKEN}` }],
    ["the token twice", { Authorization: `Bearer ${TOKEN} ${TOKEN}` }],
    ["the token in the query", {}, `?token=${TOKEN}`],
  ])("is 401 with %s", async (_name, headers, query = "") => {
    const answer = await rescan(server, `/admin/rescan${query}`, headers as Record<string, string>);
    expect(answer.status).toBe(401);
  });

  it.each([
    ["a NUL after the token", `Authorization: Bearer ${TOKEN}\x00`],
    [
      "a control character inside it",
      `Authorization: Bearer ${TOKEN.slice(0, 8)}\x01${TOKEN.slice(8)}`,
    ],
  ])("refuses the token with %s", async (_name, header) => {
    const head = `POST /admin/rescan HTTP/1.1\r\nHost: x\r\n${header}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
    const status = statusOf((await sendRawBytes(head)).text);
    expect([400, 401]).toContain(status);
  });

  it("ignores a body or query naming another folder", async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const plain = await rescan(server, "/admin/rescan", auth);
    expect(plain.status).toBe(200);
    const articles = JSON.parse(plain.body).articles;
    const other = join(parent, "other");
    const attempts: [string, Record<string, string>, string | undefined][] = [
      [`/admin/rescan?contentDir=${encodeURIComponent(other)}`, auth, undefined],
      [`/admin/rescan?dir=..%2Fother&path=${encodeURIComponent(other)}`, auth, undefined],
      [
        "/admin/rescan",
        { ...auth, "Content-Type": "application/json" },
        JSON.stringify({ contentDir: other, dir: "../other", path: other }),
      ],
      [
        "/admin/rescan",
        { ...auth, "Content-Type": "application/x-www-form-urlencoded" },
        `contentDir=${encodeURIComponent(other)}`,
      ],
      ["/admin/rescan/..%2f..%2fother", auth, undefined],
    ];
    for (const [path, headers, body] of attempts) {
      const answer = await rescan(server, path, headers, body);
      expectHarmless(answer, path);
      if (answer.status === 200) expect(JSON.parse(answer.body).articles, path).toBe(articles);
    }
    for (const path of ["/rss.xml", "/atom.xml", "/feed.json", "/"]) {
      expectHarmless(await send(path), path);
    }
  });
});
