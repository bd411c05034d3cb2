import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { INITIAL_STATE, refresh, refreshDepsOf } from "../../src/catalogue/refresh.js";
import { createService, type Service } from "../../src/catalogue/service.js";
import { createMemorySourceStore } from "../../src/content/source-store.js";
import { createLogger } from "../../src/log.js";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { testConfig } from "../helpers/test-server.js";

const DATE = Date.UTC(2026, 5, 1) / 1000;
let dir: ContentDir;

beforeEach(() => {
  dir = createContentDir();
  dir.article("a.txt", { title: "A", date: DATE });
  dir.article("b.txt", { title: "B", date: DATE - 60 });
});
afterEach(() => dir.cleanup());

function start(): Promise<Service> {
  return createService({
    config: testConfig({ contentDir: dir.root, watch: false }),
    store: createMemorySourceStore(),
    logger: createLogger("silent"),
  });
}

const titles = (service: Service) => service.current().articles.map((a) => a.title);

/** Edit both articles, so a scan shows which of them it looked at. */
function editBoth(): void {
  dir.article("a.txt", { title: "A, edited", date: DATE });
  dir.article("b.txt", { title: "B, edited", date: DATE - 60 });
}

describe("service scans", () => {
  it("looks at just the files it is told of", async () => {
    const service = await start();
    editBoth();
    await service.notify(["a.txt"]);
    expect(titles(service)).toEqual(["A, edited", "B"]);
    expect(service.health().lastScan).toMatchObject({ scope: "files", read: 1 });
  });

  it("shares one full scan among rescans asked for while it runs", async () => {
    const service = await start();
    expect(service.rescan("admin")).toBe(service.rescan("schedule"));
  });

  it("runs a full scan after the scan of named files that a rescan found running", async () => {
    const service = await start();
    editBoth();
    const named = service.notify(["a.txt"]);
    const report = await service.rescan("admin");
    await named;
    expect(report).toMatchObject({ scope: "folder", read: 1 });
    expect(titles(service)).toEqual(["A, edited", "B, edited"]);
  });

  it("gathers names that arrive while a scan runs into one scan after it", async () => {
    const service = await start();
    const full = service.rescan("admin");
    editBoth();
    await Promise.all([full, service.notify(["a.txt"]), service.notify(["b.txt"])]);
    expect(service.health().lastScan).toMatchObject({ scope: "files", read: 2, changed: 2 });
    expect(titles(service)).toEqual(["A, edited", "B, edited"]);
  });

  it("lets a rescan take over named files waiting behind a running scan", async () => {
    const service = await start();
    const first = service.rescan("admin");
    editBoth();
    const named = service.notify(["a.txt"]);
    const second = service.rescan("admin");
    expect(second).not.toBe(first);
    const [, report] = await Promise.all([named, second]);
    expect(report).toMatchObject({ scope: "folder", read: 2 });
  });

  it("never rejects a notification; a failed scan is in health and the last state stays", async () => {
    const service = await start();
    rmSync(dir.root, { recursive: true });
    await expect(service.notify(["a.txt"])).resolves.toBeUndefined();
    expect(service.health().scanError).toMatch(/not readable/);
    expect(titles(service)).toEqual(["A", "B"]);
  });
});

describe("service started from a saved state", () => {
  it("reads again a file whose bytes changed behind an unchanged stamp", async () => {
    const store = createMemorySourceStore();
    const config = testConfig({ contentDir: dir.root, watch: false });
    const deps = refreshDepsOf(config, store);
    const before = await refresh(INITIAL_STATE, deps);
    dir.article("a.txt", { title: "A, rewritten", date: DATE });
    const after = await refresh(INITIAL_STATE, deps);
    // What a saved state would hold if a.txt were rewritten keeping its size, mtime and inode:
    // the stamps of now with the articles of before.
    const restored = { catalogue: before.snapshot.catalogue, index: after.index, bodies: [] };
    const service = await createService({
      config,
      store: createMemorySourceStore(),
      logger: createLogger("silent"),
      restored,
    });
    expect(titles(service)).toEqual(["A", "B"]);
    expect(service.health().lastScan).toMatchObject({ read: 0 });
    await service.sourcesSettled;
    await vi.waitFor(() => expect(titles(service)).toEqual(["A, rewritten", "B"]));
    expect(service.health().lastScan).toMatchObject({ scope: "files", read: 1, changed: 1 });
  });
});
