/**
 * Bundle the command (`dist/cli.js`, as tsc wrote it) and every dependency into that one file.
 * Starting then loads one module instead of several hundred, which shortens every start
 * (docs/benchmarks.md).
 * The content engine, which runs on a thread of its own, is bundled the same way beside it
 * (`dist/engine-worker.js`). The rest of `dist/` stays as tsc wrote it, for code that imports
 * the modules (the benchmark).
 */
import { sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

// zod's `z` namespace imports every locale; the bundle takes English alone (see the stub).
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(context) {
    const stub = fileURLToPath(new URL("./bundle-stubs/zod-locales.mjs", import.meta.url));
    context.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}zod${sep}`) ? { path: stub } : undefined,
    );
  },
};

const common = {
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  // The CommonJS dependencies `require` Node's built-ins; an ES module has no `require` of its own.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
  },
  // cheerio's main entry imports undici for fromURL() alone; see the stub.
  alias: { undici: "./scripts/bundle-stubs/undici.mjs" },
  plugins: [zodEnglishOnly],
  logLevel: "warning",
};

// The command's entry stays small: it starts the engine's thread, reads the config, then loads
// the command. The config's bundle is loaded first and again inside the command's: sharing one
// would take esbuild's code splitting, for a few milliseconds that no longer hold anything up.
await build({
  ...common,
  entryPoints: ["dist/cli.js"],
  outfile: "dist/cli.js",
  external: ["./config.js", "./commands.js"],
});
for (const entry of ["dist/commands.js", "dist/config.js"]) {
  await build({ ...common, entryPoints: [entry], outfile: entry });
}
// The content engine's thread: the command starts `engine-worker.js` beside itself.
await build({
  ...common,
  entryPoints: ["dist/engine/engine-worker.js"],
  outfile: "dist/engine-worker.js",
});
