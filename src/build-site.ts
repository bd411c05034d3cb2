import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import type { Config } from "./config.js";
import { createMemorySourceStore } from "./content/source-store.js";
import { feedPath } from "./core/feed-paths.js";
import { episodeFiles } from "./podcast/episode-files.js";
import { INITIAL_STATE, refresh, refreshDepsOf } from "./refresh.js";
import { createSite, type DocumentKey } from "./site/create-site.js";
import type { Snapshot } from "./snapshot.js";

/**
 * Where a document lives in the static output: its URL path, decoded (web servers and object
 * stores decode the request path before looking for the file), with `.html` for pages.
 */
export function staticPathOf(key: DocumentKey): string {
  switch (key.kind) {
    case "feed":
      return decodeURIComponent(feedPath(key.address));
    case "index":
      return "/index.html";
    case "article":
      // `/articles/<slug>` is served from `<slug>.html` (nginx: `try_files $uri $uri.html`).
      return `/articles/${key.slug}.html`;
    case "tag":
      return `/tags/${key.slug}/index.html`;
    case "opml":
      return "/feeds.opml";
    case "not-found":
      return "/404.html";
  }
}

export interface BuildSummary {
  readonly documents: number;
  readonly media: number;
  readonly bytes: number;
  readonly errors: number;
}

/**
 * `feedmill build`: write every document `serve` would send, byte for byte, plus `.gz` and `.br`
 * siblings for servers that send precompressed files (nginx `gzip_static`), plus the media files.
 */
export async function buildSite(
  config: Config,
  outDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<BuildSummary> {
  const store = createMemorySourceStore();
  const { snapshot } = await refresh(INITIAL_STATE, refreshDepsOf(config, store));
  const site = createSite(config, store, { documentCacheBytes: 0 });
  rmSync(outDir, { recursive: true, force: true });
  const keys = site.keys(snapshot);
  let bytes = 0;
  let done = 0;
  for (const key of keys) {
    const doc = await site.render(snapshot, key);
    if (!doc) continue;
    const file = join(outDir, staticPathOf(key));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, doc.body);
    writeFileSync(`${file}.gz`, doc.gzip);
    if (!doc.brotli) throw new Error(`${file}: brotli compression failed`);
    writeFileSync(`${file}.br`, doc.brotli);
    bytes += doc.body.length;
    done += 1;
    onProgress?.(done, keys.length);
  }
  const media =
    copyMedia(config.contentDir, outDir, new Set(config.media.extensions)) +
    copyEpisodeFiles(config, snapshot, outDir);
  store.close();
  return { documents: done, media, bytes, errors: snapshot.errors.length };
}

/** The transcripts and chapters live episodes name, which the media allow-list may not hold. */
function copyEpisodeFiles(config: Config, snapshot: Snapshot, outDir: string): number {
  let copied = 0;
  for (const path of episodeFiles(snapshot.articles, config.baseUrl).keys()) {
    const root = resolve(config.contentDir);
    const source = resolve(root, `.${path}`);
    const target = join(outDir, path);
    if (!source.startsWith(root + sep) || existsSync(target) || !existsSync(source)) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    copied += 1;
  }
  return copied;
}

function copyMedia(root: string, outDir: string, extensions: ReadonlySet<string>): number {
  let copied = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && extensions.has(extname(entry.name).toLowerCase())) {
        const target = join(outDir, relative(root, full));
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(full, target);
        copied += 1;
      }
    }
  };
  walk(root);
  return copied;
}
