import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { type Env, envLayer, mergeConfig } from "./config/env.js";
import { type Config, resolveConfig } from "./config/resolve.js";
import { configSchema } from "./config/schema.js";

export type { Config };
export { mergeConfig };

export type ConfigResult =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly problems: readonly string[] };

function formatIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.map(String).join(".") || "(root)";
  return `${key}: ${issue.message}`;
}

/**
 * Validate layered config: defaults, then the `CONFIG_FILE` layer, then env.
 * Every problem is listed at once, each naming its key.
 */
export function parseConfig(
  layers: readonly unknown[],
  env: Env,
  options: { cwd: string; version: string },
): ConfigResult {
  const merged = [...layers, envLayer(env)].reduce<unknown>(mergeConfig, {});
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(formatIssue) };
  return { ok: true, config: resolveConfig(parsed.data, options.cwd, options.version) };
}

/** The installed package: `config/` and `package.json` are read from here. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The package's version, for the `generator` element and the saved state's fingerprint. */
export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function readJsonLayer(path: string, label: string): { layer?: unknown; problem?: string } {
  try {
    return { layer: JSON.parse(readFileSync(path, "utf8")) };
  } catch (error) {
    return { problem: `${label}: cannot read ${path}: ${(error as Error).message}` };
  }
}

/** Edge: read `config/default.json` and `CONFIG_FILE`, then validate with the environment. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): ConfigResult {
  const problems: string[] = [];
  const layers: unknown[] = [];
  const defaults = readJsonLayer(
    resolve(PACKAGE_ROOT, "config/default.json"),
    "config/default.json",
  );
  if (defaults.problem) problems.push(defaults.problem);
  else layers.push(defaults.layer);
  const file = env.CONFIG_FILE;
  if (file) {
    const extra = readJsonLayer(resolve(cwd, file), "CONFIG_FILE");
    if (extra.problem) problems.push(extra.problem);
    else layers.push(extra.layer);
  }
  if (problems.length > 0) return { ok: false, problems };
  return parseConfig(layers, env, { cwd, version: readPackageVersion() });
}
