import { parseArgs } from "node:util";
import { formatSoakReport, runSoak } from "./soak.js";

/** `npm run soak -- --seconds 60 --articles 5000 --connections 100 [--watch]` */
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    articles: { type: "string", default: "5000" },
    connections: { type: "string", default: "100" },
    seed: { type: "string" },
    watch: { type: "boolean", default: false },
  },
});

const number = (name: string, text: string | undefined): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer`);
  return value;
};

const report = await runSoak({
  seconds: number("seconds", values.seconds),
  articles: number("articles", values.articles),
  connections: number("connections", values.connections),
  changes: values.watch ? "watch" : "schedule",
  ...(values.seed === undefined ? {} : { seed: number("seed", values.seed) }),
  log: (line) => process.stderr.write(`${line}\n`),
});
for (const line of formatSoakReport(report)) process.stdout.write(`${line}\n`);
process.exitCode = report.failed === 0 ? 0 : 1;
