import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import type { Config } from "../config.js";
import type { Article, ContentWarning } from "../core/types.js";
import type { FileIndex, FileStamp } from "./scan-content.js";
import type { Catalogue, CatalogueEntry } from "./update-catalogue.js";

/**
 * The catalogue saved for the next start (`STATE_DIR`): each good article with the stamp of the
 * file it was read from. A start with it stat-s the folder, as an unchanged rescan does, and reads
 * only the files whose stamp differs, instead of reading and parsing every file.
 *
 * It is a cache, never a source of truth: an entry is used only while its file keeps the same
 * stamp (size, mtime, inode: the rule every rescan of a running service already trusts), and the
 * whole file only when it was written by the same code for the same configuration and folder.
 * Anything else (missing, unreadable, another version) is a normal cold start. Files with errors
 * are not saved, nor their last good versions (their bytes are gone from the folder): after a
 * restart they are reported again and, as on any cold start, not served.
 */
export interface SavedState {
  readonly catalogue: Catalogue;
  readonly index: FileIndex;
  /**
   * Cleaned bodies of the subscription feeds' items: cleaning them again is most of the time a
   * restarted service takes to render its first feeds (cheerio is not compiled yet).
   */
  readonly bodies: readonly SavedBody[];
}

/** A cleaned body: the article's path, its source hash, the HTML. */
export type SavedBody = readonly [path: string, hash: string, html: string];

const FILE_NAME = "catalogue.v8";
/** Bumped whenever what is saved changes shape. */
const FORMAT = 1;

/**
 * An article's fields in the order a saved row holds them. Rows of values restore faster than
 * objects, which the deserialiser rebuilds key by key: at 50,000 articles the whole restore took
 * ~0.46 s against ~0.64 s (one start each; deserialising alone, ~0.25 s against ~0.3–0.8 s).
 */
const FIELDS = [
  "path",
  "slug",
  "id",
  "link",
  "title",
  "summary",
  "published",
  "updated",
  "tags",
  "image",
  "authors",
  "language",
  "draft",
  "enclosure",
  "bodyFormat",
  "extra",
  "hash",
] as const satisfies readonly (keyof Article)[];

// A field added to `Article` and not to FIELDS would be lost on every restart: refuse to compile.
type UnsavedField = Exclude<keyof Article, (typeof FIELDS)[number]>;
const everyFieldSaved: [UnsavedField] extends [never] ? true : UnsavedField = true;
void everyFieldSaved;

/** The file's stamp, the entry's warnings, then the article's fields in FIELDS order. */
type SavedEntry = readonly [
  size: number,
  mtimeMs: number,
  ino: number,
  warnings: readonly ContentWarning[],
  ...fields: unknown[],
];
const HEAD = 4;

interface StateFile {
  readonly format: number;
  readonly fingerprint: string;
  readonly entries: readonly SavedEntry[];
  readonly bodies: readonly SavedBody[];
}

/**
 * What the saved articles depend on besides their files: the code that normalised them (in the
 * bundled command, the whole program is this one file), the engine that serialised them, and the
 * configuration that goes into an article.
 */
export function stateFingerprint(config: Config): string {
  // The module's size and mtime rather than its hash: the bundle is ~6 MB, and any build of it
  // gets a new mtime.
  const code = statSync(fileURLToPath(import.meta.url));
  const hash = createHash("sha256");
  for (const part of [
    String(FORMAT),
    `${code.size}:${code.mtimeMs}`,
    config.site.generator ?? "",
    process.versions.v8,
    config.contentDir,
    config.baseUrl,
    config.idPrefix ?? "",
    JSON.stringify(config.site.author ?? null),
    String(config.maxFileBytes),
    JSON.stringify(config.junkSelectors),
  ]) {
    hash.update(part).update("\0");
  }
  return hash.digest("base64url").slice(0, 22);
}

/**
 * The entries worth saving: good articles with a stamp. An enclosure served from the folder is
 * left out: its length was taken from the media file, which may change while the article does not.
 */
function savedEntries(catalogue: Catalogue, index: FileIndex, baseUrl: string): SavedEntry[] {
  const local = `${baseUrl}/`;
  const entries: SavedEntry[] = [];
  for (const entry of catalogue.values()) {
    const { article } = entry;
    const stamp = index.get(entry.path);
    if (!article || entry.error || !stamp) continue;
    if (article.enclosure?.url.startsWith(local)) continue;
    const fields = FIELDS.map((field) => article[field]);
    entries.push([stamp.size, stamp.mtimeMs, stamp.ino, entry.warnings, ...fields]);
  }
  return entries;
}

/**
 * Save atomically (a temp file renamed over the old one), so a reader, a crash or a second
 * process sharing the folder only ever sees a whole file. Returns how many articles were saved.
 */
export function writeSavedState(
  dir: string,
  fingerprint: string,
  state: SavedState,
  baseUrl: string,
): number {
  const entries = savedEntries(state.catalogue, state.index, baseUrl);
  const file: StateFile = { format: FORMAT, fingerprint, entries, bodies: state.bodies };
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `${FILE_NAME}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, serialize(file));
    renameSync(temp, join(dir, FILE_NAME));
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return entries.length;
}

function isBody(value: unknown): value is SavedBody {
  return (
    Array.isArray(value) && value.length === 3 && value.every((part) => typeof part === "string")
  );
}

const PATH = HEAD + FIELDS.indexOf("path");
const HASH = HEAD + FIELDS.indexOf("hash");

/** A shape check, not a proof: the file is this program's own, written whole by a rename. */
function isEntry(value: unknown): value is SavedEntry {
  if (!Array.isArray(value) || value.length !== HEAD + FIELDS.length) return false;
  return (
    typeof value[0] === "number" &&
    typeof value[1] === "number" &&
    typeof value[2] === "number" &&
    Array.isArray(value[3]) &&
    typeof value[PATH] === "string" &&
    typeof value[HASH] === "string"
  );
}

/** The article of a saved row, frozen as `normalizeArticle` freezes it; absent fields stay absent. */
function articleOf(entry: SavedEntry): Article {
  const article: Record<string, unknown> = {};
  for (let i = 0; i < FIELDS.length; i++) {
    const value = entry[HEAD + i];
    if (value !== undefined) article[FIELDS[i] as string] = value;
  }
  const { authors, tags, enclosure, extra } = article as unknown as Article;
  for (const author of authors) Object.freeze(author);
  for (const frozen of [authors, tags, enclosure, extra]) if (frozen) Object.freeze(frozen);
  return Object.freeze(article) as unknown as Article;
}

export type ReadStateResult =
  | { readonly state: SavedState }
  | { readonly problem: string }
  | { readonly missing: true };

/** The saved state in `dir`, if there is one this program can use. Never throws. */
export function readSavedState(dir: string, fingerprint: string): ReadStateResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, FILE_NAME));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { missing: true };
    return { problem: `cannot read it: ${(error as Error).message}` };
  }
  let file: StateFile;
  try {
    file = deserialize(bytes) as StateFile;
  } catch (error) {
    return { problem: `it is damaged: ${(error as Error).message}` };
  }
  if (file?.format !== FORMAT || file.fingerprint !== fingerprint) {
    return { problem: "it was saved by another version of feedmill or for another configuration" };
  }
  if (!Array.isArray(file.entries) || !file.entries.every(isEntry)) {
    return { problem: "it is damaged: an entry is not an article" };
  }
  if (!Array.isArray(file.bodies) || !file.bodies.every(isBody)) {
    return { problem: "it is damaged: a body is not text" };
  }
  const catalogue = new Map<string, CatalogueEntry>();
  const index = new Map<string, FileStamp>();
  for (const entry of file.entries) {
    const [size, mtimeMs, ino, warnings] = entry;
    const path = entry[PATH] as string;
    for (const warning of warnings) Object.freeze(warning);
    catalogue.set(path, { path, article: articleOf(entry), warnings: Object.freeze(warnings) });
    index.set(path, { size, mtimeMs, ino });
  }
  return { state: { catalogue, index, bodies: file.bodies } };
}
