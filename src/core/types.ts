/**
 * The types that flow through feedmill, stage by stage:
 * SourceFile → ParsedArticle → Article → FeedDocument → RenderedDocument → Snapshot.
 * Everything here is plain data; nothing in `core/` touches fs, the network or the clock.
 */

/** A file found by the scan: where it is and the stat facts that decide whether to re-read it. */
export interface SourceFile {
  /** Path relative to the content folder, POSIX separators: `2024/hello.md`. */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Stable codes for everything that can be wrong with one content file. */
export type ContentErrorCode =
  | "read-failed" // the file could not be read (permissions, vanished, is a directory)
  | "too-large" // over `maxFileBytes`
  | "empty" // zero bytes or only whitespace
  | "binary" // NUL bytes: not a text file
  | "invalid-utf8" // bytes that are not UTF-8
  | "no-front-matter" // does not start with a `---` line
  | "unterminated-front-matter" // opening `---` with no closing one
  | "bad-yaml" // YAML syntax error, or front matter that is not a mapping
  | "yaml-too-complex" // alias bombs, absurd nesting: bounded work, then refused
  | "bad-date" // a date that cannot be understood
  | "bad-field" // a field of the wrong type or shape (e.g. enclosure without url)
  | "cannot-store"; // its bytes could not be kept (the temp folder is full): read again next scan

/** One problem with one file. Errors are values: collected and reported, never thrown. */
export interface ContentError {
  readonly path: string;
  readonly code: ContentErrorCode;
  readonly reason: string;
  /** 1-based line in the source file, when known. */
  readonly line?: number;
}

/** Something odd but survivable (e.g. a missing date, replaced by the file's mtime). */
export interface ContentWarning {
  readonly path: string;
  readonly code:
    | "missing-date"
    | "unknown-body-format"
    | "duplicate-slug"
    | "too-many-tags"
    | "too-many-tag-feeds"
    | "body-truncated";
  readonly reason: string;
}

/** Front matter split from the body; the values are still untrusted. */
export interface ParsedArticle {
  readonly path: string;
  /** The YAML mapping as parsed; `unknown` until `normalizeArticle` checks it. */
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * The body after the closing delimiter, line endings normalised to `\n`. Decoded on first read:
   * most articles are normalised from their front matter and `bodyHead` alone.
   */
  readonly body: string;
  /** A prefix of `body` (its first half KiB or so, or all of it), cheap to read; absent: use `body`. */
  readonly bodyHead?: string;
  /** 1-based line of the source on which the body starts. */
  readonly bodyLine: number;
}

export interface Author {
  readonly name: string;
  readonly email?: string;
  readonly url?: string;
}

/** A podcast episode's media file. */
export interface Enclosure {
  /** Absolute URL. */
  readonly url: string;
  /** MIME type, e.g. `audio/mpeg`. */
  readonly type: string;
  /** Size in bytes, when known. */
  readonly length?: number;
  /** Duration in whole seconds, when known. */
  readonly duration?: number;
}

/** A transcript or captions file of an episode (Podcasting 2.0 `podcast:transcript`). */
export interface Transcript {
  /** Absolute URL. */
  readonly url: string;
  /** MIME type: `text/vtt`, `application/x-subrip`, `application/json`, `text/html` … */
  readonly type: string;
  readonly language?: string;
  /** `captions` when the file carries time codes. */
  readonly rel?: string;
}

/** A person credited on an episode (Podcasting 2.0 `podcast:person`). */
export interface Person {
  readonly name: string;
  readonly role?: string;
  readonly group?: string;
  /** Absolute URLs. */
  readonly img?: string;
  readonly href?: string;
}

/** An episode's own podcast fields from front matter; each absent one is left out of the feed. */
export interface EpisodeMeta {
  /** Apple `itunes:explicit`; absent: the show's `podcast.explicit`. */
  readonly explicit?: boolean;
  readonly season?: { readonly number: number; readonly name?: string };
  readonly episode?: { readonly number: number; readonly display?: string };
  readonly episodeType?: "full" | "trailer" | "bonus";
  readonly transcripts: readonly Transcript[];
  /** Absolute URL of a JSON chapters file (`application/json+chapters`). */
  readonly chapters?: string;
  readonly persons: readonly Person[];
}

export type BodyFormat = "html" | "markdown";

/** A trusted, normalised article. Holds no body: bodies are loaded and cleaned lazily. */
export interface Article {
  /** Source path relative to the content folder (POSIX). */
  readonly path: string;
  /** URL path segment(s) under `/articles/`: front matter `slug`, else the path without extension. */
  readonly slug: string;
  /** The item id: `link` by default, `site.idPrefix + slug` when configured. Never depends on the text. */
  readonly id: string;
  /** Absolute URL of the article page, or the front matter permalink/url/link. */
  readonly link: string;
  /** Plain text, one line. */
  readonly title: string;
  /** Plain text summary, at most ~300 characters. */
  readonly summary: string;
  /** Epoch milliseconds; may carry a fraction (sub-second precision is kept). */
  readonly published: number;
  /** Epoch milliseconds; `published` when the front matter has no update date. */
  readonly updated: number;
  /** De-duplicated case-insensitively, first spelling kept, in source order. */
  readonly tags: readonly string[];
  /** Absolute URL of the lead image. */
  readonly image?: string;
  readonly authors: readonly Author[];
  readonly language?: string;
  readonly draft: boolean;
  readonly enclosure?: Enclosure;
  /** Podcast fields of an episode; present only beside an `enclosure`. */
  readonly episode?: EpisodeMeta;
  readonly bodyFormat: BodyFormat;
  /** Every front matter field feedmill does not interpret (layout fields included). */
  readonly extra: Readonly<Record<string, unknown>>;
  /** Hash of the source bytes: changes exactly when the file's content changes. */
  readonly hash: string;
}

/** Site-wide metadata a renderer needs (from config). */
export interface SiteMeta {
  readonly title: string;
  readonly description: string;
  /** Absolute base URL without trailing slash, e.g. `https://example.org`. */
  readonly baseUrl: string;
  readonly language: string;
  readonly author?: Author;
  readonly copyright?: string;
  /** Absolute URLs. */
  readonly icon?: string;
  readonly logo?: string;
  readonly favicon?: string;
  readonly generator: string;
}

/** Apple Podcasts channel data; present when the site publishes episodes. */
export interface PodcastMeta {
  readonly category: string;
  readonly subcategory?: string;
  readonly explicit: boolean;
  readonly ownerName: string;
  readonly ownerEmail: string;
  /** Absolute URL of the show artwork (1400–3000 px square). */
  readonly image: string;
  readonly type: "episodic" | "serial";
  /** `podcast:guid`; config gives it for the main feed only (a feed that moved keeps its own). */
  readonly guid?: string;
  /** `podcast:locked`: whether other hosts may import the feed; absent: not said. */
  readonly locked?: boolean;
  readonly funding?: readonly { readonly url: string; readonly text: string }[];
  readonly persons?: readonly Person[];
  /** Apple `itunes:new-feed-url`: the feed moved there, and apps should follow. */
  readonly newFeedUrl?: string;
  /** `podcast:podping`: changes are announced through Podping, so apps may poll less. */
  readonly usesPodping?: boolean;
}

/** The URLs of one feed document in one format, for RFC 5005 paging and self links. */
export interface FeedLinks {
  /** This document's own URL in this format. */
  readonly self: string;
  /** The HTML page the feed describes. */
  readonly home: string;
  /** The subscription document of this feed in this format (RFC 5005 `current`). */
  readonly current: string;
  /** The next-older archive document (RFC 5005 `prev-archive`; JSON Feed `next_url`). */
  readonly prevArchive?: string;
  /** The next-newer archive document (RFC 5005 `next-archive`); only on archives. */
  readonly nextArchive?: string;
  /** The same document in the other formats, for `rel="alternate"`. */
  readonly alternates: readonly { readonly href: string; readonly type: string }[];
  /** WebSub hubs (`rel="hub"`, JSON `hubs`). */
  readonly hubs: readonly string[];
}

/** One item ready to render: the article plus its cleaned HTML content. */
export interface FeedItem {
  readonly article: Article;
  /** Cleaned, absolute-URL, XML-safe HTML. */
  readonly contentHtml: string;
}

/** Everything a renderer needs for one document in one format. Pure data. */
export interface FeedDocument {
  readonly site: SiteMeta;
  /** Title of this feed (the site title, or e.g. `site — tag`). */
  readonly title: string;
  readonly description: string;
  readonly links: FeedLinks;
  /** Newest `updated` among the items (epoch ms); the epoch when there are none. Never the clock. */
  readonly updated: number;
  /** RFC 5005 §4: this is an archive document (`fh:archive`). */
  readonly archive: boolean;
  /** RFC 5005 §2: this document holds every entry (`fh:complete`). */
  readonly complete: boolean;
  readonly podcast?: PodcastMeta;
  /** Minutes; RSS `ttl` and `sy:updatePeriod` consistent with the scan schedule and max-age. */
  readonly ttlMinutes?: number;
  /** Newest first, ties broken by slug. */
  readonly items: readonly FeedItem[];
}

export type FeedFormat = "rss" | "atom" | "json";
