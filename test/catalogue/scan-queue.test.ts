import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/catalogue/refresh.js";
import { createScanQueue } from "../../src/catalogue/scan-queue.js";

/** A scan runner whose scans finish only when told, recording what each was asked for. */
function manualRunner() {
  const calls: { trigger: string; paths: string[] | null; finish: () => void }[] = [];
  const run = (trigger: string, paths?: ReadonlySet<string>) =>
    new Promise<ScanReport>((resolve) => {
      const report = { trigger } as unknown as ScanReport;
      calls.push({ trigger, paths: paths ? [...paths] : null, finish: () => resolve(report) });
    });
  return { calls, run };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("scan queue", () => {
  it("shares a running full scan with a rescan asked for meanwhile", async () => {
    const { calls, run } = manualRunner();
    const queue = createScanQueue(run);
    const first = queue.rescan("start");
    const second = queue.rescan("admin");
    expect(second).toBe(first);
    calls[0]?.finish();
    await first;
    expect(calls).toHaveLength(1);
  });

  it("gathers named files behind the running scan, and lets a full rescan take them over", async () => {
    const { calls, run } = manualRunner();
    const queue = createScanQueue(run);
    const running = queue.rescan("start");
    const a = queue.files("watch", ["a.md"]);
    const b = queue.files("watch", ["b.md"]);
    expect(calls.map((c) => c.paths)).toEqual([null]);
    calls[0]?.finish();
    await running;
    await turn();
    expect(calls[1]?.paths).toEqual(["a.md", "b.md"]);
    const full = queue.rescan("admin");
    const c = queue.files("watch", ["c.md"]);
    calls[1]?.finish();
    await Promise.all([a, b]);
    await turn();
    expect(calls[2]).toMatchObject({ trigger: "admin", paths: null });
    calls[2]?.finish();
    expect(await full).toBe(await c);
  });
});
