import { type FieldRead, fieldValue, findField, ownField } from "../parse/read-field.js";
import type { Enclosure, EpisodeMeta } from "../types.js";
import { ARTICLE_KEYS } from "./article-keys.js";
import { normalizeEnclosure } from "./normalize-enclosure.js";
import { normalizeEpisode } from "./normalize-episode.js";
import { resolveHttpUrl } from "./resolve-http-url.js";

/** An article's media: a podcast episode's file and fields, and its image. */
export interface ArticleMedia {
  readonly enclosure?: Enclosure;
  readonly episode?: EpisodeMeta;
  readonly image?: string;
}

/** The enclosure, the episode fields beside it, and the image; URLs resolve against `mediaBase`. */
export function readMedia(
  data: Readonly<Record<string, unknown>>,
  mediaBase: string,
): FieldRead<ArticleMedia> {
  const enclosureField = findField(data, ARTICLE_KEYS.enclosure);
  const enclosure =
    enclosureField === undefined
      ? undefined
      : normalizeEnclosure(enclosureField.key, enclosureField.value, mediaBase);
  if (enclosure !== undefined && !enclosure.ok) return enclosure;
  // An episode's own fields mean something only beside its audio; elsewhere they stay extra.
  const episode = enclosure === undefined ? undefined : normalizeEpisode(data, mediaBase);
  if (episode !== undefined && !episode.ok) return episode;
  return fieldValue({
    enclosure: enclosure?.value,
    episode: episode?.value,
    image: readImage(data, mediaBase),
  });
}

function readImage(data: Readonly<Record<string, unknown>>, mediaBase: string): string | undefined {
  for (const key of ARTICLE_KEYS.image) {
    const value = ownField(data, key);
    const record =
      typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
    const ref = typeof value === "string" ? value : (record.url ?? record.src);
    if (typeof ref !== "string" || ref.trim() === "") continue;
    // docs/format.md: an image is only ever an http(s) URL; `data:` placeholders and scripts go.
    const url = resolveHttpUrl(ref, mediaBase);
    if (url !== undefined) return url;
  }
  return undefined;
}
