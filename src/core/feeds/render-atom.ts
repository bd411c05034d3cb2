/**
 * Atom 1.0 (RFC 4287) with RFC 5005 paging and Media RSS images, written with xml-element.ts:
 * `feed` gets most entry elements wrong (docs/architecture.md, "Why not the `feed` package").
 */
import { foldLine, isLanguageTag } from "../text/feed-text.js";
import type { Author, FeedDocument, FeedItem, FeedLinks, SiteMeta } from "../types.js";
import { formatRfc3339 } from "./format-dates.js";
import {
  appendElement,
  appendPlainText,
  createXmlDocument,
  serializeXml,
  setAttribute,
  type XmlElement,
} from "./xml/xml-element.js";
import { XML_NAMESPACES } from "./xml/xml-namespaces.js";

const ATOM_TYPE = "application/atom+xml";

/** Render a feed document as Atom 1.0. Pure: the same document gives the same bytes. */
export function renderAtom(doc: FeedDocument): string {
  const { site } = doc;
  const root = createXmlDocument();
  const feed = appendElement(root, "feed", undefined, {
    xmlns: XML_NAMESPACES.atom,
    "xmlns:fh": XML_NAMESPACES.fh,
    "xmlns:media": XML_NAMESPACES.media,
  });
  // Appendix B `atomLanguageTag`: a malformed tag is left out rather than make the feed invalid.
  if (isLanguageTag(site.language)) setAttribute(feed, "xml:lang", site.language);
  // RFC 5005 §4: every document of an archived feed shares the subscription document's id.
  appendElement(feed, "id", doc.links.current);
  appendElement(feed, "title", foldLine(doc.title));
  if (doc.description) appendElement(feed, "subtitle", doc.description);
  appendElement(feed, "updated", formatRfc3339(doc.updated));
  if (site.author) appendPerson(feed, "author", site.author);
  appendFeedLinks(feed, doc.links);
  if (doc.archive) appendElement(feed, "fh:archive");
  if (doc.complete) appendElement(feed, "fh:complete");
  if (site.copyright) appendElement(feed, "rights", site.copyright);
  appendElement(feed, "generator", site.generator);
  // §4.2.5 icon is small and square (a favicon); §4.2.8 logo is 2:1.
  const icon = site.icon ?? site.favicon;
  if (icon) appendElement(feed, "icon", icon);
  if (site.logo) appendElement(feed, "logo", site.logo);
  for (const item of doc.items) appendEntry(feed, item, site);
  return serializeXml(root);
}

function appendFeedLinks(feed: XmlElement, links: FeedLinks): void {
  const link = (rel: string, href: string, type?: string) =>
    appendElement(feed, "link", undefined, { rel, type, href });
  link("self", links.self, ATOM_TYPE);
  link("alternate", links.home, "text/html");
  // §4.1.1: at most one alternate per type, so the HTML page keeps the text/html slot.
  for (const alternate of links.alternates) {
    if (alternate.type !== "text/html") link("alternate", alternate.href, alternate.type);
  }
  link("current", links.current, ATOM_TYPE);
  if (links.prevArchive) link("prev-archive", links.prevArchive, ATOM_TYPE);
  if (links.nextArchive) link("next-archive", links.nextArchive, ATOM_TYPE);
  for (const hub of links.hubs) link("hub", hub);
}

function appendEntry(feed: XmlElement, item: FeedItem, site: SiteMeta): void {
  const { article } = item;
  const entry = appendElement(feed, "entry");
  if (article.language && isLanguageTag(article.language)) {
    setAttribute(entry, "xml:lang", article.language);
  }
  appendElement(entry, "id", article.id);
  appendPlainText(entry, "title", foldLine(article.title));
  appendElement(entry, "link", undefined, {
    rel: "alternate",
    type: "text/html",
    href: article.link,
  });
  appendElement(entry, "published", formatRfc3339(article.published));
  appendElement(entry, "updated", formatRfc3339(article.updated));
  for (const author of entryAuthors(article.authors, site)) appendPerson(entry, "author", author);
  for (const tag of article.tags)
    appendElement(entry, "category", undefined, { term: foldLine(tag) });
  if (article.summary) appendElement(entry, "summary", article.summary);
  appendElement(entry, "content", item.contentHtml, { type: "html" });
  const { enclosure } = article;
  if (enclosure) {
    appendElement(entry, "link", undefined, {
      rel: "enclosure",
      type: enclosure.type,
      length: enclosure.length,
      href: enclosure.url,
    });
  }
  if (article.image) {
    // Neither `enclosure` nor `related` (§4.2.7.2) fits a lead image; `media:content` reads as an
    // attachment to clients, so Media RSS `thumbnail` ("the representative image") carries it.
    appendElement(entry, "media:thumbnail", undefined, { url: article.image });
  }
}

/** §4.1.2 authors, copied rather than inherited so an entry read on its own keeps one. */
function entryAuthors(authors: readonly Author[], site: SiteMeta): readonly Author[] {
  if (authors.length > 0) return authors;
  return [site.author ?? { name: site.title }];
}

/** §3.2 Person construct. */
function appendPerson(parent: XmlElement, name: string, person: Author): void {
  const element = appendElement(parent, name);
  appendElement(element, "name", foldLine(person.name));
  if (person.email) appendElement(element, "email", person.email);
  if (person.url) appendElement(element, "uri", person.url);
}
