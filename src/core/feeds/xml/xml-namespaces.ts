/** Namespace URIs the XML renderers declare. */
export const XML_NAMESPACES = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  /** RFC 5005 §6. */
  fh: "http://purl.org/syndication/history/1.0",
  itunes: "http://www.itunes.com/dtds/podcast-1.0.dtd",
  /** Media RSS 1.5.1. */
  media: "http://search.yahoo.com/mrss/",
  /** Podcasting 2.0 (podcast-namespace README). */
  podcast: "https://podcastindex.org/namespace/1.0",
  sy: "http://purl.org/rss/1.0/modules/syndication/",
} as const;
