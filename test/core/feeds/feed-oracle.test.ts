import { Feed } from "feed";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../../../src/core/feeds/render-atom.js";
import { renderJsonFeed } from "../../../src/core/feeds/render-json-feed.js";
import { renderRss } from "../../../src/core/feeds/render-rss.js";
import type { FeedDocument, FeedFormat } from "../../../src/core/types.js";
import { BASE_URL, createFeedDocument, createFeedItem } from "../../factories/feed-document.js";
import {
  extractJson,
  extractXml,
  parseWithFeedparser,
  parseWithRssParser,
} from "../../helpers/parse-feed.js";

// What `feed` writes correctly: titles, links, dates, summaries, content, one author, categories
// (docs/architecture.md). Every client must read feedmill's feeds exactly as it reads feed's.

function document(format: FeedFormat): FeedDocument {
  return createFeedDocument({
    format,
    items: [
      createFeedItem(
        {
          slug: "night-ferries",
          title: "Night ferries return",
          summary: "The harbour ferries run again.",
          published: Date.UTC(2026, 0, 17, 8),
          updated: Date.UTC(2026, 0, 18, 9, 30, 15),
          tags: ["Harbour", "transport"],
          authors: [{ name: "Grace Guest", email: "grace@example.org" }],
        },
        "<p>The <em>three</em> ferries are back.</p>\n<p>Fares stay the same.</p>",
      ),
      createFeedItem(
        {
          slug: "2025/hello-world",
          title: "Hello, world",
          summary: "The first post.",
          published: Date.UTC(2025, 11, 31, 23, 59, 59),
          updated: Date.UTC(2025, 11, 31, 23, 59, 59),
          tags: ["notes"],
          authors: [{ name: "Ada Example", email: "ada@example.org" }],
        },
        '<p>Hello, <a href="https://example.org/">world</a>.</p>',
      ),
    ],
  });
}

function renderWithFeed(doc: FeedDocument): Feed {
  const feed = new Feed({
    title: doc.title,
    description: doc.description,
    id: `${BASE_URL}/`,
    link: doc.links.home,
    language: doc.site.language,
    updated: new Date(doc.updated),
    copyright: doc.site.copyright ?? "",
    feedLinks: { rss: doc.links.self, atom: doc.links.self, json: doc.links.self },
  });
  for (const { article, contentHtml } of doc.items) {
    feed.addItem({
      title: article.title,
      id: article.id,
      link: article.link,
      description: article.summary,
      content: contentHtml,
      date: new Date(article.updated),
      published: new Date(article.published),
      author: article.authors.map(({ name, email }) => ({ name, email })),
      // Atom requires `term`; feed writes only `label` unless given one.
      category: article.tags.map((name) => ({ name, term: name })),
    });
  }
  return feed;
}

/** RSS 2.0 `author` is `email (name)`; clients that fall back to it report that text. */
function authorName(value: unknown): unknown {
  return typeof value === "string" ? value.replace(/^\S+@\S+ \((.*)\)$/, "$1") : value;
}

async function readWithRssParser(xml: string, format: "rss" | "atom") {
  const feed = await parseWithRssParser(xml);
  return feed.items.map((item) => ({
    title: item.title,
    link: item.link,
    id: item.guid ?? item.id,
    published: item.isoDate,
    summary: format === "rss" ? item.content : item.summary,
    content: format === "rss" ? (item as Record<string, unknown>)["content:encoded"] : item.content,
    categories: item.categories,
    author: authorName(item.creator ?? (item as Record<string, unknown>).author),
  }));
}

async function readWithFeedparser(xml: string) {
  const feed = await parseWithFeedparser(xml);
  return feed.items.map((item) => ({
    title: item.title,
    link: item.link,
    id: item.guid,
    published: item.pubdate?.toISOString(),
    updated: item.date?.toISOString(),
    summary: item.summary,
    content: item.description,
    categories: item.categories,
    author: authorName(item.author),
  }));
}

function readJson(text: string) {
  const feed = JSON.parse(text) as { items: Record<string, unknown>[] };
  return feed.items.map((item) => {
    const authors = (item.authors ?? [item.author]) as { name: string }[];
    return {
      id: item.id,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content: item.content_html,
      published: new Date(item.date_published as string).toISOString(),
      updated: new Date(item.date_modified as string).toISOString(),
      tags: item.tags,
      authors: authors.map((author) => author.name),
    };
  });
}

describe("feedmill read as the `feed` package's output is read", () => {
  for (const format of ["rss", "atom"] as const) {
    const ours = format === "rss" ? renderRss(document(format)) : renderAtom(document(format));
    const feed = renderWithFeed(document(format));
    const theirs = format === "rss" ? feed.rss2() : feed.atom1();

    it(`${format}: rss-parser reads every item alike`, async () => {
      const expected = await readWithRssParser(theirs, format);
      expect(expected).toHaveLength(2);
      expect(await readWithRssParser(ours, format)).toEqual(expected);
    });

    it(`${format}: feedparser reads every item alike`, async () => {
      const expected = await readWithFeedparser(theirs);
      expect(expected).toHaveLength(2);
      expect(await readWithFeedparser(ours)).toEqual(expected);
    });

    it(`${format}: feed-extractor reads every item alike`, () => {
      const expected = extractXml(theirs).entries;
      expect(expected).toHaveLength(2);
      expect(extractXml(ours).entries).toEqual(expected);
    });
  }

  const oursJson = renderJsonFeed(document("json"));
  const theirsJson = renderWithFeed(document("json")).json1();

  it("json: the items' fields agree (JSON Feed 1.1 `authors` against 1.0 `author`)", () => {
    const expected = readJson(theirsJson);
    expect(expected).toHaveLength(2);
    expect(readJson(oursJson)).toEqual(expected);
  });

  it("json: feed-extractor reads every item alike", () => {
    const expected = extractJson(theirsJson).entries;
    expect(expected).toHaveLength(2);
    expect(extractJson(oursJson).entries).toEqual(expected);
  });
});
