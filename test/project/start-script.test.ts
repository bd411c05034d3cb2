import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { childEnv } from "../helpers/child-env.js";
import { createContentDir } from "../helpers/content-dir.js";

const ROOT = resolve(__dirname, "../..");
const BUNDLES = ["cli.js", "commands.js", "config.js", "engine-worker.js"];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

describe("npm start (scripts/start.mjs)", () => {
  it("serves from the current dist/ in its own process, without building again", async () => {
    const dir = createContentDir();
    try {
      dir.article("a.txt", { title: "Started", date: 1_700_000_000 });
      const before = BUNDLES.map((name) => statSync(join(ROOT, "dist", name)).mtimeMs);
      const port = String(20_000 + Math.floor(Math.random() * 20_000));
      const child = spawn(process.execPath, [join(ROOT, "scripts/start.mjs")], {
        cwd: ROOT,
        env: childEnv({ HOST: "127.0.0.1", PORT: port, CONTENT_DIR: dir.root, LOG_LEVEL: "info" }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let output = "";
      const listening = new Promise<void>((resolveListening, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line:\n${output}`)), 20_000);
        const hear = (chunk: Buffer) => {
          output += chunk;
          if (output.includes('"msg":"listening"')) {
            clearTimeout(timer);
            resolveListening();
          }
        };
        child.stdout?.on("data", hear);
        child.stderr?.on("data", hear);
        child.on("exit", () => reject(new Error(`exited early:\n${output}`)));
      });
      await listening;
      const rss = await fetch(`http://127.0.0.1:${port}/rss.xml`);
      expect(rss.status).toBe(200);
      expect(await rss.text()).toContain("<title>Started</title>");
      expect(output).not.toContain("> feedmill@");
      expect(BUNDLES.map((name) => statSync(join(ROOT, "dist", name)).mtimeMs)).toEqual(before);
    } finally {
      dir.cleanup();
    }
  });
});
