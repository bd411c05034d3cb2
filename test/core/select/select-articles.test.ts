import { describe, expect, it } from "vitest";
import { indexTags } from "../../../src/core/select/index-tags.js";
import { selectArticles } from "../../../src/core/select/select-articles.js";
import type { Article } from "../../../src/core/types.js";

function article(overrides: Partial<Article> & { slug: string }): Article {
  return {
    path: `${overrides.slug}.md`,
    id: `https://example.org/articles/${overrides.slug}`,
    link: `https://example.org/articles/${overrides.slug}`,
    title: overrides.slug,
    summary: "",
    published: 1_700_000_000_000,
    updated: 1_700_000_000_000,
    tags: [],
    authors: [],
    draft: false,
    bodyFormat: "markdown",
    extra: {},
    hash: overrides.slug,
    ...overrides,
  };
}

const NOW = 1_800_000_000_000;

describe("selectArticles", () => {
  it("orders newest first, then by slug", () => {
    const selection = selectArticles(
      [
        article({ slug: "b", published: 1 }),
        article({ slug: "c", published: 2 }),
        article({ slug: "a", published: 1 }),
      ],
      NOW,
    );
    expect(selection.articles.map((a) => a.slug)).toEqual(["c", "a", "b"]);
  });

  it("leaves out drafts and future articles, and says when the next one is due", () => {
    const selection = selectArticles(
      [
        article({ slug: "live" }),
        article({ slug: "draft", draft: true }),
        article({ slug: "later", published: NOW + 5000 }),
        article({ slug: "much-later", published: NOW + 9000 }),
      ],
      NOW,
    );
    expect(selection.articles.map((a) => a.slug)).toEqual(["live"]);
    expect(selection.nextDueAt).toBe(NOW + 5000);
  });

  it("publishes a scheduled article once its time has come", () => {
    const scheduled = article({ slug: "later", published: NOW + 5000 });
    expect(selectArticles([scheduled], NOW + 5000).articles).toHaveLength(1);
  });

  it("keeps the first path when two files claim one slug, and reports the other", () => {
    const selection = selectArticles(
      [article({ slug: "x", path: "z/x.md" }), article({ slug: "x", path: "a/x.md" })],
      NOW,
    );
    expect(selection.articles.map((a) => a.path)).toEqual(["a/x.md"]);
    expect(selection.warnings).toEqual([
      expect.objectContaining({ path: "z/x.md", code: "duplicate-slug" }),
    ]);
  });
});

describe("indexTags", () => {
  it("merges tags that differ only in case, under the most used spelling", () => {
    const tags = indexTags([
      article({ slug: "a", tags: ["RSS", "http"] }),
      article({ slug: "b", tags: ["rss"] }),
      article({ slug: "c", tags: ["rss"] }),
    ]);
    expect([...tags.keys()]).toEqual(["http", "rss"]);
    expect(tags.get("rss")?.name).toBe("rss");
    expect(tags.get("rss")?.articles.map((a) => a.slug)).toEqual(["a", "b", "c"]);
  });

  it("gives every tag a URL-safe, lower-case slug", () => {
    const tags = indexTags([
      article({ slug: "a", tags: ["Node.js", "C++", "Café au lait", "a/b"] }),
    ]);
    expect([...tags.keys()]).toEqual(["a-b", "c", "café-au-lait", "node-js"]);
  });
});
