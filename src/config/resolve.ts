import { resolve } from "node:path";
import type { Author, PodcastMeta, SiteMeta } from "../core/types.js";
import { scanIntervalSeconds } from "../engine/schedule.js";
import type { ConnectionLimits } from "../http/harden-server.js";
import type { LOG_LEVELS, RawConfig } from "./schema.js";

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

function absolute(url: string | null, baseUrl: string): string | undefined {
  if (url === null) return undefined;
  return new URL(url, `${baseUrl}/`).href;
}

function maxAgeOf(cacheControl: string): number | null {
  const match = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * `cacheControl`'s max-age, raised to the schedule's shortest interval when only the schedule can
 * change what is served (no watcher, no admin rescan): a poll between scans could only get a 304.
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

function resolveSite(raw: RawConfig, baseUrl: string, version: string): SiteMeta {
  return {
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
}

function resolvePodcast(raw: RawConfig, baseUrl: string): PodcastMeta | null {
  if (!raw.podcast) return null;
  return {
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
  };
}

/** The validated layers as the service uses them: URLs absolute, paths resolved, all frozen. */
export function resolveConfig(raw: RawConfig, cwd: string, version: string): Config {
  const baseUrl = (raw.baseUrl ?? `http://localhost:${raw.port}`).replace(/\/+$/, "");
  const site = resolveSite(raw, baseUrl, version);
  const podcast = resolvePodcast(raw, baseUrl);
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
