import { describe, expect, it } from "vitest";
import { LruCache } from "../../src/lib/lru-cache.js";

const cache = (maxOversized = 0) => new LruCache<string>(10, (value) => value.length, maxOversized);

describe("LruCache", () => {
  it("evicts the least recently used entries past its weight", () => {
    const lru = cache();
    lru.set("a", "aaaa");
    lru.set("b", "bbbb");
    lru.get("a");
    lru.set("c", "cccc");
    expect([lru.get("a"), lru.get("b"), lru.get("c")]).toEqual(["aaaa", undefined, "cccc"]);
  });

  it("drops an entry heavier than the whole budget unless told to keep some", () => {
    const lru = cache();
    lru.set("big", "x".repeat(11));
    expect(lru.get("big")).toBeUndefined();
  });

  it("keeps the latest oversized entries apart, without counting them in its weight", () => {
    const lru = cache(2);
    lru.set("one", "1".repeat(11));
    lru.set("two", "2".repeat(12));
    lru.set("three", "3".repeat(13));
    lru.set("small", "s");
    expect(lru.get("one")).toBeUndefined();
    expect(lru.get("two")).toBe("2".repeat(12));
    expect(lru.get("three")).toBe("3".repeat(13));
    expect(lru.weight).toBe(1);
  });

  it("replaces an oversized entry by a small one of the same key, and deletes either", () => {
    const lru = cache(2);
    lru.set("k", "x".repeat(20));
    lru.set("k", "y");
    expect(lru.get("k")).toBe("y");
    lru.set("k", "z".repeat(20));
    lru.delete("k");
    expect(lru.get("k")).toBeUndefined();
    expect(lru.weight).toBe(0);
  });
});
