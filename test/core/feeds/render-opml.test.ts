import { execFileSync } from "node:child_process";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { type OpmlFeed, renderOpml } from "../../../src/core/feeds/render-opml.js";
import type { SiteMeta } from "../../../src/core/types.js";

const BASE = "https://example.org";
const UPDATED = Date.UTC(2020, 9, 21, 7, 28, 0);

function makeSite(overrides: Partial<SiteMeta> = {}): SiteMeta {
  return {
    title: "Example Notes",
    description: "Notes about examples.",
    baseUrl: BASE,
    language: "en",
    generator: "feedmill",
    author: { name: "Ada", email: "ada@example.org", url: "https://ada.example/" },
    ...overrides,
  };
}

function makeFeeds(title = "Example Notes", prefix = ""): OpmlFeed[] {
  return (["rss", "atom", "json"] as const).map((type) => ({
    title,
    xmlUrl: `${BASE}${prefix}/${type === "json" ? "feed.json" : `${type}.xml`}`,
    htmlUrl: `${BASE}${prefix}/`,
    type,
  }));
}

function render(overrides: Partial<Parameters<typeof renderOpml>[0]> = {}): string {
  return renderOpml({
    site: makeSite(),
    updated: UPDATED,
    feeds: [...makeFeeds(), ...makeFeeds("Example Notes: Node", "/tags/node")],
    ...overrides,
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (name) => name === "outline",
});

interface ParsedOpml {
  opml: {
    version: string;
    head: Record<string, string>;
    body: { outline: Record<string, string>[] };
  };
}

function parse(xml: string): ParsedOpml {
  return parser.parse(xml) as ParsedOpml;
}

function xmllint(xml: string): void {
  execFileSync("xmllint", ["--noout", "-"], { input: xml, stdio: ["pipe", "pipe", "pipe"] });
}

describe("renderOpml", () => {
  it("is well-formed XML", () => {
    expect(() => xmllint(render())).not.toThrow();
  });

  it("is OPML 2.0 with title, RFC 822 dateModified, owner and docs", () => {
    const { opml } = parse(render());
    expect(opml.version).toBe("2.0");
    expect(opml.head.title).toBe("Example Notes");
    expect(opml.head.dateModified).toBe("Wed, 21 Oct 2020 07:28:00 +0000");
    expect(opml.head.ownerName).toBe("Ada");
    expect(opml.head.ownerEmail).toBe("ada@example.org");
    expect(opml.head.ownerId).toBe("https://ada.example/");
    expect(opml.head.docs).toBe("http://opml.org/spec2.opml");
  });

  it("leaves out the owner when the site has no author", () => {
    const { opml } = parse(render({ site: makeSite({ author: undefined }) }));
    expect(opml.head.ownerName).toBeUndefined();
  });

  it("lists every feed in order as a type=rss subscription", () => {
    const outlines = parse(render()).opml.body.outline;
    expect(outlines.map((o) => [o.type, o.xmlUrl, o.htmlUrl])).toEqual([
      ["rss", `${BASE}/rss.xml`, `${BASE}/`],
      ["rss", `${BASE}/atom.xml`, `${BASE}/`],
      ["rss", `${BASE}/feed.json`, `${BASE}/`],
      ["rss", `${BASE}/tags/node/rss.xml`, `${BASE}/tags/node/`],
      ["rss", `${BASE}/tags/node/atom.xml`, `${BASE}/tags/node/`],
      ["rss", `${BASE}/tags/node/feed.json`, `${BASE}/tags/node/`],
    ]);
  });

  it.each([
    ["rss", "Example Notes (RSS)", "RSS2"],
    ["atom", "Example Notes (Atom)", undefined],
    ["json", "Example Notes (JSON Feed)", undefined],
  ])(
    "labels the %s outline and sets version only where OPML defines one",
    (type, text, version) => {
      const outline = parse(render({ feeds: makeFeeds() })).opml.body.outline.find((o) =>
        o.xmlUrl?.endsWith(type === "json" ? "feed.json" : `${type}.xml`),
      );
      expect(outline?.text).toBe(text);
      expect(outline?.title).toBe("Example Notes");
      expect(outline?.language).toBe("en");
      expect(outline?.version).toBe(version);
    },
  );

  it("escapes hostile titles and URLs", () => {
    const hostile = `<script>alert(1)</script>"><x a='1'> & co`;
    const xml = render({
      site: makeSite({ title: hostile }),
      feeds: [{ title: hostile, xmlUrl: `${BASE}/rss.xml?a=1&b="2"`, htmlUrl: BASE, type: "rss" }],
    });
    expect(() => xmllint(xml)).not.toThrow();
    const { opml } = parse(xml);
    expect(opml.head.title).toBe(hostile);
    expect(opml.body.outline[0]?.title).toBe(hostile);
    expect(opml.body.outline[0]?.xmlUrl).toBe(`${BASE}/rss.xml?a=1&b="2"`);
  });

  it("drops characters XML forbids, staying well-formed", () => {
    const xml = render({ site: makeSite({ title: "bell\u0007 nul\u0000 \uFFFE end" }) });
    expect(() => xmllint(xml)).not.toThrow();
    expect(parse(xml).opml.head.title).toBe("bell nul  end");
  });

  it("depends only on its input", () => {
    expect(render()).toBe(render());
  });
});
