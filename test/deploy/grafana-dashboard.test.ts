import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContentDir, createContentDir } from "../helpers/content-dir.js";
import { rawRequest, startTestServer, type TestServer } from "../helpers/test-server.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DASHBOARD = resolve(ROOT, "deploy/grafana/feedmill.json");
const METRIC = /\b(?:feedmill|process|nodejs)_[a-z0-9_]+/g;

interface Panel {
  readonly title: string;
  readonly type: string;
  readonly targets?: readonly { readonly expr: string }[];
}

/** Every metric name /metrics can carry: histogram and summary families with their series. */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name as string);
    if (type === "histogram")
      for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${name}${suffix}`);
    if (type === "summary") for (const suffix of ["_sum", "_count"]) names.add(`${name}${suffix}`);
  }
  return names;
}

let dir: ContentDir;
let server: TestServer;
beforeAll(async () => {
  dir = createContentDir();
  dir.article("one.txt", { title: "One", date: Date.UTC(2026, 0, 1) / 1000 });
  server = await startTestServer({ contentDir: dir.root });
});
afterAll(async () => {
  await server.stop();
  dir.cleanup();
});

describe("deploy/grafana/feedmill.json", () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as { panels: Panel[]; uid: string };
  const queries = dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({ panel, expr: t.expr })),
  );

  it("is a dashboard with queries", () => {
    expect(dashboard.uid).toBe("feedmill");
    expect(queries.length).toBeGreaterThan(10);
  });

  it("queries only metrics that /metrics serves", async () => {
    const exposed = exposedNames((await rawRequest(`${server.url}/metrics`)).body.toString());
    for (const { panel, expr } of queries) {
      const names = expr.match(METRIC) ?? [];
      expect(names.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) expect(exposed, `${panel.title}: ${name}`).toContain(name);
    }
  });

  it("shows the polling metrics and the service's own", () => {
    const all = queries.map((q) => q.expr).join("\n");
    for (const name of [
      "feedmill_feed_requests_total",
      "feedmill_feed_subscribers",
      "feedmill_http_requests_total",
      "feedmill_scan_duration_seconds_bucket",
      "feedmill_scans_total",
      "feedmill_articles",
      "feedmill_file_errors",
      "process_cpu_seconds_total",
    ]) {
      expect(all).toContain(name);
    }
  });
});
