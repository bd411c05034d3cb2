import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runToCompletion } from "./processes.js";

/** One Hugo build: wall time, peak RSS and how many items its RSS feed holds. */
export interface HugoBuild {
  readonly ms: number;
  readonly peakRssBytes: number;
  readonly rssItems: number;
}

/**
 * Hugo's config for "home + RSS only". Hugo's `disableKinds = ["page", …]` drops the pages
 * themselves, which leaves the feed empty; so pages stay (parsed and listed) but are never
 * rendered (`_build.render = "never"`), and every other kind is disabled.
 */
function hugoConfig(contentDir: string): string {
  return `baseURL = "http://127.0.0.1/"
title = "bench"
contentDir = ${JSON.stringify(contentDir)}
disableKinds = ["taxonomy", "term", "section", "sitemap", "robotsTXT", "404"]
rssLimit = 20
[outputs]
  home = ["HTML", "RSS"]
[[cascade]]
  [cascade._build]
    render = "never"
    list = "always"
  [cascade._target]
    kind = "page"
`;
}

const HOME_LAYOUT = `<!doctype html><title>{{ .Site.Title }}</title><ul>
{{ range first 20 .Site.RegularPages }}<li>{{ .Date.Format "2006-01-02" }} {{ .Title }}</li>
{{ end }}</ul>
`;

/** Write a Hugo site in `siteDir` whose content folder is `contentDir`. */
export function writeHugoSite(siteDir: string, contentDir: string): void {
  mkdirSync(join(siteDir, "layouts"), { recursive: true });
  writeFileSync(join(siteDir, "config.toml"), hugoConfig(contentDir));
  writeFileSync(join(siteDir, "layouts", "index.html"), HOME_LAYOUT);
}

/** `hugo --quiet` into a fresh output folder, under `/usr/bin/time -v` for its peak RSS. */
export async function buildWithHugo(siteDir: string): Promise<HugoBuild> {
  const out = join(siteDir, "public");
  rmSync(out, { recursive: true, force: true });
  const result = await runToCompletion("/usr/bin/time", [
    "-v",
    "hugo",
    "--quiet",
    "--source",
    siteDir,
    "--destination",
    out,
    "--cacheDir",
    join(siteDir, "cache"),
  ]);
  if (result.code !== 0) throw new Error(`hugo failed: ${result.stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const feed = join(out, "index.xml");
  const rssItems = existsSync(feed) ? readFileSync(feed, "utf8").split("<item>").length - 1 : 0;
  return { ms: result.wallMs, peakRssBytes: Number(rss?.[1] ?? Number.NaN) * 1024, rssItems };
}

/** Hugo's version line, for the results. */
export async function hugoVersion(): Promise<string> {
  const result = await runToCompletion("hugo", ["version"]);
  return result.stdout.trim();
}
