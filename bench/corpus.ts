import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type CorpusOptions, generateCorpus } from "./generate-corpus.js";
import { BENCH_DIR } from "./paths.js";

/** Where generated corpora live (gitignored); reused across runs. */
export const CORPUS_ROOT = join(BENCH_DIR, ".corpus");

/** The generator's defaults: 2–20 KB bodies skewed short, mean ≈ 8 KB per file. */
const BODY_LABEL = "8k";

/** A corpus on disk and what is in it. */
export interface Corpus {
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
}

interface Marker {
  readonly key: string;
  readonly files: number;
  readonly bytes: number;
}

function generatorHash(): string {
  const source = readFileSync(join(BENCH_DIR, "generate-corpus.ts"));
  return createHash("sha256").update(source).digest("hex").slice(0, 16);
}

function readMarker(path: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Marker;
  } catch {
    return undefined;
  }
}

/**
 * The corpus of `count` articles, generated once: a marker beside the folder records the
 * generator options and the generator's own hash, so a changed generator regenerates.
 */
export async function ensureCorpus(count: number, log: (line: string) => void): Promise<Corpus> {
  const dir = join(CORPUS_ROOT, `${count}-${BODY_LABEL}`);
  const options: CorpusOptions = { count };
  const key = JSON.stringify({ generator: generatorHash(), options });
  const markerPath = `${dir}.json`;
  restoreCorpus(dir);
  const marker = readMarker(markerPath);
  if (marker?.key === key && existsSync(dir)) return { dir, ...marker };
  log(`generating ${count} articles into ${dir} …`);
  rmSync(markerPath, { force: true });
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const summary = await generateCorpus(dir, options);
  writeFileSync(markerPath, JSON.stringify({ key, ...summary }));
  log(`  ${summary.files} files, ${mib(summary.bytes)} MiB in ${seconds(started)} s`);
  return { dir, files: summary.files, bytes: summary.bytes };
}

/** Folder inside a corpus where the change benchmark adds articles; removed afterwards. */
export function newArticlesDir(corpusDir: string): string {
  return join(corpusDir, "zz-bench-new");
}

/** Undo what an interrupted run may have left: a rewritten file, added articles. */
export function restoreCorpus(corpusDir: string): void {
  restoreChangedFile(corpusDir);
  rmSync(newArticlesDir(corpusDir), { recursive: true, force: true });
}

/** Path of the saved original of a file a benchmark rewrites; outside the corpus folder. */
export function backupPathOf(corpusDir: string): string {
  return `${corpusDir}.changed.json`;
}

/** Put back a file a previous, interrupted run left rewritten. */
export function restoreChangedFile(corpusDir: string): void {
  const backup = backupPathOf(corpusDir);
  if (!existsSync(backup)) return;
  const saved = JSON.parse(readFileSync(backup, "utf8")) as { path: string; base64: string };
  writeFileSync(saved.path, Buffer.from(saved.base64, "base64"));
  rmSync(backup);
}

/** Save a file's bytes before a benchmark rewrites it, so that any later run can restore it. */
export function saveOriginal(corpusDir: string, path: string): void {
  const base64 = readFileSync(path).toString("base64");
  const temp = `${backupPathOf(corpusDir)}.tmp`;
  writeFileSync(temp, JSON.stringify({ path, base64 }));
  renameSync(temp, backupPathOf(corpusDir));
}

/** A path inside the corpus that a benchmark may rewrite: the middle file of the middle folder. */
export async function pickFileToChange(corpusDir: string): Promise<string> {
  const folders = await listLeafFolders(corpusDir);
  const folder = folders[Math.floor(folders.length / 2)] as string;
  const names = (await readdir(folder)).sort();
  return join(folder, names[Math.floor(names.length / 2)] as string);
}

async function listLeafFolders(root: string): Promise<string[]> {
  const leaves: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const entries = await readdir(dir, { withFileTypes: true });
    const subdirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith("."));
    if (subdirs.length === 0) leaves.push(dir);
    for (const sub of subdirs) pending.push(join(dir, sub.name));
  }
  return leaves.sort();
}

const CONVERSIONS_IN_FLIGHT = 32;

/** Every file under `root`, as paths relative to it. */
async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const pending = [""];
  while (pending.length > 0) {
    const rel = pending.pop() as string;
    for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
      const path = join(rel, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else files.push(path);
    }
  }
  return files;
}

const EPOCH_DATE = /^date: *(\d{9,11}(?:\.\d+)?) *$/m;

/**
 * Hugo reads only some extensions as content (not `.txt`) and cannot read an epoch-seconds
 * `date`, so it gets a converted copy: `.txt` → `.html`, epoch dates → ISO 8601 (front matter
 * only), everything else byte-identical. Built once, untimed.
 */
export async function ensureHugoCorpus(
  corpus: Corpus,
  log: (line: string) => void,
): Promise<Corpus> {
  const dir = `${corpus.dir}-hugo`;
  const markerPath = `${dir}.json`;
  const source = readMarker(`${corpus.dir}.json`);
  const key = JSON.stringify({ source: source?.key, conversion: 1 });
  const marker = readMarker(markerPath);
  if (marker?.key === key && existsSync(dir)) return { dir, ...marker };
  log(`converting ${corpus.files} articles for Hugo into ${dir} …`);
  rmSync(markerPath, { force: true });
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const paths = await listFiles(corpus.dir);
  for (const folder of new Set(paths.map((path) => dirname(path)))) {
    await mkdir(join(dir, folder), { recursive: true });
  }
  let next = 0;
  let bytes = 0;
  const work = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      const converted = convertForHugo(await readFile(join(corpus.dir, path), "utf8"));
      await writeFile(join(dir, path.replace(/\.txt$/, ".html")), converted);
      bytes += Buffer.byteLength(converted);
    }
  };
  await Promise.all(Array.from({ length: CONVERSIONS_IN_FLIGHT }, work));
  const files = paths.length;
  writeFileSync(markerPath, JSON.stringify({ key, files, bytes }));
  log(`  ${files} files in ${seconds(started)} s`);
  return { dir, files, bytes };
}

/** Rewrite an epoch-seconds `date:` line of the front matter as ISO 8601. */
export function convertForHugo(text: string): string {
  const close = text.indexOf("\n---", 3);
  if (close === -1) return text;
  const head = text.slice(0, close);
  const converted = head.replace(EPOCH_DATE, (_line, epoch: string) => {
    return `date: ${new Date(Math.round(Number(epoch) * 1000)).toISOString()}`;
  });
  return converted + text.slice(close);
}

function mib(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

function seconds(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}
