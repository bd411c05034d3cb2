/**
 * The service's own steps in one process, for `node --cpu-prof`: start-up (cold refresh and
 * rendering the subscription feeds, as `feedmill serve` does before it listens), an unchanged
 * rescan, and a rescan after one new article (refresh, then rendering the new feeds before the
 * swap). Prints one JSON line: each phase's window on the profile's clock, and its time.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as RefreshModule from "../../src/catalogue/refresh.js";
import type * as ConfigModule from "../../src/config.js";
import type * as SourceStoreModule from "../../src/content/source-store.js";
import type * as SiteModule from "../../src/publish/create-site.js";
import type * as MainModule from "../../src/server.js";

const [distDir, contentDir, newArticle, newArticleTarget] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];

const load = async <T>(file: string) =>
  (await import(pathToFileURL(join(distDir, file)).href)) as T;
const { loadConfig } = await load<typeof ConfigModule>("config.js");
const { createPackSourceStore } = await load<typeof SourceStoreModule>("content/source-store.js");
const { warmFeeds } = await load<typeof MainModule>("server.js");
const { INITIAL_STATE, refresh, refreshDepsOf } =
  await load<typeof RefreshModule>("catalogue/refresh.js");
const { createSite } = await load<typeof SiteModule>("publish/create-site.js");

const loaded = loadConfig({ CONTENT_DIR: contentDir, LOG_LEVEL: "silent" });
if (!loaded.ok) throw new Error(loaded.problems.join("; "));
const config = loaded.config;
const store = createPackSourceStore();
const site = createSite(config, store);
const deps = refreshDepsOf(config, store);

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const phases: { phase: string; fromUs: number; toUs: number; ms: number }[] = [];

async function phase(name: string, work: () => Promise<void>): Promise<void> {
  const fromUs = monotonicUs();
  await work();
  const toUs = monotonicUs();
  phases.push({ phase: name, fromUs, toUs, ms: (toUs - fromUs) / 1000 });
}

try {
  let state: RefreshModule.RefreshState = INITIAL_STATE;
  const current = () => state.snapshot as NonNullable<RefreshModule.RefreshState["snapshot"]>;
  await phase("startup", async () => {
    state = await refresh(state, deps);
    await (await warmFeeds(site, current())).complete;
  });
  await phase("unchanged rescan", async () => {
    const next = await refresh(state, deps);
    if (next.snapshot !== state.snapshot) throw new Error("unchanged rescan made a new snapshot");
    state = next;
  });
  copyFileSync(newArticle, newArticleTarget);
  await phase("new-article rescan", async () => {
    state = await refresh(state, deps);
    await (await warmFeeds(site, current())).complete;
  });
  process.stdout.write(`${JSON.stringify(phases)}\n`);
} finally {
  store.close();
}
