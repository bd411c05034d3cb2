import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { childEnv } from "./helpers/child-env.js";
import { testConfig } from "./helpers/test-server.js";

describe("config", () => {
  it("defaults BASE_URL to http://localhost:$PORT", () => {
    const config = testConfig({ baseUrl: null }, { PORT: "8080" });
    expect(config.baseUrl).toBe("http://localhost:8080");
    expect(config.port).toBe(8080);
  });

  it("lets the environment win over the config file", () => {
    const config = testConfig(
      { feedLimit: 5 },
      {
        FEED_LIMIT: "7",
        BASE_URL: "https://news.example/",
        SCAN_CRON: "*/5 * * * * *",
        CONTENT_DIR: "/srv/content",
        STATE_DIR: "/var/lib/feedmill",
        LOG_LEVEL: "debug",
        HOST: "0.0.0.0",
        ADMIN_TOKEN: "0123456789abcdef0123",
      },
    );
    expect(config).toMatchObject({
      feedLimit: 7,
      baseUrl: "https://news.example",
      scanCron: "*/5 * * * * *",
      contentDir: "/srv/content",
      stateDir: "/var/lib/feedmill",
      logLevel: "debug",
      host: "0.0.0.0",
      adminToken: "0123456789abcdef0123",
    });
  });

  it("keeps no state unless STATE_DIR names a folder, resolved like CONTENT_DIR", () => {
    expect(testConfig().stateDir).toBeNull();
    expect(testConfig({}, { STATE_DIR: "state" }).stateDir).toMatch(/^\/.+\/state$/);
  });

  it("resolves site URLs against the base URL and freezes the result", () => {
    const config = testConfig({ baseUrl: "https://news.example" });
    expect(config.site.icon).toBe("https://news.example/media/icon.png");
    expect(Object.isFrozen(config.site)).toBe(true);
  });

  it("merges CONFIG_FILE over the defaults", () => {
    const dir = mkdtempSync(join(tmpdir(), "feedmill-config-"));
    const file = join(dir, "site.json");
    writeFileSync(file, JSON.stringify({ site: { title: "My feeds" }, feedLimit: 3 }));
    const result = loadConfig({ CONFIG_FILE: file }, dir);
    expect(result.ok && result.config.site.title).toBe("My feeds");
    expect(result.ok && result.config.site.language).toBe("en");
    expect(result.ok && result.config.feedLimit).toBe(3);
  });

  it("lists every bad key at once", () => {
    const result = loadConfig({
      PORT: "http",
      FEED_LIMIT: "0",
      SCAN_CRON: "every minute",
      BASE_URL: "nope",
      WATCH: "sometimes",
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual([
      "baseUrl",
      "feedLimit",
      "port",
      "scanCron",
      "watch",
    ]);
  });

  it.each([
    ["false", false],
    ["0", false],
    ["Off", false],
    ["no", false],
    ["true", true],
    ["1", true],
    [" on ", true],
    ["YES", true],
  ])("reads WATCH=%j as %s", (value, expected) => {
    expect(testConfig({}, { WATCH: value }).watch).toBe(expected);
  });

  it.each([
    ["the default", {}, "public, max-age=300", 300],
    [
      "a schedule sparser than max-age, with only the schedule to change anything",
      {
        watch: false,
        scanCron: "*/15 * * * *",
        cacheControl: "public, max-age=300, stale-if-error=60",
      },
      "public, max-age=900, stale-if-error=60",
      900,
    ],
    [
      "the same schedule with the watcher on",
      { watch: true, scanCron: "*/15 * * * *" },
      "public, max-age=300",
      300,
    ],
    [
      "the same schedule with POST /admin/rescan",
      { watch: false, scanCron: "*/15 * * * *", adminToken: "a-token-of-sixteen-chars" },
      "public, max-age=300",
      300,
    ],
    [
      "a schedule denser than max-age",
      { watch: false, scanCron: "*/10 * * * * *" },
      "public, max-age=300",
      300,
    ],
    ["no max-age", { cacheControl: "no-cache" }, "no-cache", null],
  ])("derives the polling interval for %s", (_name, overrides, cacheControl, seconds) => {
    const config = testConfig(overrides);
    expect(config.cacheControl).toBe(cacheControl);
    expect(config.maxAgeSeconds).toBe(seconds);
  });

  it("watches the content folder by default, and a config file can turn it off", () => {
    expect(testConfig().watch).toBe(true);
    expect(testConfig({ watch: false }).watch).toBe(false);
  });

  it("reads ahead 32 files at a time by default, and 0 turns reading ahead off", () => {
    expect(testConfig().readConcurrency).toBe(32);
    expect(testConfig({ readConcurrency: 0 }).readConcurrency).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "feedmill-config-"));
    const file = join(dir, "site.json");
    writeFileSync(file, JSON.stringify({ readConcurrency: -1 }));
    const result = loadConfig({ CONFIG_FILE: file }, dir);
    expect(result.ok ? [] : result.problems.map((p) => p.split(":")[0])).toEqual([
      "readConcurrency",
    ]);
  });

  it("refuses a junk selector that is not CSS, naming the key", () => {
    const dir = mkdtempSync(join(tmpdir(), "feedmill-config-"));
    const file = join(dir, "site.json");
    writeFileSync(file, JSON.stringify({ clean: { junkSelectors: [".ad", "p:::nope"] } }));
    const result = loadConfig({ CONFIG_FILE: file }, dir);
    expect(result.ok ? [] : result.problems).toEqual([
      "clean.junkSelectors: not a valid CSS selector: p:::nope",
    ]);
  });

  it("sets the connection caps from the environment over the file's server keys", () => {
    const config = testConfig(
      { server: { maxConnections: 50, headersTimeout: 2000 } },
      { MAX_CONNECTIONS: "4000", MAX_CONNECTIONS_PER_SOURCE: "0" },
    );
    expect(config.server).toEqual({
      maxConnections: 4000,
      maxConnectionsPerSource: 0,
      headersTimeout: 2000,
      requestTimeout: 30000,
      keepAliveTimeout: 65000,
    });
  });

  it("refuses a header timeout longer than the request timeout, naming the key", () => {
    expect(() => testConfig({ server: { headersTimeout: 60000, requestTimeout: 1000 } })).toThrow(
      /server\.headersTimeout: headersTimeout must not exceed requestTimeout/,
    );
  });

  it("refuses unknown keys in a config file, naming them", () => {
    const dir = mkdtempSync(join(tmpdir(), "feedmill-config-"));
    const file = join(dir, "site.json");
    writeFileSync(file, JSON.stringify({ feedLimt: 3 }));
    const result = loadConfig({ CONFIG_FILE: file }, dir);
    expect(result.ok ? [] : result.problems).toEqual([expect.stringContaining("feedLimt")]);
  });

  it("stops start-up with one clear message and exit code 1, no stack trace", () => {
    const cli = resolve(__dirname, "../dist/cli.js");
    const run = spawnSync(process.execPath, [cli, "serve"], {
      env: childEnv({ FEED_LIMIT: "lots", ADMIN_TOKEN: "short" }),
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("feedmill: invalid configuration:");
    expect(run.stderr).toContain("feedLimit");
    expect(run.stderr).toContain("adminToken");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
