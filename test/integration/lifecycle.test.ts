import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { type IncomingMessage, request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { childEnv } from "../helpers/child-env.js";
import { createContentDir } from "../helpers/content-dir.js";

const CLI = resolve(__dirname, "../../dist/cli.js");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Start the built CLI and wait for its "listening" log line. */
async function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, "serve"], {
    env: childEnv({ HOST: "127.0.0.1", LOG_LEVEL: "info", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolveExit) =>
    child.on("exit", (code) => resolveExit(code)),
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line:\n${output}`)), 15_000);
    child.stdout?.on("data", () => {
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on("exit", () => reject(new Error(`exited early:\n${output}`)));
  });
  return { child, url, exited, output: () => output };
}

describe("lifecycle", () => {
  it("finishes an in-flight request and exits 0 on SIGTERM", async () => {
    const dir = createContentDir();
    try {
      dir.article("a.txt", { title: "A", date: 1_700_000_000 });
      const port = String(20_000 + Math.floor(Math.random() * 20_000));
      const { child, url, exited } = await startCli({ CONTENT_DIR: dir.root, PORT: port });
      // The request is in flight (headers received, body not yet read) when the signal arrives.
      const response = await new Promise<IncomingMessage>((resolveResponse, reject) => {
        const req = request(`${url}/rss.xml`, resolveResponse);
        req.on("error", reject);
        req.end();
      });
      response.pause();
      const body = new Promise<string>((resolveBody) => {
        let text = "";
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => resolveBody(text));
      });
      child.kill("SIGTERM");
      response.resume();
      const started = Date.now();
      expect(await body).toContain("<rss");
      expect(await exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      dir.cleanup();
    }
  });

  it("leaves no copy of the content in its temp folder when it is killed", async () => {
    const dir = createContentDir();
    const temp = mkdtempSync(join(tmpdir(), "feedmill-killed-"));
    try {
      dir.article("a.txt", { title: "A", date: 1_700_000_000 });
      const port = String(20_000 + Math.floor(Math.random() * 20_000));
      const { child, url, exited } = await startCli({
        CONTENT_DIR: dir.root,
        PORT: port,
        TMPDIR: temp,
      });
      expect((await fetch(`${url}/rss.xml`)).status).toBe(200);
      const entries = () => readdirSync(temp, { recursive: true, withFileTypes: true });
      // The engine's folder is there while it runs; its pack has no name in it.
      expect(entries().some((entry) => entry.isDirectory())).toBe(true);
      child.kill("SIGKILL");
      await exited;
      expect(entries().filter((entry) => !entry.isDirectory())).toEqual([]);
    } finally {
      dir.cleanup();
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it("fails fast with a clear message when the content folder is missing", async () => {
    const child = spawn(process.execPath, [CLI, "serve"], {
      env: childEnv({
        CONTENT_DIR: "/nonexistent/feedmill-content",
        PORT: "0",
        LOG_LEVEL: "silent",
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code).toBe(1);
    expect(stderr).toContain("/nonexistent/feedmill-content");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
