import { describe, expect, it } from "vitest";
import { countArchives, paginateFeed } from "../../../src/core/select/paginate-feed.js";

/** Items numbered by age: 1 is the oldest; lists are newest first like feeds. */
const newestFirst = (total: number) => Array.from({ length: total }, (_, i) => total - i);

describe("countArchives", () => {
  it.each([
    { total: 0, limit: 20, archives: 0 },
    { total: 20, limit: 20, archives: 0 },
    { total: 21, limit: 20, archives: 1 },
    { total: 40, limit: 20, archives: 1 },
    { total: 41, limit: 20, archives: 2 },
    { total: 100_000, limit: 20, archives: 4999 },
  ])("$total articles at $limit a page → $archives archives", ({ total, limit, archives }) => {
    expect(countArchives(total, limit)).toBe(archives);
  });
});

describe("paginateFeed", () => {
  it("puts the newest `limit` articles in the subscription document", () => {
    const page = paginateFeed(newestFirst(45), 20, null);
    expect(page?.items).toEqual(newestFirst(45).slice(0, 20));
    expect(page?.prevArchive).toBe(2);
    expect(page?.complete).toBe(false);
  });

  it("marks a feed that fits in one document complete (RFC 5005 §2)", () => {
    const page = paginateFeed(newestFirst(5), 20, null);
    expect(page).toMatchObject({ complete: true, prevArchive: null, nextArchive: null });
  });

  it("counts archives from the oldest article, full blocks only", () => {
    const items = newestFirst(45);
    expect(paginateFeed(items, 20, 1)?.items).toEqual(newestFirst(20));
    expect(paginateFeed(items, 20, 2)?.items).toEqual(newestFirst(40).slice(0, 20));
    expect(paginateFeed(items, 20, 3)).toBeUndefined();
  });

  it("keeps an archive's articles when new articles arrive", () => {
    const before = paginateFeed(newestFirst(45), 20, 1)?.items;
    const after = paginateFeed(newestFirst(59), 20, 1)?.items;
    expect(after).toEqual(before);
  });

  it("reaches every article through the archive chain", () => {
    for (const total of [0, 1, 19, 20, 21, 39, 40, 41, 99, 100, 101]) {
      const seen = new Set<number>();
      let page = paginateFeed(newestFirst(total), 20, null);
      while (page) {
        for (const item of page.items) seen.add(item);
        page =
          page.prevArchive === null
            ? undefined
            : paginateFeed(newestFirst(total), 20, page.prevArchive);
      }
      expect(seen.size, `total ${total}`).toBe(total);
    }
  });

  it("links archives both ways", () => {
    const items = newestFirst(81);
    expect(paginateFeed(items, 20, 1)).toMatchObject({ prevArchive: null, nextArchive: 2 });
    expect(paginateFeed(items, 20, 2)).toMatchObject({ prevArchive: 1, nextArchive: 3 });
    expect(paginateFeed(items, 20, 4)).toMatchObject({ prevArchive: 3, nextArchive: null });
  });

  it.each([0, -1, 1.5, Number.NaN, 1e99])("rejects archive number %s", (archive) => {
    expect(paginateFeed(newestFirst(100), 20, archive)).toBeUndefined();
  });
});
