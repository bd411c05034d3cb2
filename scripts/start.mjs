/**
 * `npm start`: build dist/ first if it is stale, then serve, in this one process (a `prestart`
 * script would cost a second Node.js start every time).
 */
import { fileURLToPath } from "node:url";
import { buildIfStale } from "./build-if-stale.mjs";

const status = buildIfStale({ required: true });
if (status !== 0) process.exit(status);
const cli = new URL("../dist/cli.js", import.meta.url);
process.argv.splice(1, 1, fileURLToPath(cli), "serve");
await import(cli.href);
