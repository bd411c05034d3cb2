import type { Article } from "../core/types.js";
import { localPath } from "./check-podcast.js";

/** Extensions an episode's transcript or chapters may have; never an article source's. */
const SERVABLE = /\.(?:json|vtt|srt)$/i;

/** Content path → the type the feed announced it with, for one snapshot's live episodes. */
export function episodeFiles(articles: readonly Article[], baseUrl: string): Map<string, string> {
  const files = new Map<string, string>();
  const add = (url: string, type: string) => {
    const path = localPath(url, baseUrl);
    // Hidden files and folders are never served, as for media.
    const hidden = path?.split("/").some((segment) => segment.startsWith("."));
    if (path !== undefined && !hidden && SERVABLE.test(path)) files.set(`/${path}`, type);
  };
  for (const { episode } of articles) {
    if (!episode) continue;
    for (const transcript of episode.transcripts) add(transcript.url, transcript.type);
    // podcast-namespace jsonChapters.md: "served with a Content-type of application/json+chapters".
    if (episode.chapters) add(episode.chapters, "application/json+chapters");
  }
  return files;
}
