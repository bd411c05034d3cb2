import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import ts from "typescript";
import { BENCH_DIR, BUILD_DIR, DIST_DIR, SOURCE_DIST_DIR } from "./paths.js";

/** The processes the benchmarks start besides the service; each file is self-contained. */
const CHILD_SOURCES = [
  "children/refresh-child.ts",
  "children/floor-child.ts",
  "children/naive-child.ts",
  "children/load-child.ts",
  "children/load-until-child.ts",
  "children/profile-child.ts",
  "children/clean-child.ts",
  "bare-server.ts",
] as const;

/** Name of a child process script, as accepted by {@link childScript}. */
export type ChildName =
  | "refresh-child"
  | "floor-child"
  | "naive-child"
  | "load-child"
  | "load-until-child"
  | "profile-child"
  | "clean-child"
  | "bare-server";

/**
 * Transpile the child scripts to plain JavaScript under `bench/.build/`. Running them through
 * a TypeScript loader instead would add ~40 MB of RSS and ~0.5 s of start-up to every measured
 * process. They sit inside the repository so that `gray-matter`, `feed` and `autocannon`
 * resolve from its node_modules.
 */
export function compileChildren(): void {
  mkdirSync(BUILD_DIR, { recursive: true });
  for (const source of CHILD_SOURCES) {
    const text = readFileSync(join(BENCH_DIR, source), "utf8");
    const output = ts.transpileModule(text, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
      fileName: source,
    });
    writeFileSync(join(BUILD_DIR, `${basename(source, ".ts")}.mjs`), output.outputText);
  }
}

/** Path of a compiled child script. */
export function childScript(name: ChildName): string {
  return join(BUILD_DIR, `${name}.mjs`);
}

/**
 * Copy the build under test (dist, config and package.json) to `bench/.build/package/`, so
 * that a rebuild of `dist/` while the benchmarks run cannot change what they measure. It
 * stays inside the repository so that its imports resolve from the repository's node_modules.
 */
export function snapshotBuild(): void {
  const target = dirname(DIST_DIR);
  const source = dirname(SOURCE_DIST_DIR);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(SOURCE_DIST_DIR, DIST_DIR, { recursive: true });
  cpSync(join(source, "config"), join(target, "config"), { recursive: true });
  cpSync(join(source, "package.json"), join(target, "package.json"));
}
