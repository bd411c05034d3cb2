import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv } from "../helpers/child-env.js";
import { parseWithFeedparser } from "../helpers/parse-feed.js";

const ROOT = resolve(__dirname, "../..");
const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));

/** The runtime stage's COPY lines as (repository path, path in the image). */
function runtimeCopies(): { from: string; to: string }[] {
  return [...runtimeStage.matchAll(/^COPY (--from=build )?(\S+) (\S+)$/gm)].map((match) => ({
    // The build stage's /app/dist is this checkout's dist/, built by `npm test` first.
    from: match[1] ? (match[2] ?? "").replace(/^\/app\//, "") : (match[2] ?? ""),
    to: match[3] ?? "",
  }));
}

describe("Dockerfile runtime stage", () => {
  it("installs no packages and copies dist/ whole, the config and the sample content", () => {
    expect(runtimeStage).not.toMatch(/npm (ci|install)|node_modules/);
    expect(runtimeCopies()).toEqual([
      { from: "package.json", to: "./" },
      { from: "dist", to: "./dist" },
      { from: "config", to: "./config" },
      { from: "content", to: "/content" },
    ]);
  });
});

describe("the runtime stage's files alone, without node_modules", () => {
  let app = "";
  let child: ChildProcess | undefined;
  let url = "";

  beforeAll(async () => {
    app = mkdtempSync(join(tmpdir(), "feedmill-runtime-"));
    for (const { from, to } of runtimeCopies()) {
      const target = to.startsWith("/") ? join(app, to) : join(app, to, to === "./" ? from : "");
      cpSync(join(ROOT, from), target, { recursive: true });
    }
    expect(existsSync(join(app, "node_modules"))).toBe(false);
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    child = spawn(process.execPath, [join(app, "dist/cli.js"), "serve"], {
      cwd: app,
      env: childEnv({ HOST: "127.0.0.1", PORT: port, CONTENT_DIR: join(app, "content") }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line:\n${output}`)), 20_000);
      child?.stdout?.on("data", (chunk) => {
        output += chunk;
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      });
      child?.on("exit", () => reject(new Error(`exited early:\n${output}`)));
    });
  }, 30_000);

  afterAll(() => {
    child?.kill("SIGKILL");
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it("serves every feed, a page, health and metrics", async () => {
    for (const path of ["/rss.xml", "/atom.xml"]) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(200);
      const feed = await parseWithFeedparser(await response.text());
      expect(feed.items.length, path).toBeGreaterThan(0);
    }
    const json = (await (await fetch(`${url}/feed.json`)).json()) as { items: unknown[] };
    expect(json.items.length).toBeGreaterThan(0);
    for (const path of ["/", "/feeds.opml", "/metrics"]) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(200);
    }
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string };
    expect(health.status).toBe("ok");
  });
});
