import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { validate as validateCron } from "node-cron";
import { z } from "zod";
import { findInvalidSelectors } from "./core/clean/clean-html.js";
import type { Author, PodcastMeta, SiteMeta } from "./core/types.js";
import { scanIntervalSeconds } from "./engine/schedule.js";
import type { ConnectionLimits } from "./http/harden-server.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const authorSchema = z.strictObject({
  name: z.string().min(1),
  email: z.string().email().optional(),
  url: z.string().url().optional(),
});

const nullableString = z.string().min(1).nullable().default(null);

const personSchema = z.strictObject({
  name: z.string().min(1),
  role: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  img: z.string().url().optional(),
  href: z.string().url().optional(),
});

const SWITCH_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  "1": true,
  "0": false,
  on: true,
  off: false,
  yes: true,
  no: false,
};

/** A boolean that the environment can set as `true`/`false`, `1`/`0`, `on`/`off` or `yes`/`no`. */
const switchSchema = z.preprocess(
  (value) =>
    typeof value === "string" ? (SWITCH_WORDS[value.trim().toLowerCase()] ?? value) : value,
  z.boolean({ error: "must be true or false" }),
);

/** The shape of `config/default.json` merged with `CONFIG_FILE` and the environment. */
const configSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  baseUrl: z.string().url().nullable(),
  contentDir: z.string().min(1),
  stateDir: z.string().min(1).nullable(),
  scanCron: z.string().refine((value) => validateCron(value), "not a valid cron expression"),
  watch: switchSchema,
  allowEmpty: switchSchema,
  feedLimit: z.coerce.number().int().min(1).max(1000),
  adminToken: z
    .string()
    .min(16, "must be at least 16 characters (it guards POST /admin/rescan)")
    .nullable(),
  logLevel: z.enum(LOG_LEVELS),
  cacheControl: z.string().min(1),
  maxFileBytes: z.coerce.number().int().min(1),
  maxTagsPerArticle: z.coerce.number().int().min(0),
  maxTagFeeds: z.coerce.number().int().min(0),
  readConcurrency: z.coerce.number().int().min(1).max(1024),
  site: z.strictObject({
    title: z.string().min(1),
    description: z.string(),
    language: z.string().min(2),
    author: authorSchema.nullable().default(null),
    copyright: nullableString,
    icon: nullableString,
    logo: nullableString,
    favicon: nullableString,
    idPrefix: nullableString,
  }),
  podcast: z
    .strictObject({
      category: z.string().min(1),
      subcategory: nullableString,
      explicit: z.boolean(),
      ownerName: z.string().min(1),
      ownerEmail: z.string().email(),
      image: z.string().min(1),
      type: z.enum(["episodic", "serial"]),
      // Podcasting 2.0 and feed moves; every one optional.
      guid: z
        .string()
        .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a UUID")
        .nullable()
        .default(null),
      locked: z.boolean().nullable().default(null),
      funding: z
        .array(z.strictObject({ url: z.string().url(), text: z.string().min(1) }))
        .default([]),
      persons: z.array(personSchema).default([]),
      newFeedUrl: z.string().url().nullable().default(null),
    })
    .nullable(),
  media: z.strictObject({
    extensions: z.array(z.string().regex(/^\.[a-z0-9]+$/, "each extension is like '.mp3'")),
    cacheControl: z.string().min(1),
  }),
  clean: z.strictObject({
    junkSelectors: z.array(z.string().min(1)).superRefine((selectors, ctx) => {
      for (const selector of findInvalidSelectors(selectors)) {
        ctx.addIssue({ code: "custom", message: `not a valid CSS selector: ${selector}` });
      }
    }),
  }),
  websub: z.strictObject({
    hub: z.string().url().nullable(),
  }),
  server: z
    .strictObject({
      maxConnections: z.coerce.number().int().min(1),
      maxConnectionsPerSource: z.coerce.number().int().min(0),
      headersTimeout: z.coerce.number().int().min(1),
      requestTimeout: z.coerce.number().int().min(1),
      keepAliveTimeout: z.coerce.number().int().min(1),
    })
    .refine((server) => server.headersTimeout <= server.requestTimeout, {
      message: "headersTimeout must not exceed requestTimeout",
      path: ["headersTimeout"],
    }),
  podping: z
    .strictObject({
      endpoint: z.string().url().nullable().default(null),
      token: z.string().min(1).nullable().default(null),
    })
    .default({ endpoint: null, token: null }),
  // Old path → new path or URL, answered with 301 (feeds moved here from another layout).
  moved: z
    .record(
      z.string().regex(/^\/[^?#]*$/, "each old path starts with / and has no query"),
      z.string().regex(/^(?:\/|https?:\/\/)/, "a path starting with / or an http(s) URL"),
    )
    .default({}),
});

type RawConfig = z.infer<typeof configSchema>;

/** The validated, resolved configuration. Frozen; every URL absolute, every path resolved. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Absolute, no trailing slash. */
  readonly baseUrl: string;
  /** Absolute path. */
  readonly contentDir: string;
  /**
   * Where the catalogue is saved for the next start (absolute), or null: every start reads and
   * parses the whole folder.
   */
  readonly stateDir: string | null;
  readonly scanCron: string;
  /** Also rescan changed files as soon as the folder reports them (inotify); the cron stays. */
  readonly watch: boolean;
  /** Serve an empty folder as an empty site instead of keeping the last feeds that had articles. */
  readonly allowEmpty: boolean;
  readonly feedLimit: number;
  readonly adminToken: string | null;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly cacheControl: string;
  /**
   * How often readers are asked to poll, in seconds, when `cacheControl` has a `max-age`: the
   * one setting behind `Cache-Control: max-age`, RSS `<ttl>` and `sy:updateFrequency`.
   */
  readonly maxAgeSeconds: number | null;
  readonly maxFileBytes: number;
  /** Tags kept per article, the first ones given; more are reported. */
  readonly maxTagsPerArticle: number;
  /** Tags with feeds and pages, the most used; more are reported. */
  readonly maxTagFeeds: number;
  readonly readConcurrency: number;
  readonly site: SiteMeta;
  readonly idPrefix: string | null;
  readonly podcast: PodcastMeta | null;
  readonly media: { readonly extensions: readonly string[]; readonly cacheControl: string };
  readonly junkSelectors: readonly string[];
  readonly websubHub: string | null;
  readonly server: ConnectionLimits;
  /** A Podping gateway told of every change of a feed with episodes; null: none. */
  readonly podping: { readonly endpoint: string; readonly token: string | null } | null;
  /** Old paths that answer 301 with their new URL. */
  readonly moved: Readonly<Record<string, string>>;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Environment variables of docs/contract.md and the config key each one sets. */
const ENV_KEYS = {
  PORT: "port",
  HOST: "host",
  BASE_URL: "baseUrl",
  CONTENT_DIR: "contentDir",
  STATE_DIR: "stateDir",
  SCAN_CRON: "scanCron",
  WATCH: "watch",
  ALLOW_EMPTY: "allowEmpty",
  FEED_LIMIT: "feedLimit",
  ADMIN_TOKEN: "adminToken",
  LOG_LEVEL: "logLevel",
  MAX_CONNECTIONS: "server.maxConnections",
  MAX_CONNECTIONS_PER_SOURCE: "server.maxConnectionsPerSource",
} as const;

type Env = Readonly<Record<string, string | undefined>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep-merge `over` onto `base`: objects merge key by key, everything else replaces. */
export function mergeConfig(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = mergeConfig(base[key], value);
  return merged;
}

function envLayer(env: Env): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    const [head, inner] = key.split(".") as [string, string | undefined];
    if (inner === undefined) layer[head] = value;
    else layer[head] = { ...(layer[head] as object | undefined), [inner]: value };
  }
  return layer;
}

function absolute(url: string | null, baseUrl: string): string | undefined {
  if (url === null) return undefined;
  return new URL(url, `${baseUrl}/`).href;
}

function maxAgeOf(cacheControl: string): number | null {
  const match = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * The polling interval: `cacheControl`'s max-age, raised to the schedule's shortest interval when
 * only the schedule can change what is served (no watcher, no POST /admin/rescan): a poll between
 * two scans could only ever be answered 304.
 */
function pollingOf(raw: RawConfig): { cacheControl: string; maxAgeSeconds: number | null } {
  const maxAge = maxAgeOf(raw.cacheControl);
  if (maxAge === null || raw.watch || raw.adminToken !== null) {
    return { cacheControl: raw.cacheControl, maxAgeSeconds: maxAge };
  }
  const seconds = Math.max(maxAge, scanIntervalSeconds(raw.scanCron));
  const cacheControl = raw.cacheControl.replace(/\bmax-age=\d+/i, `max-age=${seconds}`);
  return { cacheControl, maxAgeSeconds: seconds };
}

function resolveConfig(raw: RawConfig, cwd: string, version: string): Config {
  const baseUrl = (raw.baseUrl ?? `http://localhost:${raw.port}`).replace(/\/+$/, "");
  const site: SiteMeta = {
    title: raw.site.title,
    description: raw.site.description,
    baseUrl,
    language: raw.site.language,
    ...(raw.site.author ? { author: stripUndefined(raw.site.author) } : {}),
    ...(raw.site.copyright ? { copyright: raw.site.copyright } : {}),
    ...optionalUrl("icon", raw.site.icon, baseUrl),
    ...optionalUrl("logo", raw.site.logo, baseUrl),
    ...optionalUrl("favicon", raw.site.favicon, baseUrl),
    generator: `feedmill ${version}`,
  };
  const podcast: PodcastMeta | null = raw.podcast
    ? {
        category: raw.podcast.category,
        ...(raw.podcast.subcategory ? { subcategory: raw.podcast.subcategory } : {}),
        explicit: raw.podcast.explicit,
        ownerName: raw.podcast.ownerName,
        ownerEmail: raw.podcast.ownerEmail,
        image: absolute(raw.podcast.image, baseUrl) ?? raw.podcast.image,
        type: raw.podcast.type,
        ...(raw.podcast.guid ? { guid: raw.podcast.guid.toLowerCase() } : {}),
        ...(raw.podcast.locked === null ? {} : { locked: raw.podcast.locked }),
        funding: raw.podcast.funding,
        persons: raw.podcast.persons,
        ...(raw.podcast.newFeedUrl ? { newFeedUrl: raw.podcast.newFeedUrl } : {}),
        ...(raw.podping.endpoint ? { usesPodping: true } : {}),
      }
    : null;
  return deepFreeze({
    port: raw.port,
    host: raw.host,
    baseUrl,
    contentDir: resolve(cwd, raw.contentDir),
    stateDir: raw.stateDir === null ? null : resolve(cwd, raw.stateDir),
    scanCron: raw.scanCron,
    watch: raw.watch,
    allowEmpty: raw.allowEmpty,
    feedLimit: raw.feedLimit,
    adminToken: raw.adminToken,
    logLevel: raw.logLevel,
    ...pollingOf(raw),
    maxFileBytes: raw.maxFileBytes,
    maxTagsPerArticle: raw.maxTagsPerArticle,
    maxTagFeeds: raw.maxTagFeeds,
    readConcurrency: raw.readConcurrency,
    site,
    idPrefix: raw.site.idPrefix,
    podcast,
    media: { extensions: raw.media.extensions, cacheControl: raw.media.cacheControl },
    junkSelectors: raw.clean.junkSelectors,
    websubHub: raw.websub.hub,
    server: raw.server,
    podping: raw.podping.endpoint
      ? { endpoint: raw.podping.endpoint, token: raw.podping.token }
      : null,
    moved: raw.moved,
  });
}

function optionalUrl(key: string, url: string | null, baseUrl: string): Record<string, string> {
  const value = absolute(url, baseUrl);
  return value === undefined ? {} : { [key]: value };
}

function stripUndefined(author: { name: string; email?: string; url?: string }): Author {
  return {
    name: author.name,
    ...(author.email ? { email: author.email } : {}),
    ...(author.url ? { url: author.url } : {}),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.map(String).join(".") || "(root)";
  return `${key}: ${issue.message}`;
}

/**
 * Validate layered config: defaults, then the `CONFIG_FILE` layer, then env.
 * Every problem is listed at once, each naming its key.
 */
export function parseConfig(
  layers: readonly unknown[],
  env: Env,
  options: { cwd: string; version: string },
): ConfigResult {
  const merged = [...layers, envLayer(env)].reduce<unknown>(mergeConfig, {});
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(formatIssue) };
  return { ok: true, config: resolveConfig(parsed.data, options.cwd, options.version) };
}

/** The installed package: `config/` and `package.json` are read from here. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The package's version, for the `generator` element and the saved state's fingerprint. */
export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function readJsonLayer(path: string, label: string): { layer?: unknown; problem?: string } {
  try {
    return { layer: JSON.parse(readFileSync(path, "utf8")) };
  } catch (error) {
    return { problem: `${label}: cannot read ${path}: ${(error as Error).message}` };
  }
}

/** Edge: read `config/default.json` and `CONFIG_FILE`, then validate with the environment. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): ConfigResult {
  const problems: string[] = [];
  const layers: unknown[] = [];
  const defaults = readJsonLayer(
    resolve(PACKAGE_ROOT, "config/default.json"),
    "config/default.json",
  );
  if (defaults.problem) problems.push(defaults.problem);
  else layers.push(defaults.layer);
  const file = env.CONFIG_FILE;
  if (file) {
    const extra = readJsonLayer(resolve(cwd, file), "CONFIG_FILE");
    if (extra.problem) problems.push(extra.problem);
    else layers.push(extra.layer);
  }
  if (problems.length > 0) return { ok: false, problems };
  return parseConfig(layers, env, { cwd, version: readPackageVersion() });
}
