import type { Article, PodcastMeta } from "../types.js";
import type { ImageFacts } from "./read-image-facts.js";

/** Apple's lists (`src/podcast/apple-podcasts.ts`). */
export interface AppleRules {
  /** Each category with its subcategories, spelled as `itunes:category` must spell them. */
  readonly categories: Readonly<Record<string, readonly string[]>>;
  readonly enclosureTypes: readonly string[];
}

/** The show artwork as the edge found it. */
export type Artwork =
  | { readonly kind: "remote"; readonly url: string }
  | { readonly kind: "missing"; readonly url: string; readonly path: string }
  | { readonly kind: "local"; readonly path: string; readonly facts: ImageFacts };

export type PodcastProblemCode =
  | "podcast-artwork"
  | "podcast-category"
  | "podcast-description"
  | "podcast-guid"
  | "podcast-enclosure"
  | "podcast-episode-number";

/** One way a feed with episodes breaks Apple Podcasts' rules; a `note` is what was not checked. */
export interface PodcastProblem {
  /** A content path, or the config key at fault (`podcast.category`). */
  readonly path: string;
  readonly code: PodcastProblemCode;
  readonly reason: string;
  readonly note?: true;
}

export interface PodcastLintInput {
  readonly podcast: PodcastMeta;
  /** The main feed's channel description. */
  readonly description: string;
  /** Every live article with an enclosure, newest first. */
  readonly episodes: readonly Article[];
  readonly artwork: Artwork;
  readonly rules: AppleRules;
}

// Apple Podcasts' RSS requirements: artwork 1400–3000 px square, `<description>` ≤ 4000 bytes.
const ARTWORK_MIN = 1400;
const ARTWORK_MAX = 3000;
const DESCRIPTION_MAX_BYTES = 4000;
const EXTENSION_TYPES: Readonly<Record<string, string>> = { jpg: "jpg", jpeg: "jpg", png: "png" };

/** Check a podcast's channel and episodes against Apple Podcasts' rules, one problem each. */
export function lintPodcast(input: PodcastLintInput): PodcastProblem[] {
  return [
    ...lintArtwork(input.artwork),
    ...lintCategory(input.podcast, input.rules),
    ...lintDescription("site.description", input.description),
    ...lintEpisodes(input),
  ];
}

function lintArtwork(artwork: Artwork): PodcastProblem[] {
  const problem = (path: string, reason: string): PodcastProblem => ({
    path,
    code: "podcast-artwork",
    reason,
  });
  if (artwork.kind === "remote") {
    const reason = `The artwork ${artwork.url} is not served from the content folder, so it was not checked.`;
    return [{ ...problem("podcast.image", reason), note: true }];
  }
  if (artwork.kind === "missing") {
    return [problem("podcast.image", `No file ${artwork.path} in the content folder.`)];
  }
  const { path, facts } = artwork;
  if (facts.type !== "jpg" && facts.type !== "png") {
    return [
      problem(path, `The artwork is ${facts.type ?? "not an image"}; Apple takes JPEG or PNG.`),
    ];
  }
  const problems: PodcastProblem[] = [];
  const extension = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? "";
  if (EXTENSION_TYPES[extension] !== facts.type) {
    problems.push(problem(path, `The file is a ${facts.type.toUpperCase()} named .${extension}.`));
  }
  const { width = 0, height = 0 } = facts;
  if (width !== height)
    problems.push(problem(path, `The artwork is ${width}×${height}, not square.`));
  const side = Math.min(width, height);
  if (Math.max(width, height) > ARTWORK_MAX || side < ARTWORK_MIN) {
    problems.push(
      problem(path, `The artwork is ${width}×${height} px; Apple takes 1400×1400 to 3000×3000.`),
    );
  }
  if (facts.colour !== undefined && facts.colour !== "rgb") {
    problems.push(
      problem(
        path,
        `The artwork is ${facts.colour === "grey" ? "greyscale" : "CMYK"}; Apple takes RGB.`,
      ),
    );
  }
  return problems;
}

function lintCategory(podcast: PodcastMeta, rules: AppleRules): PodcastProblem[] {
  const subcategories = Object.hasOwn(rules.categories, podcast.category)
    ? rules.categories[podcast.category]
    : undefined;
  if (subcategories === undefined) {
    const near = Object.keys(rules.categories).find(
      (name) => name.toLowerCase() === podcast.category.trim().toLowerCase(),
    );
    const hint = near === undefined ? "" : ` (Apple spells it "${near}")`;
    const reason = `"${podcast.category}" is not one of Apple Podcasts' categories${hint}.`;
    return [{ path: "podcast.category", code: "podcast-category", reason }];
  }
  if (podcast.subcategory !== undefined && !subcategories.includes(podcast.subcategory)) {
    const list = subcategories.length === 0 ? "none" : subcategories.join(", ");
    const reason = `"${podcast.subcategory}" is not a subcategory of ${podcast.category} (Apple lists: ${list}).`;
    return [{ path: "podcast.subcategory", code: "podcast-category", reason }];
  }
  return [];
}

function lintDescription(path: string, text: string): PodcastProblem[] {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes <= DESCRIPTION_MAX_BYTES) return [];
  const reason = `The description is ${bytes} bytes; Apple takes at most ${DESCRIPTION_MAX_BYTES}.`;
  return [{ path, code: "podcast-description", reason }];
}

function lintEpisodes({ episodes, podcast, rules }: PodcastLintInput): PodcastProblem[] {
  const problems: PodcastProblem[] = [];
  const guids = new Map<string, string>();
  const urls = new Map<string, string>();
  for (const article of [...episodes].reverse()) {
    const { path, enclosure } = article;
    if (!enclosure) continue;
    const add = (code: PodcastProblemCode, reason: string) => problems.push({ path, code, reason });
    const guidHolder = guids.get(article.id);
    if (guidHolder !== undefined)
      add("podcast-guid", `The guid ${article.id} is ${guidHolder}'s too.`);
    else guids.set(article.id, path);
    const urlHolder = urls.get(enclosure.url);
    if (urlHolder !== undefined) {
      add("podcast-enclosure", `The enclosure ${enclosure.url} is ${urlHolder}'s too.`);
    } else urls.set(enclosure.url, path);
    if (!(enclosure.length !== undefined && enclosure.length > 0)) {
      add("podcast-enclosure", `The enclosure has no length in bytes; give it a "length".`);
    }
    if (!rules.enclosureTypes.includes(enclosure.type)) {
      const types = rules.enclosureTypes.join(", ");
      add(
        "podcast-enclosure",
        `The enclosure type ${enclosure.type} is not one Apple takes (${types}).`,
      );
    }
    if (podcast.type === "serial" && article.episode?.episode === undefined) {
      add("podcast-episode-number", `A serial show numbers every episode; give it an "episode".`);
    }
    problems.push(...lintDescription(path, article.summary));
  }
  return problems;
}
