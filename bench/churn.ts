import { mkdir, open, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { type ArticleSpec, createRandom, type Random, renderArticle } from "./generate-corpus.js";

/** One kind of change churn makes to the content folder. */
export type ChurnAction =
  | "add"
  | "edit"
  | "edit-atomic"
  | "truncate"
  | "break-yaml"
  | "break-utf8"
  | "repair"
  | "rename"
  | "delete";

/** What churn just did; `path` (and `from` for a rename) are relative to the content folder. */
export interface ChurnEvent {
  seq: number;
  action: ChurnAction;
  path: string;
  from?: string;
  title?: string;
  error?: string;
}

/** Why a file is broken: YAML that does not parse, or bytes that are not UTF-8. */
export type BreakReason = "yaml" | "utf8";

/** The state churn expects on disk, paths relative to the content folder with `/` separators. */
export interface ChurnSummary {
  events: number;
  /** Good articles and their titles. */
  live: Map<string, { title: string }>;
  /** Files that must be reported; `lastGoodTitle`: the last good version at this path, still served. */
  broken: Map<string, { lastGoodTitle?: string; reason: BreakReason }>;
  /** Paths churn removed (deleted or renamed away); none of them exists any more. */
  deleted: Set<string>;
}

/** Options for {@link startChurn}. */
export interface ChurnOptions {
  intervalMs: number;
  seed?: number;
  onEvent?: (event: ChurnEvent) => void;
}

interface OwnFile {
  id: number;
  rev: number;
  format: ArticleSpec["format"];
  title?: string;
}

const CHURN_DIR = "churn";
const BUCKETS = ["a", "b", "c", "d"];
// After the generated corpus (which ends on 2026-01-01), so churned articles lead the feeds.
const CHURN_EPOCH_SECONDS = Date.UTC(2026, 0, 1) / 1000;
const ACTION_WEIGHTS: [ChurnAction, number][] = [
  ["add", 25],
  ["edit", 15],
  ["edit-atomic", 10],
  ["truncate", 10],
  ["break-yaml", 6],
  ["break-utf8", 6],
  ["repair", 10],
  ["rename", 8],
  ["delete", 10],
];
const TOTAL_WEIGHT = ACTION_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);

/** Titles are unique across a run and easy to search for in feeds. */
export function churnTitle(id: number, rev: number): string {
  return `Churn article ${id} rev ${rev}`;
}

/**
 * Every `intervalMs`, makes one seeded-random change under `dir/churn/` and tracks what should be
 * on disk; `stop()` waits for the change in flight and returns that expected state.
 */
export function startChurn(dir: string, options: ChurnOptions): { stop(): Promise<ChurnSummary> } {
  const random = createRandom(options.seed ?? 1);
  const files = new Map<string, OwnFile>();
  const summary: ChurnSummary = {
    events: 0,
    live: new Map(),
    broken: new Map(),
    deleted: new Set(),
  };
  let nextId = 1;
  let tempSeq = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const absolute = (path: string): string => join(dir, ...path.split("/"));

  const write = async (path: string, file: OwnFile, data: Buffer): Promise<void> => {
    await writeFile(absolute(path), data);
    files.set(path, file);
  };

  const renderGood = (file: OwnFile): Buffer => {
    file.title = churnTitle(file.id, file.rev);
    return renderArticle(random, articleSpec(random, file, file.title));
  };

  const markLive = (path: string, file: OwnFile): void => {
    summary.broken.delete(path);
    summary.live.set(path, { title: file.title ?? "" });
  };

  const markBroken = (path: string, file: OwnFile, reason: BreakReason): void => {
    summary.live.delete(path);
    summary.broken.set(
      path,
      file.title === undefined ? { reason } : { lastGoodTitle: file.title, reason },
    );
  };

  const pickPath = (from: Map<string, unknown>): string | undefined =>
    from.size === 0 ? undefined : random.pick([...from.keys()]);

  const newFile = (): OwnFile => ({
    id: nextId++,
    rev: 1,
    format: random.chance(0.3) ? "markdown" : "html",
  });

  const newPath = (file: OwnFile, suffix = ""): string => {
    const extension = file.format === "markdown" ? "md" : "txt";
    const bucket = BUCKETS[file.id % BUCKETS.length] ?? "a";
    return `${CHURN_DIR}/${bucket}/article-${String(file.id).padStart(6, "0")}${suffix}.${extension}`;
  };

  const forget = (path: string): void => {
    summary.live.delete(path);
    summary.broken.delete(path);
    summary.deleted.add(path);
  };

  const add = async (): Promise<ChurnEvent> => {
    const file = newFile();
    const path = newPath(file);
    await write(path, file, renderGood(file));
    markLive(path, file);
    return { seq: 0, action: "add", path, title: file.title };
  };

  // Mostly breaks a good article; sometimes creates one that was never good.
  const breakFile = async (reason: BreakReason): Promise<ChurnEvent> => {
    const existing = random.chance(0.85) ? pickPath(summary.live) : undefined;
    const file = (existing === undefined ? undefined : files.get(existing)) ?? newFile();
    const path = existing ?? newPath(file);
    file.rev++;
    const data = reason === "yaml" ? brokenYaml(random, file) : invalidUtf8(random, file);
    await write(path, file, data);
    markBroken(path, file, reason);
    return { seq: 0, action: reason === "yaml" ? "break-yaml" : "break-utf8", path };
  };

  const actions: Record<ChurnAction, () => Promise<ChurnEvent | undefined>> = {
    add,
    edit: async () => {
      const path = pickPath(summary.live);
      const file = path === undefined ? undefined : files.get(path);
      if (path === undefined || !file) return undefined;
      file.rev++;
      await write(path, file, renderGood(file));
      markLive(path, file);
      return { seq: 0, action: "edit", path, title: file.title };
    },
    "edit-atomic": async () => {
      const path = pickPath(summary.live);
      const file = path === undefined ? undefined : files.get(path);
      if (path === undefined || !file) return undefined;
      file.rev++;
      // A dot-file with a non-article extension: scanners must ignore it while it exists.
      const temp = `${CHURN_DIR}/.edit-${++tempSeq}.tmp`;
      await writeFile(absolute(temp), renderGood(file));
      await rename(absolute(temp), absolute(path));
      markLive(path, file);
      return { seq: 0, action: "edit-atomic", path, title: file.title };
    },
    truncate: async () => {
      const path = pickPath(summary.live);
      const file = path === undefined ? undefined : files.get(path);
      if (path === undefined || !file) return undefined;
      file.rev++;
      const data = renderGood(file);
      const half = Math.floor(data.length / 2);
      const handle = await open(absolute(path), "w");
      try {
        await handle.write(data, 0, half);
        // A scan that lands here sees half an article.
        await delay(1);
        await handle.write(data, half, data.length - half);
      } finally {
        await handle.close();
      }
      markLive(path, file);
      return { seq: 0, action: "truncate", path, title: file.title };
    },
    "break-yaml": () => breakFile("yaml"),
    "break-utf8": () => breakFile("utf8"),
    repair: async () => {
      const path = pickPath(summary.broken);
      const file = path === undefined ? undefined : files.get(path);
      if (path === undefined || !file) return undefined;
      file.rev++;
      await write(path, file, renderGood(file));
      markLive(path, file);
      return { seq: 0, action: "repair", path, title: file.title };
    },
    rename: async () => {
      const from = pickPath(files);
      const file = from === undefined ? undefined : files.get(from);
      if (from === undefined || !file) return undefined;
      const path = newPath(file, `-moved-${++tempSeq}`);
      await rename(absolute(from), absolute(path));
      files.delete(from);
      files.set(path, file);
      const broken = summary.broken.get(from);
      // A reader keys its last good version by path, so a broken file that moves has none.
      if (broken) summary.broken.set(path, { reason: broken.reason });
      else summary.live.set(path, { title: file.title ?? "" });
      forget(from);
      return { seq: 0, action: "rename", path, from, title: file.title };
    },
    delete: async () => {
      const path = pickPath(files);
      if (path === undefined) return undefined;
      await rm(absolute(path));
      files.delete(path);
      forget(path);
      return { seq: 0, action: "delete", path };
    },
  };

  const step = async (): Promise<void> => {
    const chosen = chooseAction(random);
    let event: ChurnEvent | undefined;
    try {
      event = (await actions[chosen]()) ?? (await add());
    } catch (error) {
      event = { seq: 0, action: chosen, path: "", error: String(error) };
    }
    event.seq = ++summary.events;
    options.onEvent?.(event);
  };

  const ready = prepare(dir).then((maxId) => {
    nextId = maxId + 1;
  });
  let current: Promise<void> = ready;

  const tick = (): void => {
    current = ready.then(step).finally(() => {
      if (!stopped) timer = setTimeout(tick, options.intervalMs);
    });
  };
  timer = setTimeout(tick, options.intervalMs);

  return {
    async stop(): Promise<ChurnSummary> {
      stopped = true;
      clearTimeout(timer);
      await current;
      return {
        events: summary.events,
        live: new Map(summary.live),
        broken: new Map(summary.broken),
        deleted: new Set(summary.deleted),
      };
    },
  };
}

function chooseAction(random: Random): ChurnAction {
  let roll = random.next() * TOTAL_WEIGHT;
  for (const [action, weight] of ACTION_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return action;
  }
  return "add";
}

function articleSpec(random: Random, file: OwnFile, title: string): ArticleSpec {
  return {
    format: file.format,
    title,
    time: { seconds: CHURN_EPOCH_SECONDS + file.id * 60, fraction: random.int(0, 9_999_999) },
    bodyBytes: random.int(1024, 3072),
  };
}

function brokenYaml(random: Random, file: OwnFile): Buffer {
  const date = CHURN_EPOCH_SECONDS + file.id * 60;
  const html = `<p>${churnTitle(file.id, file.rev)}: this revision has front matter that does not parse.</p>`;
  const head = random.chance(0.5) ? "---" : "--- ";
  return Buffer.from(`${head}\ntitle: [unclosed\ndate: ${date}.5\n${head}\n${html}\n`);
}

// The title carries `0xC3 0x28`: a lead byte followed by a byte that cannot continue it.
function invalidUtf8(random: Random, file: OwnFile): Buffer {
  const title = `${churnTitle(file.id, file.rev)} café`;
  const data = renderArticle(random, articleSpec(random, file, title));
  const at = data.indexOf("café");
  if (at >= 0) data[at + 4] = 0x28;
  return data;
}

/** Creates the churn folders and returns the highest article id already there, so ids never repeat. */
async function prepare(dir: string): Promise<number> {
  const root = join(dir, CHURN_DIR);
  for (const bucket of BUCKETS) await mkdir(join(root, bucket), { recursive: true });
  let maxId = 0;
  for (const name of await readdir(root, { recursive: true })) {
    const id = Number(/article-(\d+)/.exec(name)?.[1] ?? 0);
    if (id > maxId) maxId = id;
  }
  return maxId;
}
