import type { HotFunction } from "./cpu-profile.js";
import type { Summary } from "./stats.js";
import type { ChangeResult } from "./suites/change.js";
import type { CleanResult } from "./suites/clean.js";
import type { ColdStartResult } from "./suites/cold-start.js";
import type { IsolationResult } from "./suites/isolation.js";
import type { PipelineResult } from "./suites/pipeline.js";
import type { ProfileResult } from "./suites/profile.js";
import type { ServeResult, ServerFigures } from "./suites/serve.js";
import type { TargetCheck } from "./targets.js";

/** Everything one bench run measured, as written to `bench/results/<name>.json`. */
export interface BenchResults {
  readonly name: string;
  readonly startedAt: string;
  readonly wallSeconds: number;
  readonly options: unknown;
  readonly machine: Record<string, unknown>;
  readonly pipeline?: PipelineResult[];
  readonly coldStart?: ColdStartResult[];
  readonly change?: ChangeResult[];
  readonly serve?: ServeResult;
  readonly isolation?: IsolationResult;
  readonly profile?: ProfileResult;
  readonly clean?: CleanResult[];
  readonly targets: TargetCheck[];
}

function num(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return "–";
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** "median (min–max)", or the one value of a single run. */
export function fmt(summary: Summary | undefined, digits?: number): string {
  if (!summary) return "–";
  if (summary.values.length < 2) return num(summary.median, digits);
  return `${num(summary.median, digits)} (${num(summary.min, digits)}–${num(summary.max, digits)})`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function size(n: number): string {
  return n >= 1000 ? `${n / 1000}k` : String(n);
}

function pipelineTables(results: readonly PipelineResult[]): string {
  const ours = table(
    [
      "articles",
      "cold scan ms",
      "unchanged rescan ms",
      "one changed ms",
      "peak RSS MB",
      "heap after GC MB",
    ],
    results.map((r) => [
      size(r.size),
      fmt(r.feedmill.coldMs),
      fmt(r.feedmill.unchangedMs),
      fmt(r.feedmill.oneChangedMs),
      fmt(r.feedmill.peakRssMb),
      fmt(r.feedmill.retainedHeapMb),
    ]),
  );
  const references = table(
    [
      "articles",
      "stat floor ms",
      "read floor ms",
      "naive ms",
      "naive peak RSS MB",
      "cold ÷ read",
      "cold ÷ naive",
      "unchanged ÷ stat",
      "RSS ÷ naive",
    ],
    results.map((r) => [
      size(r.size),
      fmt(r.statFloor.ms),
      fmt(r.readFloor.ms),
      fmt(r.naive.ms),
      fmt(r.naive.peakRssMb),
      fmt(r.ratios.coldToReadFloor),
      fmt(r.ratios.coldToNaive),
      fmt(r.ratios.unchangedToStatFloor),
      fmt(r.ratios.peakRssToNaive),
    ]),
  );
  return `### Pipeline (refresh in a fresh process)\n\n${ours}\n\nReferences, same run:\n\n${references}`;
}

function coldStartTable(results: readonly ColdStartResult[]): string {
  return `### Cold start to first feed served, against Hugo\n\n${table(
    [
      "articles",
      "feedmill ms",
      "load-only ms (`--version`)",
      "feedmill peak RSS MB",
      "restart with `STATE_DIR` ms",
      "restart peak RSS MB",
      "Hugo ms",
      "Hugo peak RSS MB",
      "time ÷ Hugo",
      "restart ÷ Hugo",
      "RSS ÷ Hugo",
    ],
    results.map((r) => [
      size(r.size),
      fmt(r.feedmill.readyMs),
      fmt(r.importOnly?.ms),
      fmt(r.feedmill.peakRssMb),
      fmt(r.restart?.readyMs),
      fmt(r.restart?.peakRssMb),
      fmt(r.hugo?.ms),
      fmt(r.hugo?.peakRssMb),
      fmt(r.ratios?.readyToHugo),
      fmt(r.ratios?.restartToHugo),
      fmt(r.ratios?.peakRssToHugo),
    ]),
  )}`;
}

function isolationTable(r: IsolationResult): string {
  const settled = (action: string) =>
    r.changes
      .filter((c) => c.action === action)
      .map((c) => num(c.settledMs, 0))
      .join(", ");
  const listed = r.changes.every((c) => c.listed) && r.feedsChecked.every((c) => c.ok);
  return `### Serving while large articles change (${size(r.size)} articles, ${r.largeArticles} × ${num(r.largeBodyBytes / 1e6, 1)} MB)\n\n${table(
    ["figure", "value"],
    [
      [
        `/rss.xml p50 / p99 / max ms (${r.connections} connections polling with If-None-Match, gzip)`,
        `${num(r.load.p50Ms)} / ${num(r.load.p99Ms)} / ${num(r.load.maxMs)}`,
      ],
      [
        "requests (by status), other statuses, errors",
        `${r.load.requests} (${Object.entries(r.load.statusCodes)
          .map(([code, n]) => `${code}: ${n}`)
          .join(", ")}), ${r.load.unexpected}, ${r.load.errors}`,
      ],
      ["serving thread's event-loop max delay ms", num(r.mainLoopMaxMs)],
      ["engine's event-loop max delay ms", num(r.engineLoopMaxMs)],
      ["peak RSS MiB", num(r.peakRssMiB, 0)],
      ["add → rescan answered ms", settled("add")],
      ["edit → rescan answered ms", settled("edit")],
      ["delete → rescan answered ms", settled("delete")],
      ["changes shown in the tag page and feed", listed ? "all" : "NOT all"],
      [
        "uncached large page ms / slowest /rss.xml meanwhile ms",
        `${num(r.uncachedPage.pageMs, 0)} / ${num(r.uncachedPage.otherMaxMs)} (${r.uncachedPage.others} requests)`,
      ],
      ["load average start → end", `${r.loadAverage.start} → ${r.loadAverage.end}`],
    ],
  )}`;
}

function changeTable(results: readonly ChangeResult[]): string {
  return `### One new article → new feed served\n\n${table(
    [
      "articles",
      "write → new ETag (watching) ms",
      "first edit after start ms",
      "write → new ETag (cron 1 s) ms",
      "rescan start → its response ms",
      "rescan start → new ETag ms",
      "server scan ms",
      "stat floor ms",
      "rescan ÷ stat floor",
    ],
    results.map((r) => [
      size(r.size),
      fmt(r.watchWriteToServedMs),
      num(r.watchFirstEditMs),
      fmt(r.cronWriteToServedMs),
      fmt(r.rescanResponseMs),
      fmt(r.scanStartToServedMs),
      fmt(r.serverScanMs),
      fmt(r.statFloorMs),
      fmt(r.ratios.scanStartToServedToStatFloor),
    ]),
  )}`;
}

function serveTable(result: ServeResult): string {
  const rows = result.cases.map((c) => {
    const cell = (f: ServerFigures) => `${fmt(f.requestsPerSecond, 0)}`;
    return [
      c.client,
      c.name,
      String(c.connections),
      cell(c.servers.feedmill),
      fmt(c.servers.feedmill.latencyP99Ms, 0),
      cell(c.servers.bare),
      fmt(c.servers.bare.latencyP99Ms, 0),
      cell(c.servers.nginx),
      fmt(c.servers.nginx.latencyP99Ms, 0),
      fmt(c.ratios.feedmillToBare),
      fmt(c.ratios.nginxToBare),
    ];
  });
  const cpu = result.cases.map((c) => [
    c.client,
    c.name,
    String(c.connections),
    fmt(c.servers.feedmill.serverCpuUsPerRequest, 1),
    fmt(c.servers.bare.serverCpuUsPerRequest, 1),
    fmt(c.servers.nginx.serverCpuUsPerRequest, 1),
    fmt(c.ratios.feedmillCpuToBare),
    fmt(c.servers.feedmill.serverCpuShare),
    fmt(c.servers.feedmill.clientCpuShare),
    fmt(c.servers.bare.clientCpuShare),
    fmt(c.servers.nginx.clientCpuShare),
  ]);
  const documents = table(
    ["document", "identity bytes", "gzip bytes", "brotli bytes"],
    result.documents.map((d) => [
      d.path,
      num(d.identityBytes, 0),
      num(d.gzipBytes, 0),
      num(d.brotliBytes, 0),
    ]),
  );
  return `### Serving (${size(result.size)} articles; clients in their own processes)\n\nThe subscription documents (FEED_LIMIT 20):\n\n${documents}\n\n${table(
    [
      "client",
      "case",
      "conns",
      "feedmill req/s",
      "p99 ms",
      "bare req/s",
      "p99 ms",
      "nginx req/s",
      "p99 ms",
      "feedmill ÷ bare",
      "nginx ÷ bare",
    ],
    rows,
  )}\n\nCPU per request (server process, µs) and CPU share (1.0 = one core):\n\n${table(
    [
      "client",
      "case",
      "conns",
      "feedmill µs/req",
      "bare µs/req",
      "nginx µs/req",
      "feedmill ÷ bare",
      "feedmill CPU",
      "client CPU (feedmill)",
      "client CPU (bare)",
      "client CPU (nginx)",
    ],
    cpu,
  )}`;
}

function hotTable(title: string, top: readonly HotFunction[], note = ""): string {
  return `#### ${title}\n\n${note ? `${note}\n\n` : ""}${table(
    ["function", "location", "self ms", "self %"],
    top.map((f) => [
      f.name.replaceAll("|", "\\|"),
      f.location,
      num(f.selfMs, 0),
      num(f.selfPercent, 1),
    ]),
  )}`;
}

function profileTables(serve: ServeResult | undefined, profile: ProfileResult | undefined): string {
  const parts: string[] = [];
  for (const phase of profile?.phases ?? []) {
    const stages = phase.stages
      .map((stage) => `${stage.name} ${num(stage.ms, 0)} ms (${num(stage.percent, 0)} %)`)
      .join(" · ");
    parts.push(
      hotTable(
        `${phase.phase} at ${size(profile?.size ?? 0)} articles (${num(phase.profiledMs, 0)} ms under the profiler): top self time`,
        phase.top,
        stages ? `Inclusive time by stage: ${stages}.` : "",
      ),
    );
  }
  for (const p of serve?.profiles ?? []) {
    parts.push(hotTable(`feedmill under ${p.case} @${p.connections}: top self time`, p.top));
  }
  return parts.length > 0 ? `### Profiles\n\n${parts.join("\n\n")}` : "";
}

function growthTable(results: BenchResults): string {
  const sizes = new Set<number>();
  for (const r of results.pipeline ?? []) sizes.add(r.size);
  for (const r of results.change ?? []) sizes.add(r.size);
  for (const r of results.serve?.scaling ?? []) sizes.add(r.size);
  const serving = (n: number, name: "rss-gzip-200" | "rss-304") =>
    results.serve?.scaling.find((s) => s.size === n)?.cases[name];
  const rows = [...sizes]
    .sort((a, b) => a - b)
    .map((n) => {
      const p = results.pipeline?.find((r) => r.size === n);
      const c = results.coldStart?.find((r) => r.size === n);
      const ch = results.change?.find((r) => r.size === n);
      const perThousand = p ? (p.feedmill.coldMs.median / n) * 1000 : Number.NaN;
      return [
        size(n),
        fmt(p?.feedmill.coldMs),
        num(perThousand),
        fmt(p?.feedmill.unchangedMs),
        fmt(p?.feedmill.peakRssMb),
        fmt(c?.feedmill.readyMs),
        fmt(c?.feedmill.peakRssMb),
        fmt(ch?.watchWriteToServedMs),
        fmt(ch?.scanStartToServedMs),
        fmt(serving(n, "rss-gzip-200")?.requestsPerSecond, 0),
        fmt(serving(n, "rss-gzip-200")?.serverCpuUsPerRequest, 1),
        fmt(serving(n, "rss-304")?.requestsPerSecond, 0),
        fmt(serving(n, "rss-304")?.serverCpuUsPerRequest, 1),
      ];
    });
  const connections = results.serve?.cases[0]?.connections ?? 50;
  return `### Growth\n\n${table(
    [
      "articles",
      "cold scan ms",
      "cold ms / 1k files",
      "unchanged rescan ms",
      "pipeline peak RSS MB",
      "cold start ms",
      "service peak RSS MB",
      "write → new ETag, watching ms",
      "full rescan → new ETag ms",
      `gzip 200 req/s (wrk @${connections})`,
      "gzip 200 µs/req",
      `304 req/s (wrk @${connections})`,
      "304 µs/req",
    ],
    rows,
  )}`;
}

function cleanTable(results: readonly CleanResult[]): string {
  return `### Cleaning (body → safe HTML, \`renderBody\`)\n\n${table(
    [
      "body",
      "MB",
      "ms",
      "MB/s",
      "MB per CPU s",
      "ms per MB",
      "output MB",
      "cut by budget",
      "peak RSS MB",
    ],
    results.map((r) => [
      r.format,
      num(r.bytes / 1e6),
      fmt(r.ms),
      fmt(r.mbPerSecond, 1),
      fmt(r.mbPerCpuSecond, 1),
      num(r.ms.median / (r.bytes / 1e6), 0),
      num(r.outputBytes / 1e6),
      r.truncated ? "**yes**" : "no",
      fmt(r.peakRssMb, 0),
    ]),
  )}`;
}

function targetTable(checks: readonly TargetCheck[]): string {
  return `### Targets\n\n${table(
    ["target", "median", "limit", "met", "every run"],
    checks.map((c) => [
      c.target,
      `${num(c.median, c.unit === "×" ? 3 : undefined)} ${c.unit}`,
      `${(c.unit === "×" && c.target.includes("req/s")) || c.unit === "MB/s" ? "≥" : "≤"} ${num(c.limit)} ${c.unit}`,
      c.met ? "yes" : "**no**",
      c.allRuns ? "yes" : "no",
    ]),
  )}`;
}

/** The run as Markdown tables (what `bench/run.ts` prints, and what docs/benchmarks.md quotes). */
export function renderReport(results: BenchResults): string {
  const parts = [
    `## ${results.name}: ${results.startedAt}, ${num(results.wallSeconds / 60, 1)} min`,
  ];
  if (results.pipeline) parts.push(pipelineTables(results.pipeline));
  if (results.coldStart) parts.push(coldStartTable(results.coldStart));
  if (results.change) parts.push(changeTable(results.change));
  if (results.serve) parts.push(serveTable(results.serve));
  if (results.isolation) parts.push(isolationTable(results.isolation));
  const profiles = profileTables(results.serve, results.profile);
  if (profiles) parts.push(profiles);
  if (results.clean) parts.push(cleanTable(results.clean));
  parts.push(growthTable(results));
  parts.push(targetTable(results.targets));
  return `${parts.join("\n\n")}\n`;
}
