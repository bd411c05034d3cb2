import { describe, expect, it } from "vitest";
import { feedPath, parseFeedPath } from "../../../src/core/feeds/feed-paths.js";

describe("feed paths", () => {
  it.each([
    ["/rss.xml", { format: "rss", tag: null, archive: null }],
    ["/atom.xml", { format: "atom", tag: null, archive: null }],
    ["/feed.json", { format: "json", tag: null, archive: null }],
    ["/archive/3/rss.xml", { format: "rss", tag: null, archive: 3 }],
    ["/tags/node-js/atom.xml", { format: "atom", tag: "node-js", archive: null }],
    ["/tags/caf%C3%A9/archive/12/feed.json", { format: "json", tag: "café", archive: 12 }],
  ] as const)("parses %s", (path, address) => {
    expect(parseFeedPath(path)).toEqual(address);
    expect(feedPath(address)).toBe(path);
  });

  it.each([
    ["archive 0", "/archive/0/rss.xml"],
    ["negative archive", "/archive/-1/rss.xml"],
    ["leading zero", "/archive/01/rss.xml"],
    ["non-numeric archive", "/archive/abc/rss.xml"],
    ["exponent", "/archive/1e99/rss.xml"],
    ["huge archive", "/archive/12345678901/rss.xml"],
    ["unknown file", "/feed.xml"],
    ["nested tag", "/tags/a/b/rss.xml"],
    ["bad escape", "/tags/%E0%A4%A/rss.xml"],
    ["traversal", "/tags/../rss.xml/x"],
  ])("rejects %s", (_name, path) => {
    expect(parseFeedPath(path)).toBeUndefined();
  });
});
