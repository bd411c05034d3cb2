import { describe, expect, it } from "vitest";
import { limitArticleTags, limitTagFeeds } from "../../../src/core/normalize/limit-tags.js";
import { indexTags } from "../../../src/core/select/index-tags.js";
import type { Article } from "../../../src/core/types.js";

function article(path: string, tags: string[]): Article {
  return { path, tags } as unknown as Article;
}

describe("limitArticleTags", () => {
  it("keeps tags within the limit as they are, without a warning", () => {
    const tags = ["a", "b"];
    expect(limitArticleTags("x.md", tags, 2)).toEqual({ tags });
  });

  it("keeps the first tags given and says how many there were", () => {
    const result = limitArticleTags("x.md", ["a", "b", "c", "d"], 2);
    expect(result.tags).toEqual(["a", "b"]);
    expect(result.warning).toMatchObject({ path: "x.md", code: "too-many-tags" });
    expect(result.warning?.reason).toMatch(/^4 tags; the first 2 are kept/);
  });
});

describe("limitTagFeeds", () => {
  // Uses: common ×3, mid ×2, then four tags used once.
  const articles = [
    article("1.md", ["common", "mid", "zeta"]),
    article("2.md", ["common", "mid", "alpha"]),
    article("3.md", ["common", "beta", "gamma"]),
  ];

  it("leaves an index within the limit untouched", () => {
    const index = indexTags(articles);
    expect(limitTagFeeds(index, index.size).tags).toBe(index);
  });

  it("keeps the most used tags, ties to the slug that sorts first, in slug order", () => {
    const result = limitTagFeeds(indexTags(articles), 3);
    expect([...result.tags.keys()]).toEqual(["alpha", "common", "mid"]);
    expect(result.warning).toMatchObject({ path: ".", code: "too-many-tag-feeds" });
    expect(result.warning?.reason).toMatch(/^6 tags; the 3 most used .* the other 3 have none/);
  });

  it("chooses the same tags whatever order the articles come in", () => {
    const forward = limitTagFeeds(indexTags(articles), 4).tags;
    const backward = limitTagFeeds(indexTags([...articles].reverse()), 4).tags;
    expect([...backward.keys()]).toEqual([...forward.keys()]);
  });

  it("keeps no tag at a limit of zero", () => {
    expect(limitTagFeeds(indexTags(articles), 0).tags.size).toBe(0);
  });
});
