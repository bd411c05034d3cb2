import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createService } from "../../src/catalogue/service.js";
import { createMemorySourceStore } from "../../src/content/source-store.js";
import { createLogger } from "../../src/log.js";
import { createPodpingNotifier, type PodpingNotifier } from "../../src/push/podping.js";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { testConfig } from "../helpers/test-server.js";

/** A Podping gateway on loopback: records each request, answers with the next status queued. */
let gateway: Server;
let endpoint: string;
let received: { url: URL; authorization: string | undefined }[];
let statuses: number[];

beforeAll(async () => {
  gateway = createServer((req: IncomingMessage, res) => {
    received.push({
      url: new URL(req.url ?? "/", endpoint),
      authorization: req.headers.authorization,
    });
    res.statusCode = statuses.shift() ?? 200;
    res.end("ok");
  });
  await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

beforeEach(() => {
  received = [];
  statuses = [];
});

const notifier = (): PodpingNotifier =>
  createPodpingNotifier({
    endpoint,
    token: "secret-token",
    logger: createLogger("silent"),
    baseDelayMs: 5,
    attempts: 3,
  });

describe("createPodpingNotifier", () => {
  it("sends the feed URL, reason and medium, with the token", async () => {
    const podping = notifier();
    podping.publish(["https://feeds.example/rss.xml"]);
    await podping.settle();
    expect(received).toHaveLength(1);
    const [ping] = received;
    expect(Object.fromEntries(ping?.url.searchParams ?? [])).toEqual({
      url: "https://feeds.example/rss.xml",
      reason: "update",
      medium: "podcast",
    });
    expect(ping?.authorization).toBe("secret-token");
  });

  it("retries with backoff until the gateway takes it, then stops", async () => {
    statuses = [503, 500, 200];
    const podping = notifier();
    podping.publish(["https://feeds.example/rss.xml"]);
    await podping.settle();
    expect(received).toHaveLength(3);
  });

  it("gives up after its attempts", async () => {
    statuses = [500, 500, 500, 500];
    const podping = notifier();
    podping.publish(["https://feeds.example/rss.xml"]);
    await podping.settle();
    expect(received).toHaveLength(3);
  });
});

describe("the service with a Podping gateway", () => {
  let dir: ContentDir;
  beforeEach(() => {
    dir = createContentDir();
    dir.write("ep.mp3", Buffer.alloc(100, 1));
    dir.write(
      "ep.md",
      "---\ntitle: One\ndate: 1700000000\ntags: show\nenclosure: ep.mp3\n---\nA.\n",
    );
    dir.write("note.md", "---\ntitle: Note\ndate: 1700000100\ntags: notes\n---\nB.\n");
  });
  afterEach(() => dir.cleanup());

  async function start() {
    const podping = notifier();
    const service = await createService({
      config: testConfig({ contentDir: dir.root, watch: false }),
      store: createMemorySourceStore(),
      logger: createLogger("silent"),
      podping,
    });
    await podping.settle();
    return { service, podping };
  }

  it("sends nothing for the first scan, nor when nothing changed", async () => {
    const { service, podping } = await start();
    await service.rescan("admin");
    await podping.settle();
    expect(received).toEqual([]);
  });

  it("announces each podcast feed an edit changed, once, and no feed without episodes", async () => {
    const { service, podping } = await start();
    dir.write(
      "ep.md",
      "---\ntitle: One, fixed\ndate: 1700000000\ntags: show\nenclosure: ep.mp3\n---\nA.\n",
    );
    await service.rescan("admin");
    await podping.settle();
    expect(received.map((ping) => ping.url.searchParams.get("url")).sort()).toEqual([
      "http://feeds.test/rss.xml",
      "http://feeds.test/tags/show/rss.xml",
    ]);
  });

  it("announces the main feed, which holds episodes, when a note in it changes", async () => {
    const { service, podping } = await start();
    dir.write("note.md", "---\ntitle: Note, fixed\ndate: 1700000100\ntags: notes\n---\nB.\n");
    await service.rescan("admin");
    await podping.settle();
    expect(received.map((ping) => ping.url.searchParams.get("url"))).toEqual([
      "http://feeds.test/rss.xml",
    ]);
  });
});
