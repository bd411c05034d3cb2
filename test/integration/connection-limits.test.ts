import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sourceOf } from "../../src/http/harden-server.js";
import { articleText } from "../helpers/content-dir.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

/**
 * Idle sockets a client opens and never uses: they are bounded per source and closed after the
 * timeouts, and never keep another client from being served.
 */

// The acceptance opens about 20,000 (IDLE_SOCKETS=20000); the suite a tenth of that. Both ends
// live in this process, so each socket costs two descriptors: stay under `ulimit -n`.
const fdLimit = Number(spawnSync("sh", ["-c", "ulimit -n"]).stdout.toString().trim()) || 1024;
const IDLE_SOCKETS = Math.min(Number(process.env.IDLE_SOCKETS ?? 2000), (fdLimit - 512) >> 1);
const PER_SOURCE = 100;

let contentDir: string;
const opened: Socket[] = [];

beforeAll(() => {
  contentDir = mkdtempSync(join(tmpdir(), "feedmill-connections-"));
  mkdirSync(join(contentDir, "posts"));
  writeFileSync(join(contentDir, "posts", "a.md"), articleText({ title: "Alpha", date: 1.7e9 }));
});

afterEach(() => {
  for (const socket of opened.splice(0)) socket.destroy();
});

afterAll(() => {
  if (contentDir) rmSync(contentDir, { recursive: true, force: true });
});

/** Open `count` sockets from `localAddress` that send nothing; resolves once all are open. */
async function openIdle(url: string, count: number, localAddress: string): Promise<Socket[]> {
  const { port } = new URL(url);
  const sockets: Socket[] = [];
  const batch = 200;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const connected = Array.from({ length: size }, () => {
      const socket = connect({ host: "127.0.0.1", port: Number(port), localAddress });
      socket.on("error", () => {});
      socket.resume();
      sockets.push(socket);
      opened.push(socket);
      return new Promise<void>((resolve) => {
        socket.once("connect", () => resolve());
        socket.once("close", () => resolve());
      });
    });
    await Promise.all(connected);
  }
  return sockets;
}

/** A GET on a connection of its own from `localAddress`. */
function getFrom(url: string, path: string, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { agent: false, localAddress }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(10_000, () => req.destroy(new Error("no answer in 10 s")));
    req.on("error", reject);
    req.end();
  });
}

const isOpen = (socket: Socket) => !socket.destroyed && socket.readyState === "open";

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  for (const giveUp = Date.now() + ms; Date.now() < giveUp; ) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe(`${IDLE_SOCKETS} idle sockets from one source`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      contentDir,
      // Without the per-source cap the flood alone would fill the whole server.
      server: { maxConnectionsPerSource: PER_SOURCE, maxConnections: IDLE_SOCKETS },
    });
  });
  afterAll(() => server?.stop());

  it("leave another client served, and that source no more than its share", async () => {
    const idle = await openIdle(server.url, IDLE_SOCKETS, "127.0.0.1");
    expect(await getFrom(server.url, "/rss.xml", "127.0.0.2")).toBe(200);
    // The flooding source itself still gets in: its oldest idle socket makes room.
    expect(await getFrom(server.url, "/rss.xml", "127.0.0.1")).toBe(200);
    expect(await waitUntil(() => idle.filter(isOpen).length <= PER_SOURCE, 10_000)).toBe(true);
  });
});

describe("timeouts", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      contentDir,
      server: { headersTimeout: 500, requestTimeout: 1000, keepAliveTimeout: 500 },
    });
  });
  afterAll(() => server?.stop());

  it("closes sockets that never send a request", async () => {
    const idle = await openIdle(server.url, 50, "127.0.0.1");
    expect(idle.filter(isOpen).length).toBe(50);
    expect(await waitUntil(() => idle.every((s) => !isOpen(s)), 20_000)).toBe(true);
  });

  it("closes a socket that stops half-way through its headers", async () => {
    const [socket] = await openIdle(server.url, 1, "127.0.0.1");
    socket?.write("GET /rss.xml HTTP/1.1\r\nHost: feeds.test\r\n");
    expect(await waitUntil(() => !socket || !isOpen(socket), 20_000)).toBe(true);
  });

  it("closes a kept-alive socket once it has been idle", async () => {
    const [socket] = await openIdle(server.url, 1, "127.0.0.1");
    let answer = "";
    socket?.on("data", (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket?.write("GET /healthz HTTP/1.1\r\nHost: feeds.test\r\n\r\n");
    expect(await waitUntil(() => answer.startsWith("HTTP/1.1 200"), 10_000)).toBe(true);
    expect(await waitUntil(() => !socket || !isOpen(socket), 20_000)).toBe(true);
  });
});

describe("the connection cap", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ contentDir, server: { maxConnections: 20 } });
  });
  afterAll(() => server?.stop());

  it("closes connections beyond it, and serves again once they go", async () => {
    const idle = await openIdle(server.url, 30, "127.0.0.1");
    expect(await waitUntil(() => idle.filter(isOpen).length <= 20, 10_000)).toBe(true);
    for (const socket of idle) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await getFrom(server.url, "/rss.xml", "127.0.0.1")).toBe(200);
  });
});

describe("sourceOf", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["::ffff:10.0.0.7", "::ffff:10.0.0.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::9", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
  ])("counts %s under %s", (address, source) => {
    expect(sourceOf(address)).toBe(source);
  });
});
