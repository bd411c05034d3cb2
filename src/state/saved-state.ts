import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Catalogue, CatalogueEntry } from "../catalogue/update-catalogue.js";
import type { Config } from "../config.js";
import type { FileIndex, FileStamp } from "../content/scan-content.js";
import type { Article, ContentWarning } from "../core/types.js";
import { frameReader, writeFrame } from "./state-frames.js";

/**
 * The catalogue saved for the next start (`STATE_DIR`), so it reads only the files whose stamp
 * differs. A cache, never a source of truth: anything doubtful is a cold start; files with
 * errors are not saved (docs/architecture.md, "Restarts from a saved state").
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
 * objects, which the deserialiser rebuilds key by key.
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
  "episode",
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

/**
 * The first frame of the file (state-frames.ts); the entries follow, a few thousand per frame.
 * A state for another program is refused after reading the header alone.
 */
interface StateHeader {
  readonly format: number;
  readonly fingerprint: string;
  /** How many entries the frames after the header hold. */
  readonly entries: number;
  readonly bodies: readonly SavedBody[];
}

const ROWS_PER_FRAME = 4096;

/**
 * What the saved articles depend on besides their files: the code that normalised them (in the
 * bundle, this one file), the engine that serialised them, and the settings that go into one.
 */
export function stateFingerprint(config: Config): string {
  // The module's size and mtime rather than its hash: the bundle is large to hash, and any
  // build of it gets a new mtime.
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
    String(config.maxTagsPerArticle),
    JSON.stringify(config.junkSelectors),
  ]) {
    hash.update(part).update("\0");
  }
  return hash.digest("base64url").slice(0, 22);
}

/** Good articles with a stamp, less local enclosures (their media may change on their own). */
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
  rowsPerFrame = ROWS_PER_FRAME,
): number {
  const entries = savedEntries(state.catalogue, state.index, baseUrl);
  const header: StateHeader = {
    format: FORMAT,
    fingerprint,
    entries: entries.length,
    bodies: state.bodies,
  };
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `${FILE_NAME}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "w");
    writeFrame(fd, header);
    for (let i = 0; i < entries.length; i += rowsPerFrame) {
      writeFrame(fd, entries.slice(i, i + rowsPerFrame));
    }
    closeSync(fd);
    fd = undefined;
    renameSync(temp, join(dir, FILE_NAME));
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
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

/** The article of a saved row, frozen as `normalizeArticle` freezes it; absent fields stay so. */
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
  let fd: number;
  try {
    fd = openSync(join(dir, FILE_NAME), "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { missing: true };
    return { problem: `cannot read it: ${(error as Error).message}` };
  }
  try {
    return readFrames(frameReader(fd), fingerprint);
  } catch (error) {
    return { problem: `it is damaged: ${(error as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

function readFrames(next: () => unknown, fingerprint: string): ReadStateResult {
  const header = next() as StateHeader | null;
  if (header?.format !== FORMAT || header.fingerprint !== fingerprint) {
    return { problem: "it was saved by another version of feedmill or for another configuration" };
  }
  if (!Number.isSafeInteger(header.entries) || header.entries < 0) {
    return { problem: "it is damaged: no entry count" };
  }
  if (!Array.isArray(header.bodies) || !header.bodies.every(isBody)) {
    return { problem: "it is damaged: a body is not text" };
  }
  const catalogue = new Map<string, CatalogueEntry>();
  const index = new Map<string, FileStamp>();
  let rows = 0;
  while (rows < header.entries) {
    const frame = next();
    if (!Array.isArray(frame) || frame.length === 0 || !frame.every(isEntry)) {
      return { problem: "it is damaged: an entry is not an article" };
    }
    for (const entry of frame) restoreEntry(entry, catalogue, index);
    rows += frame.length;
  }
  if (rows !== header.entries || index.size !== rows) {
    return { problem: "it is damaged: the entries do not add up" };
  }
  return { state: { catalogue, index, bodies: header.bodies } };
}

function restoreEntry(
  entry: SavedEntry,
  catalogue: Map<string, CatalogueEntry>,
  index: Map<string, FileStamp>,
): void {
  const [size, mtimeMs, ino, warnings] = entry;
  const path = entry[PATH] as string;
  for (const warning of warnings) Object.freeze(warning);
  catalogue.set(path, { path, article: articleOf(entry), warnings: Object.freeze(warnings) });
  index.set(path, { size, mtimeMs, ino });
}
