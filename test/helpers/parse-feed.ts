import { Readable } from "node:stream";
import { extractFromJson, extractFromXml, type FeedData } from "@extractus/feed-extractor";
import { XMLParser } from "fast-xml-parser";
import FeedParser from "feedparser";
import Parser from "rss-parser";

/** Real client libraries reading what the renderers write, as subscribers' software would. */

/** An Atom `link` as xml2js hands it to rss-parser's custom fields. */
export interface RawAtomLink {
  readonly $: {
    readonly rel?: string;
    readonly href: string;
    readonly type?: string;
    readonly length?: string;
  };
}

export type RssParserItem = Parser.Item & { id?: string; links?: RawAtomLink[] };

const rssParser = new Parser<Record<string, never>, { id?: string; links?: RawAtomLink[] }>({
  // rss-parser keeps only the first alternate link of an Atom entry; the raw list shows enclosures.
  customFields: { item: [["link", "links", { keepArray: true }]] },
});

/** rss-parser (xml2js underneath): RSS 2.0 and Atom. */
export async function parseWithRssParser(xml: string) {
  return rssParser.parseString(xml);
}

/** @extractus/feed-extractor, normalised as it gives feeds to applications. */
export function extractXml(xml: string): FeedData {
  return extractFromXml(xml, { descriptionMaxLen: 0 });
}

/** @extractus/feed-extractor on JSON Feed, normalised. */
export function extractJson(json: string): FeedData {
  return extractFromJson(json, { descriptionMaxLen: 0 });
}

/**
 * feedparser (sax underneath), read as a stream with its default options. Its `strict` mode keeps
 * element names' case and then misses camelCase RSS elements such as `lastBuildDate`.
 */
export async function parseWithFeedparser(
  xml: string,
): Promise<{ meta: FeedParser.Meta; items: FeedParser.Item[] }> {
  const parser = new FeedParser({});
  const items: FeedParser.Item[] = [];
  await new Promise<void>((resolve, reject) => {
    parser.on("error", reject);
    parser.on("readable", () => {
      for (let item = parser.read(); item !== null; item = parser.read()) items.push(item);
    });
    parser.on("end", () => resolve());
    Readable.from([xml]).pipe(parser);
  });
  return { meta: parser.meta, items };
}

/** A parsed element: attributes under `@name`, text under `#text`, children as arrays. */
export type XmlNode = string | { readonly [key: string]: XmlNode[] | string | undefined };

const xmlReader = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // XML's numeric character references (`&#x26;`, which plain-text titles use), decoded once.
  htmlEntities: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

/** Parse XML into plain objects, for assertions on structure rather than on strings. */
export function readXml(xml: string): XmlNode {
  return xmlReader.parse(xml) as XmlNode;
}

/** The elements reached by following `names` from `node`, every match at each step. */
export function select(node: XmlNode | undefined, ...names: string[]): XmlNode[] {
  let current: XmlNode[] = node === undefined ? [] : [node];
  for (const name of names) {
    current = current.flatMap((parent) => {
      if (typeof parent === "string") return [];
      const children = parent[name];
      return Array.isArray(children) ? children : [];
    });
  }
  return current;
}

/** An element's text content. */
export function textOf(node: XmlNode | undefined): string {
  if (node === undefined) return "";
  if (typeof node === "string") return node;
  const text = node["#text"];
  return typeof text === "string" ? text : "";
}

/** An attribute's value. */
export function attrOf(node: XmlNode | undefined, name: string): string | undefined {
  if (node === undefined || typeof node === "string") return undefined;
  const value = node[`@${name}`];
  return typeof value === "string" ? value : undefined;
}

/** An instant as clients print it after reading a whole-second feed date. */
export function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString();
}

/**
 * The enclosures of an RSS item or Atom entry in the order SimplePie's `get_enclosures()` builds
 * them: Media RSS `content` (in `media:group`, then bare) first, then RSS `enclosure` or Atom
 * `rel="enclosure"` links; `get_enclosure()` is the first. Thumbnails ride on an enclosure, never
 * make one.
 */
export function simplePieEnclosures(item: XmlNode | undefined): string[] {
  const media = [...select(item, "media:group", "media:content"), ...select(item, "media:content")];
  const links = select(item, "link").filter((link) => attrOf(link, "rel") === "enclosure");
  return [
    ...media.map((node) => attrOf(node, "url")),
    ...select(item, "enclosure").map((node) => attrOf(node, "url")),
    ...links.map((node) => attrOf(node, "href")),
  ].filter((url): url is string => url !== undefined);
}

/**
 * What Tiny Tiny RSS attaches to an article: every RSS `enclosure`, Media RSS `content` and
 * `thumbnail` (in or out of `media:group`) and Atom `rel="enclosure"` link, one attachment each.
 */
export function ttrssAttachments(item: XmlNode | undefined): string[] {
  const thumbnails = [
    ...select(item, "media:group", "media:thumbnail"),
    ...select(item, "media:thumbnail"),
  ];
  return [...simplePieEnclosures(item), ...thumbnails.map((node) => attrOf(node, "url") ?? "")];
}
