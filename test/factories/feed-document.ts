import type {
  Article,
  FeedDocument,
  FeedFormat,
  FeedItem,
  FeedLinks,
  PodcastMeta,
  SiteMeta,
} from "../../src/core/types.js";
import { articleUrl } from "../../src/core/urls.js";

/** Every factory builds fresh objects: a test may change what it gets without touching others. */

export const BASE_URL = "https://blog.example.org";

/** A fixed instant with a fractional millisecond, so whole-second printing is exercised. */
export const JAN_15 = Date.UTC(2026, 0, 15, 9, 30, 5, 250) + 0.5;

const HOUR = 60 * 60 * 1000;

const FILE_NAMES: Readonly<Record<FeedFormat, string>> = {
  rss: "rss.xml",
  atom: "atom.xml",
  json: "feed.json",
};

const MEDIA_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

const FORMATS: readonly FeedFormat[] = ["rss", "atom", "json"];

export function createSiteMeta(overrides: Partial<SiteMeta> = {}): SiteMeta {
  return {
    title: "Example Blog",
    description: "Notes on feeds & the web",
    baseUrl: BASE_URL,
    language: "en",
    author: { name: "Ada Example", email: "ada@example.org", url: `${BASE_URL}/about` },
    copyright: "© 2026 Ada Example",
    icon: `${BASE_URL}/icon.png`,
    logo: `${BASE_URL}/logo.png`,
    favicon: `${BASE_URL}/favicon.ico`,
    generator: "feedmill 0.1.0",
    ...overrides,
  };
}

export function createArticle(overrides: Partial<Article> = {}): Article {
  const slug = overrides.slug ?? "hello-world";
  const link = overrides.link ?? articleUrl(BASE_URL, slug);
  return {
    path: `${slug}.md`,
    slug,
    id: link,
    link,
    title: "Hello, world",
    summary: "The first post.",
    published: JAN_15,
    updated: JAN_15,
    tags: [],
    authors: [],
    draft: false,
    bodyFormat: "markdown",
    extra: {},
    hash: `sha256-${slug}`,
    ...overrides,
  };
}

export function createFeedItem(
  article: Partial<Article> = {},
  contentHtml = "<p>Hello.</p>",
): FeedItem {
  return { article: createArticle(article), contentHtml };
}

/** The links of the document at `path` (e.g. `/tags/web`) in `format`. */
export function createFeedLinks(
  format: FeedFormat,
  path = "",
  overrides: Partial<FeedLinks> = {},
): FeedLinks {
  const url = (name: string) => `${BASE_URL}${path}/${name}`;
  return {
    self: url(FILE_NAMES[format]),
    home: `${BASE_URL}${path}/`,
    current: url(FILE_NAMES[format]),
    alternates: FORMATS.filter((other) => other !== format).map((other) => ({
      href: url(FILE_NAMES[other]),
      type: MEDIA_TYPES[other],
    })),
    hubs: [],
    ...overrides,
  };
}

export function createPodcastMeta(overrides: Partial<PodcastMeta> = {}): PodcastMeta {
  return {
    category: "Technology",
    subcategory: "Tech News",
    explicit: false,
    ownerName: "Ada Example",
    ownerEmail: "podcast@example.org",
    image: `${BASE_URL}/show.jpg`,
    type: "episodic",
    ...overrides,
  };
}

/** A document; `updated` defaults to the newest item's, as the pipeline computes it. */
export function createFeedDocument(
  overrides: Partial<FeedDocument> & { format?: FeedFormat } = {},
): FeedDocument {
  const { format = "rss", ...rest } = overrides;
  const items = rest.items ?? [createFeedItem()];
  const site = rest.site ?? createSiteMeta();
  return {
    site,
    title: site.title,
    description: site.description,
    links: createFeedLinks(format),
    updated: Math.max(0, ...items.map((item) => item.article.updated)),
    archive: false,
    complete: false,
    ttlMinutes: 15,
    ...rest,
    items,
  };
}

/** A typical front page: three posts, authors with and without email, tags, a lead image. */
export function createBlogDocument(format: FeedFormat): FeedDocument {
  return createFeedDocument({
    format,
    links: createFeedLinks(format, "", { hubs: ["https://hub.example.net/"] }),
    items: [
      createFeedItem(
        {
          slug: "feeds-done-right",
          title: "Feeds done right: <title> & friends",
          summary: "Why ]]> and & need care.",
          published: JAN_15 + 48 * HOUR,
          updated: JAN_15 + 50 * HOUR,
          tags: ["Web", "RSS & Atom"],
          image: `${BASE_URL}/posts/lead.jpg`,
          authors: [{ name: "Ada Example", email: "ada@example.org" }, { name: "Grace Guest" }],
        },
        [
          "<p>Escaping matters: <code>a &lt; b &amp;&amp; c</code>, ]]&gt; and &nbsp;.</p>",
          `<p><img src="${BASE_URL}/posts/lead.jpg" alt="lead"></p>`,
        ].join("\n"),
      ),
      createFeedItem(
        {
          slug: "2025/notes",
          id: "tag:blog.example.org,2026:2025/notes",
          title: "Notes",
          summary: "",
          published: JAN_15 + 24 * HOUR,
          updated: JAN_15 + 24 * HOUR,
          tags: ["notes"],
          language: "fr",
        },
        "<p>Bonjour.</p>",
      ),
      createFeedItem({ slug: "hello-world" }),
    ],
  });
}

/** A podcast page: an episode with both a lead image and an audio enclosure, and a plain post. */
export function createPodcastDocument(format: FeedFormat): FeedDocument {
  return createFeedDocument({
    format,
    podcast: createPodcastMeta(),
    ttlMinutes: 60,
    items: [
      createFeedItem(
        {
          slug: "episode-1",
          title: "Episode 1: Pilot",
          summary: "We start.",
          published: JAN_15 + 72 * HOUR,
          updated: JAN_15 + 72 * HOUR,
          tags: ["podcast"],
          image: `${BASE_URL}/episodes/1/cover.jpg`,
          authors: [{ name: "Ada Example" }],
          enclosure: {
            url: `${BASE_URL}/episodes/1/audio.mp3`,
            type: "audio/mpeg",
            length: 12_345_678,
            duration: 1834,
          },
        },
        "<p>Show notes.</p>",
      ),
      createFeedItem(
        {
          slug: "episode-0",
          title: "Episode 0: Trailer",
          summary: "Coming soon.",
          published: JAN_15 + 1 * HOUR,
          updated: JAN_15 + 1 * HOUR,
          enclosure: { url: `${BASE_URL}/episodes/0/trailer.m4a`, type: "audio/x-m4a" },
        },
        "<p>Trailer.</p>",
      ),
    ],
  });
}

/** An RFC 5005 archive document between two others. */
export function createArchiveDocument(format: FeedFormat): FeedDocument {
  const page = (n: number) => `${BASE_URL}/archive/${n}/${FILE_NAMES[format]}`;
  return createFeedDocument({
    format,
    archive: true,
    links: createFeedLinks(format, "/archive/2", {
      home: `${BASE_URL}/`,
      current: `${BASE_URL}/${FILE_NAMES[format]}`,
      prevArchive: page(1),
      nextArchive: page(3),
    }),
    ttlMinutes: 11,
    items: [
      createFeedItem({
        slug: "old-two",
        title: "Old two",
        published: JAN_15 - 100 * HOUR,
        updated: JAN_15 - 100 * HOUR,
      }),
      createFeedItem({
        slug: "old-one",
        title: "Old one",
        published: JAN_15 - 200 * HOUR,
        updated: JAN_15 - 200 * HOUR,
      }),
    ],
  });
}

/** A per-tag feed that holds every entry with the tag (RFC 5005 §2 complete feed). */
export function createTagDocument(format: FeedFormat): FeedDocument {
  return createFeedDocument({
    format,
    title: "Example Blog — Web",
    description: "Posts tagged Web",
    complete: true,
    site: createSiteMeta({ author: undefined, copyright: undefined }),
    links: createFeedLinks(format, "/tags/web"),
    items: [
      createFeedItem({
        slug: "tagged",
        title: "Tagged post",
        tags: ["Web"],
        authors: [{ name: "Ada Example", url: `${BASE_URL}/about` }],
      }),
      createFeedItem({ slug: "anonymous", title: "No author given", tags: ["Web"] }),
    ],
  });
}

/** A feed with no items: `updated` is the epoch, never the clock. */
export function createEmptyDocument(format: FeedFormat): FeedDocument {
  return createFeedDocument({
    format,
    items: [],
    updated: 0,
    site: createSiteMeta({ author: undefined, icon: undefined, logo: undefined }),
    ttlMinutes: undefined,
  });
}

/** The golden scenarios, by file-name stem. */
export const SCENARIOS = {
  blog: createBlogDocument,
  podcast: createPodcastDocument,
  archive: createArchiveDocument,
  tag: createTagDocument,
  empty: createEmptyDocument,
} as const satisfies Record<string, (format: FeedFormat) => FeedDocument>;
