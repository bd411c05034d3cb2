import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { childScript } from "../children.js";
import { ensureCorpus } from "../corpus.js";
import { ADMIN_TOKEN, CRON_YEARLY, startFeedmill } from "../feedmill-process.js";
import { createRandom, renderArticle } from "../generate-corpus.js";
import { httpRequest } from "../http-client.js";
import type { BenchOptions } from "../options.js";
import { sleep, spawnTracked } from "../processes.js";

/** Where the large articles go inside the corpus (removed before and after). */
const LARGE_DIR = "large-bench";
const LARGE_TAG = "large-bench";
const LARGE_BODY_BYTES = 4_900_000;
const FORMATS = ["html", "markdown", "html", "markdown", "html"] as const;
const MIB = 1024 * 1024;

/** One change to a large article, and how long until the service had taken it in. */
export interface LargeChange {
  readonly action: "add" | "edit" | "delete";
  readonly path: string;
  /** From writing the file to the answer of `POST /admin/rescan`. */
  readonly settledMs: number;
  /** Whether the tag's page then listed (add, edit) or left out (delete) the article. */
  readonly listed: boolean;
}

/** `/rss.xml` under load while large articles come, change and go, at one corpus size. */
export interface IsolationResult {
  readonly size: number;
  readonly connections: number;
  readonly largeArticles: number;
  readonly largeBodyBytes: number;
  readonly load: {
    readonly requests: number;
    readonly seconds: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
    /** Answers other than 200 and 304 (a 304 is what a poll with a current ETag should get). */
    readonly unexpected: number;
    readonly statusCodes: Record<string, number>;
    readonly errors: number;
  };
  /** Largest event-loop delay of the serving thread over the run (from `/metrics`). */
  readonly mainLoopMaxMs: number;
  /** Largest event-loop delay the engine reported over the run. */
  readonly engineLoopMaxMs: number;
  readonly peakRssMiB: number;
  readonly changes: LargeChange[];
  /** After each phase (adds, edits, deletes): did the tag feed hold exactly the articles expected? */
  readonly feedsChecked: { readonly phase: string; readonly ok: boolean; readonly ms: number }[];
  /** The uncached page of a large article, and the slowest `/rss.xml` asked for meanwhile. */
  readonly uncachedPage: {
    readonly pageMs: number;
    readonly otherMaxMs: number;
    readonly others: number;
  };
  readonly loadAverage: { readonly start: string; readonly end: string };
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

/** A large article in the corpus's own styles, tagged so that its tag feed lists exactly these. */
function largeArticle(format: "html" | "markdown", index: number, rev: number): Buffer {
  const random = createRandom(9_000 + index * 10 + rev);
  // Older than the subscription window: the articles reach the archives, the tag feed and
  // their pages (see docs/benchmarks.md for why not the subscription document).
  const seconds = Date.UTC(2024, 0, 1 + index) / 1000;
  const title = `Large ${format} article ${index} rev ${rev}`;
  const generated = renderArticle(random, {
    format,
    title,
    time: { seconds, fraction: 0 },
    bodyBytes: LARGE_BODY_BYTES,
  });
  const close = format === "html" ? "\n--- \n" : "\n---\n";
  const body = generated.subarray(generated.indexOf(close, 4) + close.length);
  const head =
    format === "html"
      ? `--- \ntitle: > \n  ${title} \ndescription: > \n  A large one. \nkeywords: > \n  ${LARGE_TAG} \ndate: ${seconds} \n--- \n`
      : `---\ntitle: "${title}"\ndescription: "A large one."\ntags: [${LARGE_TAG}]\ndate: ${new Date(seconds * 1000).toISOString()}\n---\n`;
  return Buffer.concat([Buffer.from(head), body]);
}

/** autocannon on one URL in its own process until `stop()`, polling as readers do. */
function startLoad(url: string, connections: number) {
  const headers = { "accept-encoding": "gzip" };
  const child = spawnTracked(
    process.execPath,
    [
      childScript("load-until-child"),
      JSON.stringify({ url, connections, headers, conditional: true }),
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const done = new Promise<string>((resolve) => child.once("close", () => resolve(output)));
  return {
    async stop() {
      child.stdin?.end("stop\n");
      const text = await done;
      return JSON.parse(text.trim().split("\n").pop() ?? "{}") as {
        totalRequests: number;
        durationSeconds: number;
        latencyP50Ms: number;
        latencyP99Ms: number;
        latencyMaxMs: number;
        non2xx: number;
        errors: number;
        timeouts: number;
        statusCodes: Record<string, number>;
      };
    },
  };
}

/** Read `feedmill_event_loop_delay_seconds` (each scrape starts the serving thread's next window). */
async function loopDelays(port: number): Promise<{ main: number; engine: number }> {
  const text = (await httpRequest(port, "/metrics")).body.toString();
  const max = (thread: string) =>
    Number(
      new RegExp(
        `feedmill_event_loop_delay_seconds\\{thread="${thread}",stat="max"\\} (\\S+)`,
      ).exec(text)?.[1] ?? 0,
    ) * 1000;
  return { main: max("main"), engine: max("engine") };
}

/** Sequential `/rss.xml` requests until `until` settles; the slowest one's latency. */
async function probeWhile(port: number, until: Promise<unknown>) {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  let slowest = 0;
  let count = 0;
  while (!done) {
    const started = performance.now();
    await httpRequest(port, "/rss.xml", { headers: { "accept-encoding": "gzip" } });
    slowest = Math.max(slowest, performance.now() - started);
    count += 1;
    await sleep(10);
  }
  return { slowest, count };
}

async function tagFeedTitles(port: number): Promise<string[]> {
  const response = await httpRequest(port, `/tags/${LARGE_TAG}/feed.json`);
  if (response.status === 404) return [];
  const feed = JSON.parse(response.body.toString()) as { items: { title: string }[] };
  return feed.items.map((item) => item.title).sort();
}

/** The tag's HTML page: it lists titles without bodies, so checking it costs no cleaning. */
async function tagPage(port: number): Promise<string> {
  const response = await httpRequest(port, `/tags/${LARGE_TAG}/`);
  return response.status === 200 ? response.body.toString() : "";
}

const titleOf = (index: number, rev: number) =>
  `Large ${FORMATS[index] ?? "html"} article ${index} rev ${rev}`;

/**
 * At the serving corpus size: 100 connections on `/rss.xml` while five 4.9 MB articles (HTML
 * and Markdown) are added, edited and deleted one change at a time, each taken in by
 * `POST /admin/rescan` and checked in their tag feed; the uncached page of one of them; the
 * largest event-loop delay of the serving thread and the peak RSS of the service.
 */
export async function runIsolation(
  options: BenchOptions,
  log: (line: string) => void,
  connections = 100,
): Promise<IsolationResult> {
  const corpus = await ensureCorpus(options.serveSize, log);
  const largeDir = join(corpus.dir, LARGE_DIR);
  rmSync(largeDir, { recursive: true, force: true });
  const loadAtStart = load();
  const feedmill = await startFeedmill({
    contentDir: corpus.dir,
    scanCron: CRON_YEARLY,
    adminToken: ADMIN_TOKEN,
  });
  const changes: LargeChange[] = [];
  let engineLoopMaxMs = 0;
  let mainLoopMaxMs = 0;
  const sampleLoop = async () => {
    const delays = await loopDelays(feedmill.port);
    mainLoopMaxMs = Math.max(mainLoopMaxMs, delays.main);
    engineLoopMaxMs = Math.max(engineLoopMaxMs, delays.engine);
  };
  const sampler = setInterval(() => void sampleLoop(), 1000);
  try {
    await loopDelays(feedmill.port);
    const loadRun = startLoad(`http://127.0.0.1:${feedmill.port}/rss.xml`, connections);
    await sleep(options.warmupSeconds * 1000);
    const rescan = () =>
      httpRequest(feedmill.port, "/admin/rescan", {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
    const change = async (action: LargeChange["action"], index: number, rev: number) => {
      const format = FORMATS[index] ?? "html";
      const path = join(LARGE_DIR, `${format}-${index}.${format === "html" ? "html" : "md"}`);
      const started = performance.now();
      if (action === "delete") rmSync(join(corpus.dir, path));
      else writeFileSync(join(corpus.dir, path), largeArticle(format, index, rev));
      const answer = await rescan();
      if (answer.status !== 200) throw new Error(`rescan answered ${answer.status}`);
      const settledMs = performance.now() - started;
      const shown = (await tagPage(feedmill.port)).includes(titleOf(index, rev));
      const listed = action === "delete" ? !shown : shown;
      changes.push({ action, path, settledMs, listed });
      log(`  ${action} ${path}: ${settledMs.toFixed(0)} ms, listed as expected: ${listed}`);
    };
    const feedsChecked: IsolationResult["feedsChecked"][number][] = [];
    const checkFeeds = async (phase: string, rev: number | null) => {
      const started = performance.now();
      const titles = await tagFeedTitles(feedmill.port);
      const expected = rev === null ? [] : FORMATS.map((_, index) => titleOf(index, rev)).sort();
      const ok = JSON.stringify(titles) === JSON.stringify(expected);
      feedsChecked.push({ phase, ok, ms: performance.now() - started });
      log(
        `  tag feed after the ${phase}: ${ok ? "as expected" : `unexpected ${titles.join(", ")}`}`,
      );
    };
    mkdirSync(largeDir, { recursive: true });
    let uncachedPage = { pageMs: 0, otherMaxMs: 0, others: 0 };
    for (const [index] of FORMATS.entries()) {
      await change("add", index, 1);
      if (index === 0) {
        const started = performance.now();
        const page = httpRequest(feedmill.port, `/articles/${LARGE_DIR}/html-0`);
        const probe = await probeWhile(feedmill.port, page);
        uncachedPage = {
          pageMs: performance.now() - started,
          otherMaxMs: probe.slowest,
          others: probe.count,
        };
        if ((await page).status !== 200) throw new Error("the large article's page is missing");
      }
    }
    await checkFeeds("adds", 1);
    for (const [index] of FORMATS.entries()) await change("edit", index, 2);
    await checkFeeds("edits", 2);
    for (const [index] of FORMATS.entries()) await change("delete", index, 2);
    await checkFeeds("deletes", null);
    const run = await loadRun.stop();
    await sampleLoop();
    return {
      size: options.serveSize,
      connections,
      largeArticles: FORMATS.length,
      largeBodyBytes: LARGE_BODY_BYTES,
      load: {
        requests: run.totalRequests,
        seconds: run.durationSeconds,
        p50Ms: run.latencyP50Ms,
        p99Ms: run.latencyP99Ms,
        maxMs: run.latencyMaxMs,
        unexpected: Object.entries(run.statusCodes)
          .filter(([code]) => code !== "200" && code !== "304")
          .reduce((sum, [, count]) => sum + count, 0),
        statusCodes: run.statusCodes,
        errors: run.errors + run.timeouts,
      },
      mainLoopMaxMs,
      engineLoopMaxMs,
      peakRssMiB: feedmill.peakRss() / MIB,
      changes,
      feedsChecked,
      uncachedPage,
      loadAverage: { start: loadAtStart, end: load() },
    };
  } finally {
    clearInterval(sampler);
    await feedmill.stop();
    rmSync(largeDir, { recursive: true, force: true });
  }
}
