import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import matter from "gray-matter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChurnEvent, type ChurnSummary, startChurn } from "../../bench/churn.js";
import { generateCorpus } from "../../bench/generate-corpus.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

function parse(bytes: Buffer): Record<string, unknown> {
  return matter(utf8.decode(bytes).replace(/^---[ \t]+$/gm, "---"), {}).data;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Relative path → sha256 of every file under `dir`, skipping `skip/`. */
async function fingerprint(dir: string, skip?: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const result = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name)
      .slice(dir.length + 1)
      .replaceAll("\\", "/");
    if (skip && path.startsWith(`${skip}/`)) continue;
    result.set(
      path,
      createHash("sha256")
        .update(await readFile(join(dir, path)))
        .digest("hex"),
    );
  }
  return result;
}

describe("startChurn", () => {
  let dir: string;
  let before: Map<string, string>;
  let summary: ChurnSummary;
  const events: ChurnEvent[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "feedmill-churn-"));
    await generateCorpus(dir, { count: 30, seed: 3, minBodyBytes: 512, maxBodyBytes: 2048 });
    before = await fingerprint(dir);
    const churn = startChurn(dir, { intervalMs: 20, seed: 11, onEvent: (e) => events.push(e) });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    summary = await churn.stop();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("performs many events of every kind", () => {
    expect(summary.events).toBeGreaterThan(30);
    expect(events).toHaveLength(summary.events);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.error)).toEqual([]);
    const kinds = new Set(events.map((e) => e.action));
    for (const kind of ["add", "edit", "break-yaml", "repair", "delete"] as const) {
      expect(kinds).toContain(kind);
    }
  });

  it("leaves live articles on disk, parseable, with the expected titles", async () => {
    expect(summary.live.size).toBeGreaterThan(0);
    for (const [path, { title }] of summary.live) {
      expect(path.startsWith("churn/")).toBe(true);
      const data = parse(await readFile(join(dir, path)));
      expect(String(data.title).trim()).toBe(title);
      expect(title).toMatch(/^Churn article \d+ rev \d+$/);
    }
  });

  it("leaves broken files on disk, failing as their reason says", async () => {
    for (const [path, { reason }] of summary.broken) {
      const bytes = await readFile(join(dir, path));
      if (reason === "utf8") expect(() => utf8.decode(bytes)).toThrow();
      else expect(() => parse(bytes)).toThrow();
    }
  });

  it("removes deleted and renamed-away paths", async () => {
    expect(summary.deleted.size).toBeGreaterThan(0);
    for (const path of summary.deleted) {
      expect(summary.live.has(path) || summary.broken.has(path)).toBe(false);
      expect(await exists(join(dir, path))).toBe(false);
    }
  });

  it("accounts for every file under churn/, with no temp files left behind", async () => {
    const onDisk = [...(await fingerprint(join(dir, "churn"))).keys()].map((p) => `churn/${p}`);
    expect(onDisk.sort()).toEqual([...summary.live.keys(), ...summary.broken.keys()].sort());
  });

  it("never writes the same title twice", () => {
    const titles = events.flatMap((e) => (e.title && e.action !== "rename" ? [e.title] : []));
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("keeps the base corpus intact", async () => {
    expect(await fingerprint(dir, "churn")).toEqual(before);
  });
});
