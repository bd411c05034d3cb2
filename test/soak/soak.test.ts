import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatSoakReport, runSoak } from "./soak.js";

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), "../../dist/cli.js");

describe("soak", () => {
  // The same soak as `npm run soak`, shorter and smaller: 2000 articles keep the corpus, the
  // start-up and the final crawl of every archive inside the time budget.
  it.each([
    ["a full rescan every second", "schedule", 15],
    ["the watcher's scan of each changed file", "watch", 10],
  ] as const)(
    "serves 100 keep-alive clients under churn seen by %s, every answer consistent",
    async (_, changes, seconds) => {
      expect(existsSync(CLI), "the soak runs the built service: npm run build").toBe(true);
      const report = await runSoak({ seconds, articles: 2000, connections: 100, changes });
      const lines = formatSoakReport(report);
      expect(report.failures, lines.join("\n")).toEqual([]);
      expect(lines.at(-1)).toMatch(/^soak: \d+ passed, 0 failed$/);
    },
    60_000,
  );
});
