import { resolve, sep } from "node:path";
import type { Config } from "../config.js";
import { openMedia } from "../content/open-media.js";
import {
  type AppleRules,
  type Artwork,
  lintPodcast,
  type PodcastProblem,
} from "../core/podcast/lint-podcast.js";
import { readImageFacts } from "../core/podcast/read-image-facts.js";
import type { Article } from "../core/types.js";
import { APPLE_RULES } from "./apple-podcasts.js";

/** Larger than any artwork Apple takes; bounds what a check reads. */
const MAX_ARTWORK_BYTES = 32 << 20;

/** Apple's categories and enclosure types (`apple-podcasts.ts`). */
export function readAppleRules(): AppleRules {
  return APPLE_RULES;
}

/** The content path a URL of the site names, or undefined for another site's URL. */
export function localPath(url: string, baseUrl: string): string | undefined {
  if (!url.startsWith(`${baseUrl}/`)) return undefined;
  try {
    const prefix = new URL(`${baseUrl}/`).pathname.length;
    return decodeURIComponent(new URL(url).pathname.slice(prefix));
  } catch {
    return undefined;
  }
}

/** Read the show artwork's header, if the site serves it from its content folder. */
export async function findArtwork(config: Config, url: string): Promise<Artwork> {
  const path = localPath(url, config.baseUrl);
  if (path === undefined) return { kind: "remote", url };
  const root = resolve(config.contentDir);
  if (!resolve(root, path).startsWith(root + sep)) return { kind: "missing", url, path };
  // The media handler's checked open: a FIFO or a link out of the folder is never read.
  const opened = await openMedia(root, path, () => true);
  if (!opened.ok) return { kind: "missing", url, path };
  const { handle, stats } = opened;
  try {
    const bytes = new Uint8Array(Math.min(stats.size, MAX_ARTWORK_BYTES));
    await handle.read(bytes, 0, bytes.length, 0);
    return { kind: "local", path, facts: readImageFacts(bytes) };
  } catch {
    return { kind: "missing", url, path };
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * Apple Podcasts' rules for every feed that holds episodes: the channel from config, the
 * episodes from `articles` (live, newest first). None when the site publishes no episode.
 */
export async function checkPodcast(
  config: Config,
  articles: readonly Article[],
): Promise<PodcastProblem[]> {
  const episodes = articles.filter((article) => article.enclosure);
  if (config.podcast === null || episodes.length === 0) return [];
  return lintPodcast({
    podcast: config.podcast,
    description: config.site.description,
    episodes,
    artwork: await findArtwork(config, config.podcast.image),
    rules: readAppleRules(),
  });
}
