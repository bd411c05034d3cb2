import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

let bundled: Promise<string> | undefined;

/**
 * Run from TypeScript (tests, tsx), the engine's thread needs its modules compiled: esbuild
 * bundles them once per process into a temp file, as the build does for `dist/` (loading them
 * through a TypeScript loader in each new thread took seconds). Never used by the build.
 */
export function bundleEngineSource(): Promise<string> {
  bundled ??= (async () => {
    const name = "esbuild";
    const { build } = (await import(name)) as typeof import("esbuild");
    const outfile = join(tmpdir(), `feedmill-engine-${process.pid}.mjs`);
    process.once("exit", () => rmSync(outfile, { force: true }));
    await build({
      entryPoints: [fileURLToPath(new URL("./engine-worker.ts", import.meta.url))],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      banner: {
        js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
      },
      alias: {
        undici: fileURLToPath(new URL("../../scripts/bundle-stubs/undici.mjs", import.meta.url)),
      },
      logLevel: "warning",
    });
    return outfile;
  })();
  return bundled;
}
