import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { createWebSubPublisher } from "../../src/push/websub.js";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { rawRequest, startTestServer, type TestServer } from "../helpers/test-server.js";

const TOKEN = "websub-test-token-0123456789";
const DATE = Date.UTC(2026, 5, 1) / 1000;

/** A hub stub on loopback: records every publish ping, answers with the status it is told. */
async function startHub(statuses: number[] = []) {
  const pings: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      pings.push(new URLSearchParams(body));
      res.statusCode = statuses.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`;
  return { url, pings, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const until = async (condition: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe("WebSub", () => {
  it("advertises the hub in every format", async () => {
    const hub = await startHub();
    cleanups.push(hub.close);
    const dir: ContentDir = createContentDir();
    cleanups.push(() => dir.cleanup());
    dir.article("a.txt", { title: "A", date: DATE });
    const server: TestServer = await startTestServer({
      contentDir: dir.root,
      websub: { hub: hub.url },
    });
    cleanups.push(() => server.stop());
    const rss = (await rawRequest(`${server.url}/rss.xml`)).body.toString();
    expect(rss).toMatch(new RegExp(`<atom:link[^>]*rel="hub"[^>]*href="${hub.url}"`));
    const atom = (await rawRequest(`${server.url}/atom.xml`)).body.toString();
    expect(atom).toMatch(new RegExp(`<link[^>]*rel="hub"[^>]*href="${hub.url}"`));
    const json = JSON.parse((await rawRequest(`${server.url}/feed.json`)).body.toString());
    expect(json.hubs).toEqual([{ type: "WebSub", url: hub.url }]);
  });

  it("pings the hub for each changed feed after a rescan, and not for an unchanged one", async () => {
    const hub = await startHub();
    cleanups.push(hub.close);
    const dir = createContentDir();
    cleanups.push(() => dir.cleanup());
    dir.article("a.txt", { title: "A", date: DATE, keywords: "alpha" });
    dir.article("b.txt", { title: "B", date: DATE + 1, keywords: "beta" });
    const server = await startTestServer({
      contentDir: dir.root,
      adminToken: TOKEN,
      websub: { hub: hub.url },
    });
    cleanups.push(() => server.stop());
    const rescan = () =>
      rawRequest(`${server.url}/admin/rescan`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
    await rescan();
    expect(hub.pings).toEqual([]);
    dir.article("b.txt", { title: "B edited", date: DATE + 1, keywords: "beta" });
    await rescan();
    await until(() => hub.pings.length >= 6);
    const urls = hub.pings.map((p) => `${p.get("hub.mode")} ${p.get("hub.url")}`).sort();
    expect(urls).toEqual(
      [
        "/atom.xml",
        "/feed.json",
        "/rss.xml",
        "/tags/beta/atom.xml",
        "/tags/beta/feed.json",
        "/tags/beta/rss.xml",
      ].map((path) => `publish http://feeds.test${path}`),
    );
  });

  it("pings the hub when an emptied folder's feeds go back to before the deletions", async () => {
    const hub = await startHub();
    cleanups.push(hub.close);
    const dir = createContentDir();
    cleanups.push(() => dir.cleanup());
    dir.article("a.txt", { title: "A", date: DATE });
    dir.article("b.txt", { title: "B", date: DATE + 1 });
    const server = await startTestServer({
      contentDir: dir.root,
      adminToken: TOKEN,
      websub: { hub: hub.url },
    });
    cleanups.push(() => server.stop());
    const rescan = () =>
      rawRequest(`${server.url}/admin/rescan`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
    dir.remove("b.txt");
    expect((await rescan()).status).toBe(200);
    await until(() => hub.pings.length >= 3);
    dir.remove("a.txt");
    expect((await rescan()).status).toBe(503);
    await until(() => hub.pings.length >= 6);
    expect(
      hub.pings
        .slice(3)
        .map((p) => p.get("hub.url"))
        .sort(),
    ).toEqual(["/atom.xml", "/feed.json", "/rss.xml"].map((path) => `http://feeds.test${path}`));
    const feed = JSON.parse((await rawRequest(`${server.url}/feed.json`)).body.toString());
    expect(feed.items.map((item: { title: string }) => item.title)).toEqual(["B", "A"]);
  });

  it("retries with backoff when the hub fails, without blocking", async () => {
    const hub = await startHub([503, 500]);
    cleanups.push(hub.close);
    const publisher = createWebSubPublisher({
      hub: hub.url,
      logger: createLogger("silent"),
      baseDelayMs: 10,
    });
    const started = Date.now();
    publisher.publish(["http://feeds.test/rss.xml"]);
    expect(Date.now() - started).toBeLessThan(50);
    await publisher.settle();
    expect(hub.pings).toHaveLength(3);
  });

  it("gives up after its attempts when the hub is unreachable", async () => {
    const hub = await startHub();
    await hub.close();
    const publisher = createWebSubPublisher({
      hub: hub.url,
      logger: createLogger("silent"),
      attempts: 2,
      baseDelayMs: 5,
    });
    publisher.publish(["http://feeds.test/rss.xml"]);
    await expect(publisher.settle()).resolves.toBeUndefined();
  });
});
