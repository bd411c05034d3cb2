import { parseArgs } from "node:util";

/** The suites `--only` can pick. */
export const SUITES = [
  "pipeline",
  "hugo",
  "change",
  "serve",
  "isolation",
  "profile",
  "clean",
] as const;
export type Suite = (typeof SUITES)[number];

/** Everything a bench run is told. */
export interface BenchOptions {
  readonly name: string;
  readonly quick: boolean;
  /** Corpus sizes of the pipeline, change and growth figures. */
  readonly sizes: readonly number[];
  /** Corpus sizes Hugo builds (feedmill's cold start runs at these and at `sizes`). */
  readonly hugoSizes: readonly number[];
  /** Body sizes in bytes the cleaning throughput is measured at. */
  readonly cleanSizes: readonly number[];
  /** Corpus size the serving figures use. */
  readonly serveSize: number;
  readonly suites: readonly Suite[];
  readonly runs: number;
  /** Seconds of load per serving case, and of warm-up before it. */
  readonly loadSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: readonly number[];
  /** Profile feedmill under load: `always`, `never`, or `auto` (when it misses its target). */
  readonly profile: "always" | "never" | "auto";
}

const USAGE = `usage: tsx bench/run.ts [--quick] [--sizes 1000,10000,100000] [--hugo-sizes 1000,10000,50000]
  [--serve-size 10000] [--only pipeline,hugo,change,serve,isolation,profile,clean] [--runs N] [--load-seconds S]
  [--clean-sizes 100000,1000000,4900000]
  [--warmup-seconds S] [--connections 50,200] [--profile auto|always|never] [--name NAME]`;

function parseList(text: string, flag: string): number[] {
  const values = text.split(",").map((part) => Number(part.trim()));
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) {
    throw new Error(`${flag}: expected positive integers separated by commas\n${USAGE}`);
  }
  return values;
}

function parsePositive(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`${flag}: expected a positive number\n${USAGE}`);
  return value;
}

/** Parse the command line; `--quick` changes the defaults, explicit flags still win. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      sizes: { type: "string" },
      "hugo-sizes": { type: "string" },
      "serve-size": { type: "string" },
      "clean-sizes": { type: "string" },
      only: { type: "string" },
      runs: { type: "string" },
      "load-seconds": { type: "string" },
      "warmup-seconds": { type: "string" },
      connections: { type: "string" },
      profile: { type: "string" },
      name: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const sizes = values.sizes
    ? parseList(values.sizes, "--sizes")
    : quick
      ? [1000, 10_000]
      : [1000, 10_000, 100_000];
  const hugoSizes = values["hugo-sizes"]
    ? parseList(values["hugo-sizes"], "--hugo-sizes")
    : quick
      ? sizes.filter((size) => size <= 50_000)
      : [1000, 10_000, 50_000];
  const suites = values.only
    ? values.only.split(",").map((name) => {
        const suite = name.trim() as Suite;
        if (!SUITES.includes(suite)) throw new Error(`--only: unknown suite ${name}\n${USAGE}`);
        return suite;
      })
    : SUITES.filter((suite) => !(quick && suite === "profile"));
  const profile = values.profile ?? (quick ? "never" : "auto");
  if (profile !== "always" && profile !== "never" && profile !== "auto") {
    throw new Error(`--profile: expected auto, always or never\n${USAGE}`);
  }
  const custom = Boolean(
    values.sizes || values.only || values.runs || values["hugo-sizes"] || values["clean-sizes"],
  );
  return {
    name: values.name ?? (quick ? "quick" : custom ? "custom" : "full"),
    quick,
    sizes,
    hugoSizes,
    cleanSizes: values["clean-sizes"]
      ? parseList(values["clean-sizes"], "--clean-sizes")
      : [100_000, 1_000_000, 4_900_000],
    serveSize: parsePositive(values["serve-size"], "--serve-size", 10_000),
    suites,
    runs: parsePositive(values.runs, "--runs", quick ? 1 : 3),
    loadSeconds: parsePositive(values["load-seconds"], "--load-seconds", quick ? 3 : 10),
    warmupSeconds: parsePositive(values["warmup-seconds"], "--warmup-seconds", quick ? 1 : 2),
    connections: values.connections
      ? parseList(values.connections, "--connections")
      : quick
        ? [50]
        : [50, 200],
    profile,
  };
}
