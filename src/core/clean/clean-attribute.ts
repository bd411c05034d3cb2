/** Attribute values a cleaned body keeps: absolute URLs with safe schemes, `language-*` classes. */
import { resolveUrl } from "../urls.js";
import { words } from "./allow-list.js";

/** What relative references in one article resolve against. */
export interface ArticleUrls {
  readonly baseUrl: string;
  /** The article's own page, which fragment-only links point into. */
  readonly pageUrl: string;
}

// No `data:` URLs anywhere: in scrapes they are placeholder pixels, an SVG one can carry script,
// and many readers refuse them; a real image has an http(s) URL.
const LINK_SCHEMES = words("http: https: mailto: tel:");
const WEB_SCHEMES = words("http: https:");

const LANGUAGE_CLASS = /^language-[\w#+.-]+$/;
const SRCSET_DESCRIPTOR = /^(?:\d+w|\d+h|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?x)$/i;

/** The cleaned value of an allowed attribute, or undefined when it must go. */
export function cleanAttribute(name: string, value: string, urls: ArticleUrls): string | undefined {
  switch (name) {
    case "href":
      return safeUrl(value, urls, LINK_SCHEMES);
    case "src":
    case "poster":
    case "cite":
      return safeUrl(value, urls, WEB_SCHEMES);
    case "srcset":
      return safeSrcset(value, urls);
    case "class": {
      // Scraper classes clash with reader CSS; `language-*` drives code highlighting.
      const kept = value.split(/\s+/).filter((token) => LANGUAGE_CLASS.test(token));
      return kept.length > 0 ? kept.join(" ") : undefined;
    }
    default:
      return value;
  }
}

/**
 * Absolute URL with an allowed scheme, else undefined. The WHATWG URL parser decides the scheme
 * exactly as a browser would (tabs, newlines and leading controls removed, case folded), and the
 * parser already decoded entities, so `jav&#x09;ascript:` and `&#14;javascript:` are caught.
 */
function safeUrl(
  value: string,
  urls: ArticleUrls,
  schemes: ReadonlySet<string>,
): string | undefined {
  const ref = value.trim();
  if (ref === "") return undefined;
  const url = resolveUrl(ref, ref.startsWith("#") ? urls.pageUrl : urls.baseUrl);
  if (url === undefined) return undefined;
  return schemes.has(url.slice(0, url.indexOf(":") + 1)) ? url : undefined;
}

/** Each candidate resolved and checked; candidates with bad URLs or descriptors are dropped. */
function safeSrcset(value: string, urls: ArticleUrls): string | undefined {
  const kept: string[] = [];
  for (const { url, descriptors } of parseSrcset(value)) {
    const safe = safeUrl(url, urls, WEB_SCHEMES);
    if (safe === undefined || !descriptors.every((d) => SRCSET_DESCRIPTOR.test(d))) continue;
    kept.push([safe, ...descriptors].join(" "));
  }
  return kept.length > 0 ? kept.join(", ") : undefined;
}

/**
 * HTML §4.8.4.3.3, simplified: a URL runs to the next whitespace (commas inside it belong to
 * it, as in CDN paths like `/w_300,h_200/a.jpg`), its descriptors to the next comma.
 */
function parseSrcset(value: string): { url: string; descriptors: string[] }[] {
  const candidates: { url: string; descriptors: string[] }[] = [];
  const candidate = /[\s,]*([^\s,][^\s]*)/y;
  let match = candidate.exec(value);
  while (match?.[1] !== undefined) {
    let url = match[1];
    let descriptors: string[] = [];
    if (url.endsWith(",")) {
      url = url.replace(/,+$/, "");
    } else {
      const comma = value.indexOf(",", candidate.lastIndex);
      const end = comma === -1 ? value.length : comma + 1;
      descriptors = value
        .slice(candidate.lastIndex, comma === -1 ? end : comma)
        .split(/\s+/)
        .filter((d) => d !== "");
      candidate.lastIndex = end;
    }
    candidates.push({ url, descriptors });
    match = candidate.exec(value);
  }
  return candidates;
}
