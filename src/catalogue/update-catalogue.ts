import { hashSource } from "../content/hash-source.js";
import type { ReadOutcome } from "../content/scan-content.js";
import type { SourceStore } from "../content/source-store.js";
import { normalizeArticle } from "../core/normalize/normalize-article.js";
import { contentError, isContentError } from "../core/parse/content-error.js";
import { parseArticle } from "../core/parse/parse-article.js";
import type { Article, Author, ContentError, ContentWarning } from "../core/types.js";
import { editMap } from "../lib/overlay-map.js";
import { storedArticle } from "./stored-article.js";

/** One source file as the catalogue knows it. */
export interface CatalogueEntry {
  readonly path: string;
  /** The last good version; kept when the file later turns bad. */
  readonly article?: Article;
  /** Why the latest read failed; absent when the file is good now. */
  readonly error?: ContentError;
  readonly warnings: readonly ContentWarning[];
}

export type Catalogue = ReadonlyMap<string, CatalogueEntry>;

/** What one update did, for `/healthz`, logs and metrics. */
export interface CatalogueChanges {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  /** Files that went bad or stayed bad with a new reason. */
  readonly failed: number;
}

export interface IngestContext {
  readonly baseUrl: string;
  readonly idPrefix: string | null;
  readonly defaultAuthor?: Author;
  readonly store: SourceStore;
  /** Size in bytes of a media file the site serves itself, from its URL; undefined if not local. */
  readonly mediaSize?: (url: string) => number | undefined;
  /** Tags kept per article (config `maxTagsPerArticle`). */
  readonly maxTags?: number;
}

function sameError(a: ContentError | undefined, b: ContentError | undefined): boolean {
  return a?.code === b?.code && a?.reason === b?.reason && a?.line === b?.line;
}

/** A local episode file with no `length` in its front matter: take the size from the file. */
function withEnclosureLength(article: Article, context: IngestContext): Article {
  const enclosure = article.enclosure;
  if (!enclosure || enclosure.length !== undefined || !context.mediaSize) return article;
  const length = context.mediaSize(enclosure.url);
  return length === undefined
    ? article
    : Object.freeze({ ...article, enclosure: Object.freeze({ ...enclosure, length }) });
}

/** Keep a version's bytes; a full store makes it the file's error, so the scan goes on. */
function storeSource(
  store: SourceStore,
  path: string,
  hash: string,
  bytes: Uint8Array,
): ContentError | undefined {
  try {
    store.put(hash, bytes);
    return undefined;
  } catch (error) {
    const reason =
      `The temp folder could not take this version (${(error as Error).message}); it is not ` +
      "served until there is room, and the next scan reads it again.";
    return contentError(path, "cannot-store", reason);
  }
}

/** Transcripts an episode's audio may have beside it, by extension, in order of preference. */
const SIBLING_TRANSCRIPTS = [
  [".vtt", "text/vtt"],
  [".srt", "application/x-subrip"],
] as const;

/** A local episode takes the transcript and chapters files beside its audio, if it names none. */
function withSiblingFiles(article: Article, context: IngestContext): Article {
  const { enclosure, episode } = article;
  const exists = context.mediaSize;
  if (!enclosure || !episode || !exists) return article;
  const stem = enclosure.url.replace(/\.[^./]*$/, "");
  if (stem === enclosure.url || exists(enclosure.url) === undefined) return article;
  const transcript =
    episode.transcripts.length > 0
      ? undefined
      : SIBLING_TRANSCRIPTS.map(([ext, type]) => ({ url: stem + ext, type })).find(
          ({ url }) => exists(url) !== undefined,
        );
  const chapters =
    episode.chapters === undefined && exists(`${stem}.chapters.json`) !== undefined
      ? `${stem}.chapters.json`
      : undefined;
  if (!transcript && !chapters) return article;
  const found = Object.freeze({
    ...episode,
    ...(transcript ? { transcripts: Object.freeze([Object.freeze(transcript)]) } : {}),
    ...(chapters ? { chapters } : {}),
  });
  return Object.freeze({ ...article, episode: found });
}

// Apart from `ingest`, whose closures would otherwise keep the previous version alive.
function laterBody(store: SourceStore, path: string, hash: string): () => string {
  return () => storedArticle(store, path, hash)?.body ?? "";
}

/** Turn one read into the entry's next state; `prev` supplies the last good version. */
function ingest(
  outcome: ReadOutcome,
  prev: CatalogueEntry | undefined,
  context: IngestContext,
): CatalogueEntry {
  const { path } = outcome.file;
  const keepLastGood = (error: ContentError): CatalogueEntry => ({
    path,
    ...(prev?.article ? { article: prev.article } : {}),
    error,
    warnings: prev?.warnings ?? [],
  });
  if ("error" in outcome) return keepLastGood(outcome.error);
  const hash = hashSource(outcome.bytes);
  // Touched but not changed (checkout, copy, `touch`): same bytes, same article. After a
  // restart from a saved state the store may only have adopted the bytes: keep them now.
  if (prev?.article?.hash === hash && !prev.error) {
    const unstored = storeSource(context.store, path, hash, outcome.bytes);
    return unstored ? keepLastGood(unstored) : prev;
  }
  // The scan lends `outcome.bytes` until its next read: the body (read lazily by `parsed`) is
  // used only within this call, and the store keeps its own copy.
  const parsed = parseArticle(path, outcome.bytes);
  if (isContentError(parsed)) return keepLastGood(parsed);
  const result = normalizeArticle(parsed, {
    baseUrl: context.baseUrl,
    idPrefix: context.idPrefix,
    ...(context.defaultAuthor ? { defaultAuthor: context.defaultAuthor } : {}),
    mtimeMs: outcome.file.mtimeMs,
    hash,
    ...(context.maxTags === undefined ? {} : { maxTags: context.maxTags }),
    laterBody: laterBody(context.store, path, hash),
  });
  if (!result.ok) return keepLastGood(result.error);
  const unstored = storeSource(context.store, path, hash, outcome.bytes);
  if (unstored) return keepLastGood(unstored);
  const article = withSiblingFiles(withEnclosureLength(result.article, context), context);
  return { path, article, warnings: result.warnings };
}

/**
 * Merge a scan into the catalogue: `apply` each read as the scan makes it, then `finish` with
 * the removed paths. A file turned bad keeps its last good article; untouched entries stay the
 * same objects, and `finish` returns `prev` itself when nothing changed, to compare by identity.
 */
export function createCatalogueUpdate(prev: Catalogue, context: IngestContext) {
  let added = 0;
  let changed = 0;
  let failed = 0;
  // Files read whose bytes the store could not keep: the scan must not stamp them as read.
  const unstored: string[] = [];
  // The changes only: a scan of a few named files must not copy a 100,000-entry catalogue.
  const next = editMap(prev);
  return {
    apply(outcome: ReadOutcome): void {
      const before = prev.get(outcome.file.path);
      const after = ingest(outcome, before, context);
      if (after.error?.code === "cannot-store") unstored.push(after.path);
      if (after === before) return;
      if (
        before &&
        after.article === before.article &&
        sameError(after.error, before.error) &&
        after.warnings === before.warnings
      ) {
        return;
      }
      next.set(after.path, after);
      if (after.error && !sameError(after.error, before?.error)) failed += 1;
      if (!before) added += 1;
      else if (after.article !== before.article) changed += 1;
    },
    finish(removedPaths: readonly string[]): {
      catalogue: Catalogue;
      changes: CatalogueChanges;
      unstored: readonly string[];
    } {
      let removed = 0;
      for (const path of removedPaths) {
        if (!prev.has(path)) continue;
        next.delete(path);
        removed += 1;
      }
      return { catalogue: next.done(), changes: { added, changed, removed, failed }, unstored };
    },
  };
}

/** The hashes the catalogue still refers to, so the source store can drop the rest. */
export function liveHashes(catalogue: Catalogue): Set<string> {
  const hashes = new Set<string>();
  for (const entry of catalogue.values()) if (entry.article) hashes.add(entry.article.hash);
  return hashes;
}
