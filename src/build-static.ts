import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { INITIAL_STATE, refresh, refreshDepsOf } from "./catalogue/refresh.js";
import type { Snapshot } from "./catalogue/snapshot.js";
import type { Config } from "./config.js";
import { createMemorySourceStore } from "./content/source-store.js";
import { feedPath } from "./core/feeds/feed-paths.js";
import { episodeFiles } from "./podcast/episode-files.js";
import { createSite, type DocumentKey } from "./publish/create-site.js";

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
 * A file whose bytes are already there is left alone, so its mtime (a web server's Last-Modified)
 * stays the time those bytes first appeared; files of documents that no longer exist are removed.
 */
export async function buildSite(
  config: Config,
  outDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<BuildSummary> {
  const store = createMemorySourceStore();
  const { snapshot } = await refresh(INITIAL_STATE, refreshDepsOf(config, store));
  const site = createSite(config, store, { documentCacheBytes: 0 });
  mkdirSync(outDir, { recursive: true });
  const keys = site.keys(snapshot);
  const written = new Set<string>();
  let bytes = 0;
  let done = 0;
  for (const key of keys) {
    const doc = await site.render(snapshot, key);
    if (!doc) continue;
    const file = join(outDir, staticPathOf(key));
    mkdirSync(dirname(file), { recursive: true });
    if (!doc.brotli) throw new Error(`${file}: brotli compression failed`);
    for (const [path, bytes] of [
      [file, doc.body],
      [`${file}.gz`, doc.gzip],
      [`${file}.br`, doc.brotli],
    ] as const) {
      writeIfChanged(path, bytes);
      written.add(path);
    }
    bytes += doc.body.length;
    done += 1;
    onProgress?.(done, keys.length);
  }
  const media =
    copyMedia(config.contentDir, outDir, new Set(config.media.extensions), written) +
    copyEpisodeFiles(config, snapshot, outDir, written);
  removeOthers(outDir, written);
  store.close();
  return { documents: done, media, bytes, errors: snapshot.errors.length };
}

function writeIfChanged(path: string, bytes: Buffer): void {
  let current: Buffer | undefined;
  try {
    current = readFileSync(path);
  } catch {
    current = undefined;
  }
  if (!current?.equals(bytes)) writeFileSync(path, bytes);
}

/** Everything under `dir` that this build did not write: files of documents gone since. */
function removeOthers(dir: string, keep: ReadonlySet<string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      removeOthers(full, keep);
      if (readdirSync(full).length === 0) rmdirSync(full);
    } else if (!keep.has(full)) {
      rmSync(full, { force: true });
    }
  }
}

/** The transcripts and chapters live episodes name, which the media allow-list may not hold. */
function copyEpisodeFiles(
  config: Config,
  snapshot: Snapshot,
  outDir: string,
  written: Set<string>,
): number {
  let copied = 0;
  for (const path of episodeFiles(snapshot.articles, config.baseUrl).keys()) {
    const root = resolve(config.contentDir);
    const source = resolve(root, `.${path}`);
    const target = join(outDir, path);
    if (!source.startsWith(root + sep) || written.has(target) || !existsSync(source)) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    written.add(target);
    copied += 1;
  }
  return copied;
}

function copyMedia(
  root: string,
  outDir: string,
  extensions: ReadonlySet<string>,
  written: Set<string>,
): number {
  let copied = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && extensions.has(extname(entry.name).toLowerCase())) {
        const target = join(outDir, relative(root, full));
        mkdirSync(dirname(target), { recursive: true });
        copyIfChanged(full, target);
        written.add(target);
        copied += 1;
      }
    }
  };
  walk(root);
  return copied;
}

/** Copy a media file unless the copy is there already (same size and mtime, which it is given). */
function copyIfChanged(source: string, target: string): void {
  const from = statSync(source);
  const to = statSync(target, { throwIfNoEntry: false });
  // utimes keeps milliseconds: the copy's mtime may differ from its source's below that.
  if (to && to.size === from.size && Math.abs(to.mtimeMs - from.mtimeMs) < 1) return;
  copyFileSync(source, target);
  utimesSync(target, from.atime, from.mtime);
}
