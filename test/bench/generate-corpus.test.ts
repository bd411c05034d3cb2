import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import matter from "gray-matter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/generate-corpus.js";

interface CorpusFile {
  path: string;
  bytes: Buffer;
  text: string;
  body: string;
  data: Record<string, unknown>;
}

const FRONT_MATTER = /^---[ \t]*\n[\s\S]*?\n---[ \t]*\n/;
const CORPUS_START = Date.UTC(2016, 0, 1) / 1000;
const CORPUS_END = Date.UTC(2026, 0, 1) / 1000;

const temporaryDirs: string[] = [];

async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "feedmill-corpus-"));
  temporaryDirs.push(dir);
  return dir;
}

async function readCorpus(dir: string): Promise<CorpusFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
  return Promise.all(
    paths.map(async (path) => {
      const bytes = await readFile(join(dir, path));
      const text = bytes.toString("utf8");
      const head = FRONT_MATTER.exec(text)?.[0] ?? "";
      // gray-matter wants bare `---` delimiters; the seed format pads them with a space.
      const parsed = matter(text.replace(/^---[ \t]+$/gm, "---"), {});
      return { path, bytes, text, body: text.slice(head.length), data: parsed.data };
    }),
  );
}

function epochSeconds(value: unknown): number {
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof value === "number") return value;
  throw new Error(`unexpected date ${String(value)}`);
}

function tagsOf(data: Record<string, unknown>): string[] {
  const list = data.keywords ?? data.tags ?? data.categories;
  const raw = typeof list === "string" ? list.split(",") : (list as string[]);
  return [...new Set(raw.map((tag) => String(tag).trim().toLowerCase()).filter(Boolean))];
}

afterAll(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("generateCorpus", () => {
  let corpus: CorpusFile[];
  let summary: { files: number; bytes: number };

  beforeAll(async () => {
    const dir = await makeTempDir();
    summary = await generateCorpus(dir, { count: 2000, seed: 7 });
    corpus = await readCorpus(dir);
  });

  it("writes exactly `count` files and reports their total size", () => {
    expect(summary.files).toBe(2000);
    expect(corpus).toHaveLength(2000);
    expect(summary.bytes).toBe(corpus.reduce((sum, file) => sum + file.bytes.length, 0));
  });

  it("is deterministic: the same options give the same paths and bytes", async () => {
    const [first, second] = [await makeTempDir(), await makeTempDir()];
    await generateCorpus(first, { count: 300, seed: 42 });
    await generateCorpus(second, { count: 300, seed: 42 });
    const [a, b] = [await readCorpus(first), await readCorpus(second)];
    expect(a.map((file) => file.path)).toEqual(b.map((file) => file.path));
    for (const [i, file] of a.entries())
      expect(file.bytes.equals(b[i]?.bytes ?? Buffer.alloc(0))).toBe(true);
  });

  it("gives a different corpus for a different seed", async () => {
    const [first, second] = [await makeTempDir(), await makeTempDir()];
    await generateCorpus(first, { count: 20, seed: 1 });
    await generateCorpus(second, { count: 20, seed: 2 });
    const [a, b] = [await readCorpus(first), await readCorpus(second)];
    expect(a.map((file) => file.text)).not.toEqual(b.map((file) => file.text));
  });

  it("keeps bodies within 2–20 KB with a mean near 8 KB", () => {
    const sizes = corpus.map((file) => Buffer.byteLength(file.body));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(2048);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(20_480);
    const mean = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
    expect(mean).toBeGreaterThan(7000);
    expect(mean).toBeLessThan(9500);
  });

  it("writes bodies of exactly the fixed size when min equals max", async () => {
    const dir = await makeTempDir();
    await generateCorpus(dir, { count: 200, minBodyBytes: 8192, maxBodyBytes: 8192 });
    for (const file of await readCorpus(dir)) expect(Buffer.byteLength(file.body)).toBe(8192);
  });

  it("starts every file with front matter; HTML ones use the seed's `--- ` lines", () => {
    for (const file of corpus) {
      expect(file.text.startsWith("---")).toBe(true);
      if (file.path.endsWith(".md")) continue;
      const lines = FRONT_MATTER.exec(file.text)?.[0].split("\n").slice(0, -1) ?? [];
      expect(lines[0]).toBe("--- ");
      expect(lines.at(-1)).toBe("--- ");
      for (const line of lines) expect(line.endsWith(" ")).toBe(true);
    }
  });

  it("mixes ~30 % Markdown with HTML in .txt and .html files", () => {
    const markdown = corpus.filter((file) => file.path.endsWith(".md"));
    expect(markdown.length / corpus.length).toBeGreaterThan(0.25);
    expect(markdown.length / corpus.length).toBeLessThan(0.35);
    expect(corpus.some((file) => file.path.endsWith(".txt"))).toBe(true);
    expect(corpus.some((file) => file.path.endsWith(".html"))).toBe(true);
    expect(markdown.some((file) => file.body.includes("\n```"))).toBe(true);
  });

  it("carries the scrape junk in HTML bodies", () => {
    const html = corpus
      .filter((file) => !file.path.endsWith(".md"))
      .map((file) => file.body)
      .join("");
    for (const junk of [
      "<p></p>",
      "ad-slot",
      "data:image/gif;base64,",
      "Enlarge this image",
      "toggle caption",
      "<h1>",
      'target="_blank"',
      "&#8212;",
    ]) {
      expect(html).toContain(junk);
    }
  });

  it("parses as YAML with a title, a past date and 3–12 tags", () => {
    for (const file of corpus) {
      expect(typeof file.data.title).toBe("string");
      const words = String(file.data.title).trim().split(/\s+/);
      expect(words.length).toBeGreaterThanOrEqual(4);
      expect(words.length).toBeLessThanOrEqual(12);
      const date = epochSeconds(file.data.date);
      expect(date).toBeGreaterThanOrEqual(CORPUS_START);
      expect(date).toBeLessThan(CORPUS_END);
      expect(tagsOf(file.data).length).toBeGreaterThanOrEqual(3);
      expect(tagsOf(file.data).length).toBeLessThanOrEqual(12);
    }
  });

  it("gives every article a distinct date with a sub-second fraction", () => {
    const dates = corpus.map((file) => epochSeconds(file.data.date));
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.filter((date) => !Number.isInteger(date)).length).toBeGreaterThan(1900);
  });

  it("marks ~1 % as drafts and ~0.5 % as podcast episodes with an enclosure", () => {
    const drafts = corpus.filter((file) => file.data.draft === true).length;
    const podcasts = corpus.filter((file) => file.data.enclosure !== undefined);
    expect(drafts).toBeGreaterThanOrEqual(6);
    expect(drafts).toBeLessThanOrEqual(40);
    expect(podcasts.length).toBeGreaterThanOrEqual(2);
    expect(podcasts.length).toBeLessThanOrEqual(25);
    for (const { data } of podcasts) {
      expect(data.enclosure).toMatchObject({
        url: expect.stringMatching(/^https:\/\/.+\.mp3$/),
        length: expect.any(Number),
        type: "audio/mpeg",
        duration: expect.any(Number),
      });
    }
  });

  it("spreads files over ceil(count / 500) folders, one or two levels deep", () => {
    const folders = new Set(corpus.map((file) => file.path.split("/").slice(0, -1).join("/")));
    expect(folders.size).toBe(4);
    for (const folder of folders) expect(folder.split("/").length).toBeLessThanOrEqual(2);
  });

  it("nests two levels deep when there are many folders", async () => {
    const dir = await makeTempDir();
    await generateCorpus(dir, { count: 60, subfolders: 30, minBodyBytes: 256, maxBodyBytes: 512 });
    const folders = new Set(
      (await readCorpus(dir)).map((file) => file.path.split("/").slice(0, -1).join("/")),
    );
    expect(folders.size).toBe(30);
    for (const folder of folders) expect(folder).toMatch(/^\d{4}\/\d{2}/);
  });

  it("rejects options it cannot honour", async () => {
    const dir = await makeTempDir();
    await expect(generateCorpus(dir, { count: 1, minBodyBytes: 10 })).rejects.toThrow(
      /minBodyBytes/,
    );
    await expect(
      generateCorpus(dir, { count: 1, minBodyBytes: 4096, maxBodyBytes: 1024 }),
    ).rejects.toThrow(/maxBodyBytes/);
  });
});
