/** The front matter fields feedmill interprets, each list in order of precedence. */
export const ARTICLE_KEYS = {
  slug: ["slug"],
  link: ["permalink", "url", "link"],
  title: ["title"],
  summary: ["description", "excerpt", "summary"],
  date: ["date"],
  updated: ["updated", "lastmod", "modified"],
  tags: ["keywords", "tags", "categories"],
  image: ["image", "cover", "thumbnail"],
  authors: ["author", "authors"],
  language: ["lang", "language"],
  draft: ["draft"],
  enclosure: ["enclosure", "audio"],
} as const;

/** Every key in `ARTICLE_KEYS`: these never land in `Article.extra`. */
export const INTERPRETED_KEYS: ReadonlySet<string> = new Set(Object.values(ARTICLE_KEYS).flat());
