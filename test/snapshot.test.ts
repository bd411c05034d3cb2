import { describe, expect, it } from "vitest";
import type { Catalogue } from "../src/content/update-catalogue.js";
import { indexTags } from "../src/core/index-tags.js";
import type { Article } from "../src/core/types.js";
import { createSnapshot } from "../src/snapshot.js";

function article(slug: string, published: number, tags: string[], draft = false): Article {
  return {
    path: `${slug}.md`,
    slug,
    id: `https://example.org/articles/${slug}`,
    link: `https://example.org/articles/${slug}`,
    title: slug,
    summary: "",
    published,
    updated: published,
    tags,
    authors: [],
    draft,
    bodyFormat: "markdown",
    extra: {},
    hash: slug,
  };
}

function catalogueOf(articles: readonly Article[]): Catalogue {
  return new Map(articles.map((a) => [a.path, { path: a.path, article: a, warnings: [] }]));
}

describe("createSnapshot", () => {
  const articles = [
    article("old", 1_000, ["RSS", "http"]),
    article("new", 3_000, ["rss"]),
    article("draft", 2_000, ["drafts-only"], true),
    article("future", 9_000, ["later"]),
  ];
  const snapshot = createSnapshot(catalogueOf(articles), [], 5_000);

  it("indexes the tags of live articles only, in feed order, when first asked", () => {
    expect([...snapshot.tags.keys()]).toEqual(["http", "rss"]);
    expect(snapshot.tags.get("rss")?.articles.map((a) => a.slug)).toEqual(["new", "old"]);
    expect(snapshot.tags).toEqual(indexTags(snapshot.articles));
  });

  it("builds the tag index once per snapshot", () => {
    expect(snapshot.tags).toBe(snapshot.tags);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(snapshot.nextDueAt).toBe(9_000);
  });
});
