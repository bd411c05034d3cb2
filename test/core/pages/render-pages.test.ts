import { type CheerioAPI, load } from "cheerio";
import { describe, expect, it } from "vitest";
import {
  type FeedSet,
  renderArticlePage,
  renderIndexPage,
  renderNotFoundPage,
  renderTagPage,
} from "../../../src/core/pages/render-pages.js";
import type { Article, SiteMeta } from "../../../src/core/types.js";

const BASE = "https://example.org";
const HOSTILE = `<script>alert(1)</script>"><img src=x onerror=alert(2)> & co`;

function makeSite(overrides: Partial<SiteMeta> = {}): SiteMeta {
  return {
    title: "Example Notes",
    description: "Notes about examples.",
    baseUrl: BASE,
    language: "en",
    generator: "feedmill",
    ...overrides,
  };
}

function makeArticle(overrides: Partial<Article> = {}): Article {
  const slug = overrides.slug ?? "hello";
  return {
    path: `${slug}.md`,
    slug,
    id: `${BASE}/articles/${slug}`,
    link: `${BASE}/articles/${slug}`,
    title: "Hello, world",
    summary: "A first post.",
    published: Date.UTC(2020, 9, 21, 7, 28, 0),
    updated: Date.UTC(2020, 9, 21, 7, 28, 0),
    tags: [],
    authors: [],
    draft: false,
    bodyFormat: "markdown",
    extra: {},
    hash: `hash-${slug}`,
    ...overrides,
  };
}

function makeFeeds(prefix = "", title = "Example Notes"): FeedSet {
  return {
    title,
    rss: `${BASE}${prefix}/rss.xml`,
    atom: `${BASE}${prefix}/atom.xml`,
    json: `${BASE}${prefix}/feed.json`,
  };
}

const TAG_FEEDS = makeFeeds("/tags/node", "Example Notes: Node");

function indexPage(overrides: Partial<Parameters<typeof renderIndexPage>[0]> = {}): string {
  return renderIndexPage({
    site: makeSite(),
    articles: [makeArticle()],
    tags: [{ slug: "node", name: "Node", count: 3, url: `${BASE}/tags/node/` }],
    feeds: makeFeeds(),
    opmlUrl: `${BASE}/feeds.opml`,
    ...overrides,
  });
}

function articlePage(overrides: Partial<Parameters<typeof renderArticlePage>[0]> = {}): string {
  return renderArticlePage({
    site: makeSite(),
    article: makeArticle(),
    contentHtml: "<p>Body text.</p>",
    tags: [],
    feeds: makeFeeds(),
    ...overrides,
  });
}

function tagPage(overrides: Partial<Parameters<typeof renderTagPage>[0]> = {}): string {
  return renderTagPage({
    site: makeSite(),
    tag: { slug: "node", name: "Node" },
    articles: [makeArticle()],
    feeds: TAG_FEEDS,
    mainFeeds: makeFeeds(),
    ...overrides,
  });
}

function notFoundPage(): string {
  return renderNotFoundPage({ site: makeSite(), feeds: makeFeeds() });
}

function alternates($: CheerioAPI): { type?: string; href?: string; title?: string }[] {
  return $('head link[rel="alternate"]')
    .toArray()
    .map((el) => ({ type: el.attribs.type, href: el.attribs.href, title: el.attribs.title }));
}

const MAIN_ALTERNATES = [
  { type: "application/rss+xml", href: `${BASE}/rss.xml` },
  { type: "application/atom+xml", href: `${BASE}/atom.xml` },
  { type: "application/feed+json", href: `${BASE}/feed.json` },
];

describe.each([
  ["index", indexPage],
  ["article", articlePage],
  ["tag", tagPage],
  ["not found", notFoundPage],
])("every page: %s", (_name, render) => {
  const html = render();
  const $ = load(html);

  it("is an HTML5 document with charset, viewport, title and lang", () => {
    expect(html.startsWith("<!doctype html>\n")).toBe(true);
    expect($("meta[charset]").attr("charset")).toBe("utf-8");
    expect($('meta[name="viewport"]').attr("content")).toContain("width=device-width");
    expect($("head title").text()).toContain("Example Notes");
    expect($("html").attr("lang")).toBe("en");
  });

  it("has exactly one h1", () => {
    expect($("h1")).toHaveLength(1);
  });

  it("has the landmarks and a skip link to main", () => {
    for (const landmark of ["header", "main", "nav", "footer"]) {
      expect($(landmark).length, landmark).toBeGreaterThan(0);
    }
    expect($("main")).toHaveLength(1);
    expect($("a.skip").attr("href")).toBe("#main");
    expect($("main").attr("id")).toBe("main");
  });

  it("loads nothing external and runs no script", () => {
    expect($("script")).toHaveLength(0);
    expect($('link[rel="stylesheet"]')).toHaveLength(0);
    expect($("style")).toHaveLength(1);
    expect($("style").text()).not.toMatch(/@import|url\(/);
    expect($("style").text()).toContain("prefers-color-scheme: dark");
  });

  it("uses each id once", () => {
    const ids = $("[id]")
      .toArray()
      .map((el) => el.attribs.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("links the home page from the header", () => {
    expect($('header a[rel="home"]').attr("href")).toBe(`${BASE}/`);
  });

  it("renders the same bytes for the same input", () => {
    expect(render()).toBe(html);
  });
});

describe("renderIndexPage", () => {
  it("offers the main feeds for autodiscovery, typed, in order", () => {
    const $ = load(indexPage());
    expect(alternates($).map(({ type, href }) => ({ type, href }))).toEqual(MAIN_ALTERNATES);
    expect(alternates($).map((link) => link.title)).toEqual([
      "Example Notes (RSS)",
      "Example Notes (Atom)",
      "Example Notes (JSON Feed)",
    ]);
  });

  it("puts the site title in the h1 and the description in meta and lede", () => {
    const $ = load(indexPage());
    expect($("h1").text()).toBe("Example Notes");
    expect($('meta[name="description"]').attr("content")).toBe("Notes about examples.");
    expect($(".lede").text()).toBe("Notes about examples.");
  });

  it("is its own canonical page", () => {
    expect(load(indexPage())('link[rel="canonical"]').attr("href")).toBe(`${BASE}/`);
  });

  it("links each article to its page, with date and summary", () => {
    const $ = load(indexPage());
    const item = $(".articles article");
    expect(item).toHaveLength(1);
    expect(item.find("h3 a").attr("href")).toBe(`${BASE}/articles/hello`);
    expect(item.find("h3 a").text()).toBe("Hello, world");
    expect(item.find("time").attr("datetime")).toBe("2020-10-21T07:28:00Z");
    expect(item.find("time").text()).toBe("21 October 2020");
    expect(item.find("p").last().text()).toBe("A first post.");
  });

  it("follows a permalink override", () => {
    const $ = load(indexPage({ articles: [makeArticle({ link: "https://elsewhere.example/x" })] }));
    expect($(".articles h3 a").attr("href")).toBe("https://elsewhere.example/x");
  });

  it("shows a lead image lazily, as decoration", () => {
    const image = `${BASE}/hello/lead.jpg`;
    const img = load(indexPage({ articles: [makeArticle({ image })] }))(".articles img");
    expect(img.attr("src")).toBe(image);
    expect(img.attr("alt")).toBe("");
    expect(img.attr("loading")).toBe("lazy");
  });

  it("marks an article in another language", () => {
    const $ = load(indexPage({ articles: [makeArticle({ language: "fr" })] }));
    expect($(".articles article").attr("lang")).toBe("fr");
  });

  it("lists the subscribe links and the OPML list", () => {
    const $ = load(indexPage());
    const links = $("#subscribe")
      .parent()
      .find("a")
      .toArray()
      .map((el) => [el.attribs.type, el.attribs.href]);
    expect(links).toEqual([
      ["application/rss+xml", `${BASE}/rss.xml`],
      ["application/atom+xml", `${BASE}/atom.xml`],
      ["application/feed+json", `${BASE}/feed.json`],
      ["text/x-opml", `${BASE}/feeds.opml`],
    ]);
  });

  it("lists tags with counts, linking to tag pages", () => {
    const $ = load(indexPage());
    const tag = $("ul.tags li");
    expect(tag.find("a").attr("href")).toBe(`${BASE}/tags/node/`);
    expect(tag.find("a").text()).toBe("Node");
    expect(tag.find(".count").text()).toBe("(3 articles)");
  });

  it("leaves out the tag section when there are no tags", () => {
    expect(load(indexPage({ tags: [] }))("ul.tags")).toHaveLength(0);
  });

  it("says so when nothing is published", () => {
    const $ = load(indexPage({ articles: [] }));
    expect($(".articles")).toHaveLength(0);
    expect($("main").text()).toContain("Nothing has been published");
  });

  it("escapes hostile titles, summaries, tags and site text", () => {
    const html = indexPage({
      site: makeSite({ title: HOSTILE, description: HOSTILE, copyright: HOSTILE }),
      articles: [makeArticle({ title: HOSTILE, summary: HOSTILE })],
      tags: [{ slug: "x", name: HOSTILE, count: 1, url: `${BASE}/tags/x/?a=1&b="2"` }],
    });
    const $ = load(html);
    expect($("script")).toHaveLength(0);
    expect($("img[onerror]")).toHaveLength(0);
    expect($("h1").text()).toBe(HOSTILE);
    expect($("head title").text()).toBe(HOSTILE);
    expect($('meta[name="description"]').attr("content")).toBe(HOSTILE);
    expect($(".articles h3 a").text()).toBe(HOSTILE);
    expect($("ul.tags a").text()).toBe(HOSTILE);
    expect($("ul.tags a").attr("href")).toBe(`${BASE}/tags/x/?a=1&b="2"`);
    expect($(".site-footer p").last().text()).toBe(HOSTILE);
    expect(html).toContain("&amp; co");
  });

  it("drops characters XML forbids", () => {
    const $ = load(indexPage({ articles: [makeArticle({ title: "bell\u0007 and nul\u0000" })] }));
    expect($(".articles h3 a").text()).toBe("bell and nul");
  });

  it("does not link a javascript: URL", () => {
    const $ = load(indexPage({ articles: [makeArticle({ link: "javascript:alert(1)" })] }));
    expect($('a[href^="javascript"]')).toHaveLength(0);
    expect($(".articles h3").text()).toBe("Hello, world");
  });

  it("adds a favicon link only when the site has one", () => {
    expect(load(indexPage())('link[rel="icon"]')).toHaveLength(0);
    const favicon = `${BASE}/favicon.png`;
    const $ = load(indexPage({ site: makeSite({ favicon }) }));
    expect($('link[rel="icon"]').attr("href")).toBe(favicon);
  });
});

describe("renderArticlePage", () => {
  const episode = makeArticle({
    slug: "episode-1",
    title: "Episode 1",
    language: "de",
    image: `${BASE}/episode-1/cover.jpg`,
    enclosure: {
      url: `${BASE}/episode-1/audio.mp3`,
      type: "audio/mpeg",
      length: 12_345_678,
      duration: 3723,
    },
    authors: [{ name: "Ada", url: "https://ada.example/" }, { name: "Grace" }],
  });

  it("puts the title in the h1 and the <title>", () => {
    const $ = load(articlePage());
    expect($("article h1").text()).toBe("Hello, world");
    expect($("head title").text()).toBe("Hello, world – Example Notes");
  });

  it("uses the article's link as canonical and its summary as description", () => {
    const $ = load(articlePage({ article: makeArticle({ link: "https://elsewhere.example/x" }) }));
    expect($('link[rel="canonical"]').attr("href")).toBe("https://elsewhere.example/x");
    expect($('meta[name="description"]').attr("content")).toBe("A first post.");
  });

  it("takes lang from the article, else the site", () => {
    expect(load(articlePage({ article: episode }))("html").attr("lang")).toBe("de");
    expect(load(articlePage())("html").attr("lang")).toBe("en");
  });

  it("offers the main feeds for autodiscovery", () => {
    const $ = load(articlePage());
    expect(alternates($).map(({ type, href }) => ({ type, href }))).toEqual(MAIN_ALTERNATES);
  });

  it("inserts the cleaned content as is", () => {
    const contentHtml = '<p>Body with <a href="https://example.org/x">a link</a>.</p>';
    const $ = load(articlePage({ contentHtml }));
    expect($(".content").html()?.trim()).toBe(contentHtml);
  });

  it("shows the published date, and no update on the same day", () => {
    const article = makeArticle({ updated: Date.UTC(2020, 9, 21, 9, 0, 0) });
    const times = load(articlePage({ article }))("article header time");
    expect(times).toHaveLength(1);
    expect(times.attr("datetime")).toBe("2020-10-21T07:28:00Z");
  });

  it("shows the update date when it is a later day", () => {
    const article = makeArticle({ updated: Date.UTC(2021, 0, 2, 12, 0, 0) });
    const $ = load(articlePage({ article }));
    const times = $("article header time")
      .toArray()
      .map((el) => [el.attribs.datetime, $(el).text()]);
    expect(times).toEqual([
      ["2020-10-21T07:28:00Z", "21 October 2020"],
      ["2021-01-02T12:00:00Z", "2 January 2021"],
    ]);
    expect($("article header .meta").text()).toContain("updated 2 January 2021");
  });

  it("names the authors, linking the ones with a URL", () => {
    const $ = load(articlePage({ article: episode }));
    expect($("article header .meta").text()).toContain("by Ada and Grace");
    expect($('a[rel="author"]').attr("href")).toBe("https://ada.example/");
  });

  it("does not link an author URL that is not http(s)", () => {
    const article = makeArticle({ authors: [{ name: "Eve", url: "javascript:alert(1)" }] });
    const $ = load(articlePage({ article }));
    expect($('a[href^="javascript"]')).toHaveLength(0);
    expect($("article header .meta").text()).toContain("by Eve");
  });

  it("shows the lead image lazily with an empty alt", () => {
    const img = load(articlePage({ article: episode }))("img.lead");
    expect(img.attr("src")).toBe(`${BASE}/episode-1/cover.jpg`);
    expect(img.attr("alt")).toBe("");
    expect(img.attr("loading")).toBe("lazy");
  });

  it("plays a podcast episode and offers it for download with size and duration", () => {
    const $ = load(articlePage({ article: episode }));
    const audio = $("audio");
    expect(audio).toHaveLength(1);
    expect(audio.attr("src")).toBe(`${BASE}/episode-1/audio.mp3`);
    expect(audio.attr("preload")).toBe("none");
    expect(audio.attr("controls")).toBeDefined();
    const caption = $("figure.episode figcaption");
    expect(caption.find("a").attr("href")).toBe(`${BASE}/episode-1/audio.mp3`);
    expect(caption.text()).toBe("Download the episode (MP3, 12.3 MB, 1:02:03)");
    expect(caption.find("time").attr("datetime")).toBe("PT1H2M3S");
  });

  it("uses a video player for a video enclosure", () => {
    const article = makeArticle({
      enclosure: { url: `${BASE}/clip.mp4`, type: "video/mp4" },
    });
    const $ = load(articlePage({ article }));
    expect($("video").attr("src")).toBe(`${BASE}/clip.mp4`);
    expect($("audio")).toHaveLength(0);
    expect($("figure.episode figcaption").text()).toBe("Download the episode (MP4)");
  });

  it("has no player for an ordinary article", () => {
    const $ = load(articlePage());
    expect($("audio, video, figure.episode")).toHaveLength(0);
  });

  it("links the tags to their pages", () => {
    const tags = [
      { name: "Node", url: `${BASE}/tags/node/` },
      { name: HOSTILE, url: `${BASE}/tags/x/` },
    ];
    const $ = load(articlePage({ tags }));
    const links = $('article ul.tags a[rel="tag"]')
      .toArray()
      .map((el) => [$(el).text(), el.attribs.href]);
    expect(links).toEqual([
      ["Node", `${BASE}/tags/node/`],
      [HOSTILE, `${BASE}/tags/x/`],
    ]);
  });

  it("escapes a hostile title and summary", () => {
    const article = makeArticle({ title: HOSTILE, summary: HOSTILE });
    const $ = load(articlePage({ article }));
    expect($("script")).toHaveLength(0);
    expect($("img[onerror]")).toHaveLength(0);
    expect($("h1").text()).toBe(HOSTILE);
    expect($("head title").text()).toBe(`${HOSTILE} – Example Notes`);
    expect($('meta[name="description"]').attr("content")).toBe(HOSTILE);
  });
});

describe("renderTagPage", () => {
  it("names the tag in the h1", () => {
    expect(load(tagPage())("h1").text()).toBe("Articles tagged “Node”");
  });

  it("offers the tag's feeds first, then the main ones", () => {
    const $ = load(tagPage());
    expect(alternates($).map((link) => link.href)).toEqual([
      `${BASE}/tags/node/rss.xml`,
      `${BASE}/tags/node/atom.xml`,
      `${BASE}/tags/node/feed.json`,
      `${BASE}/rss.xml`,
      `${BASE}/atom.xml`,
      `${BASE}/feed.json`,
    ]);
    expect(alternates($)[0]?.title).toBe("Example Notes: Node (RSS)");
  });

  it("lists the articles with h2 titles", () => {
    const $ = load(tagPage({ articles: [makeArticle(), makeArticle({ slug: "two" })] }));
    expect(
      $(".articles h2 a")
        .toArray()
        .map((el) => el.attribs.href),
    ).toEqual([`${BASE}/articles/hello`, `${BASE}/articles/two`]);
  });

  it("links the tag's and the main feeds in its subscribe section", () => {
    const $ = load(tagPage());
    const hrefs = $("#subscribe")
      .parent()
      .find("a")
      .toArray()
      .map((el) => el.attribs.href);
    expect(hrefs).toEqual([
      TAG_FEEDS.rss,
      TAG_FEEDS.atom,
      TAG_FEEDS.json,
      `${BASE}/rss.xml`,
      `${BASE}/atom.xml`,
      `${BASE}/feed.json`,
    ]);
  });

  it("has a canonical link when the tag page URL is given", () => {
    expect(load(tagPage())('link[rel="canonical"]')).toHaveLength(0);
    const url = `${BASE}/tags/node/`;
    const $ = load(tagPage({ tag: { slug: "node", name: "Node", url } }));
    expect($('link[rel="canonical"]').attr("href")).toBe(url);
  });

  it("escapes a hostile tag name", () => {
    const $ = load(tagPage({ tag: { slug: "x", name: HOSTILE } }));
    expect($("script")).toHaveLength(0);
    expect($("img[onerror]")).toHaveLength(0);
    expect($("h1").text()).toBe(`Articles tagged “${HOSTILE}”`);
  });
});

describe("renderNotFoundPage", () => {
  const $ = load(notFoundPage());

  it("says the page was not found and links home", () => {
    expect($("h1").text()).toBe("Page not found");
    expect($(`main a[href="${BASE}/"]`)).toHaveLength(1);
  });

  it("keeps itself out of search indexes and claims no canonical URL", () => {
    expect($('meta[name="robots"]').attr("content")).toBe("noindex");
    expect($('link[rel="canonical"]')).toHaveLength(0);
  });

  it("still offers the main feeds for autodiscovery", () => {
    expect(alternates($).map(({ type, href }) => ({ type, href }))).toEqual(MAIN_ALTERNATES);
  });
});
