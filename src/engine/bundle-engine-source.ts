import { createHash } from "node:crypto";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

let bundled: Promise<string> | undefined;

/**
 * Run from TypeScript (tests, tsx), esbuild bundles the engine once per process as the build does:
 * a TypeScript loader in each new thread is slow. Named by its code's hash, processes share it.
 */
export function bundleEngineSource(): Promise<string> {
  bundled ??= (async () => {
    const name = "esbuild";
    const { build } = (await import(name)) as typeof import("esbuild");
    const result = await build({
      entryPoints: [fileURLToPath(new URL("./engine-worker.ts", import.meta.url))],
      outfile: "engine-worker.mjs",
      write: false,
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
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
    const outfile = join(tmpdir(), `feedmill-engine-${hash}.mjs`);
    if (!existsSync(outfile)) {
      const partial = `${outfile}.${process.pid}`;
      writeFileSync(partial, code);
      renameSync(partial, outfile);
    }
    return outfile;
  })();
  return bundled;
}
