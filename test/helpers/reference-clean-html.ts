/**
 * The cleaner as it was before it was made linear (cheerio's load, find and remove), kept as the
 * reference the linear one must match. Quadratic in sibling count: use it on small bodies only.
 */
import { type CheerioAPI, type contains, load } from "cheerio";
import { stripIllegalXmlChars } from "../../src/core/feeds/xml/xml-chars.js";
import { resolveUrl } from "../../src/core/urls.js";

/** What the cleaner needs to know about one article. */
interface CleanOptions {
  /** The URL relative references resolve against: `mediaBaseUrl()` of the source file. */
  readonly baseUrl: string;
  /** The article's plain-text title; a leading `<h1>` that repeats it is dropped. */
  readonly title: string;
  /** CSS selectors of scrape junk, removed with everything inside them. */
  readonly junkSelectors: readonly string[];
  /** The article's own page, which fragment-only links (`#notes`) point into; else `baseUrl`. */
  readonly pageUrl?: string;
}

// domhandler's node types, read off cheerio's own signatures so no second package is imported.
type AnyNode = Parameters<typeof contains>[1];
type ParentNode = Extract<AnyNode, { children: unknown }>;
type ChildNode = ParentNode["children"][number];
type ElementNode = Extract<AnyNode, { attribs: unknown }>;

/** Attributes any allowed element may keep. */
const GLOBAL_ATTRIBUTES = "title lang dir";

/** Allowed elements that keep only the global attributes. */
const PLAIN_TAGS =
  "abbr b bdi bdo br caption cite dd dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i " +
  "kbd mark p picture pre rp rt ruby s samp small strong sub summary sup table tbody tfoot thead " +
  "tr u ul var wbr";

/** Allowed elements with attributes of their own. URL attributes are checked in `cleanAttribute`. */
const TAGS_WITH_ATTRIBUTES: Readonly<Record<string, string>> = {
  a: "href",
  audio: "src controls loop muted preload",
  blockquote: "cite",
  code: "class",
  col: "span",
  colgroup: "span",
  del: "cite datetime",
  details: "open",
  img: "src srcset sizes alt width height",
  ins: "cite datetime",
  li: "value",
  ol: "start reversed type",
  q: "cite",
  source: "src srcset sizes type media",
  td: "colspan rowspan headers",
  th: "colspan rowspan headers scope abbr",
  time: "datetime",
  track: "src kind srclang label default",
  video: "src poster controls width height loop muted playsinline preload",
};

/** Removed with all their content: active content, forms, document-level and foreign markup. */
const DROPPED_TAGS = words(
  "applet base button canvas datalist embed fencedframe form frame frameset iframe input link " +
    "math meta noembed noframes noscript object optgroup option output param portal script " +
    "select style svg template textarea title",
);

/** Block wrappers become `div`: unwrapping them would glue the text of neighbouring blocks. */
const BLOCK_WRAPPERS = words(
  "address article aside center footer header hgroup main nav search section",
);

/** Dropped when nothing but whitespace and `<br>` is left in them (scrapes leave many). */
const REMOVABLE_WHEN_EMPTY = words(
  "a b blockquote dd div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 i li mark ol p s small " +
    "strong sub sup u ul",
);

/** Elements that are nothing without a source. */
const NEEDS_SOURCE = words("img source track");

/** Where text extraction puts a space, so `<p>a</p><p>b</p>` reads "a b", not "ab". */
const BLOCK_TAGS = words(
  "address article aside blockquote br caption center dd details div dl dt figcaption figure " +
    "footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul",
);

// No `data:` URLs anywhere: in scrapes they are placeholder pixels, an SVG one can carry script,
// and many readers refuse them; a real image has an http(s) URL.
const LINK_SCHEMES = words("http: https: mailto: tel:");
const WEB_SCHEMES = words("http: https:");

const LANGUAGE_CLASS = /^language-[\w#+.-]+$/;
const SRCSET_DESCRIPTOR = /^(?:\d+w|\d+h|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?x)$/i;
const BLANK = /^[\s\u200B-\u200D]*$/;

/** Deeper elements are unwrapped: keeps the walk and the serialiser off the end of the stack. */
const MAX_DEPTH = 128;

const ALLOWED: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ...[...words(PLAIN_TAGS)].map((tag) => [tag, words(GLOBAL_ATTRIBUTES)] as const),
  ...Object.entries(TAGS_WITH_ATTRIBUTES).map(
    ([tag, attributes]) => [tag, words(`${GLOBAL_ATTRIBUTES} ${attributes}`)] as const,
  ),
]);

/** Clean one article body: junk removed, allow-listed, URLs absolute, XML-safe. */
export function referenceCleanHtml(html: string, options: CleanOptions): string {
  const $ = load(html, null, false);
  const root = $.root()[0];
  if (root === undefined) return "";
  removeJunk($, options.junkSelectors);
  sanitizeChildren(
    root,
    {
      baseUrl: options.baseUrl,
      pageUrl: options.pageUrl ?? options.baseUrl,
      title: normalizeTitle(options.title),
      leading: true,
    },
    0,
  );
  // `]]&gt;` means the same in HTML and lets the result sit inside a CDATA section.
  return stripIllegalXmlChars($.html()).replaceAll("]]>", "]]&gt;");
}

function removeJunk($: CheerioAPI, selectors: readonly string[]): void {
  if (selectors.length === 0) return;
  try {
    $.root().find(selectors.join(", ")).remove();
  } catch {
    // One bad selector must not cancel the others; findInvalidSelectors reports it.
    for (const selector of selectors) {
      try {
        $.root().find(selector).remove();
      } catch {}
    }
  }
}

interface Walk {
  readonly baseUrl: string;
  readonly pageUrl: string;
  /** Normalised title. */
  readonly title: string;
  /** No visible text seen yet: an `<h1>` here that repeats the title is scrape junk. */
  leading: boolean;
}

type Verdict = "keep" | "unwrap" | "drop";

/**
 * Rebuild `parent`'s children in document order. Unwrapped elements hand their children to the
 * same loop rather than recursing, so long chains of wrappers cost no stack. Children are done
 * before their parent is judged empty, so `<p><p></p></p>` goes in one pass.
 */
function sanitizeChildren(parent: ParentNode, walk: Walk, depth: number): void {
  const kept: ChildNode[] = [];
  const pending: ChildNode[] = [];
  pushReversed(pending, parent.children);
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.nodeType === 3) {
      if (walk.leading && !BLANK.test(node.data)) walk.leading = false;
      kept.push(node);
      continue;
    }
    // Comments, CDATA and processing instructions carry nothing a reader should see.
    if (!("attribs" in node)) continue;
    const verdict = judgeElement(node, walk);
    if (verdict === "drop") continue;
    if (verdict === "unwrap" || (depth >= MAX_DEPTH && node.children.length > 0)) {
      pushReversed(pending, node.children);
      continue;
    }
    sanitizeChildren(node, walk, depth + 1);
    if (REMOVABLE_WHEN_EMPTY.has(node.name) && isBlank(node)) continue;
    if (node.name === "pre") keepLeadingNewline(node);
    kept.push(node);
  }
  setChildren(parent, kept);
}

function judgeElement(element: ElementNode, walk: Walk): Verdict {
  const name = element.name;
  if (DROPPED_TAGS.has(name)) return "drop";
  // Scrapes repeat the headline as the body's first heading; feeds show the title already.
  if (name === "h1" && walk.leading && normalizeTitle(textOf(element)) === walk.title) {
    return "drop";
  }
  if (BLOCK_WRAPPERS.has(name)) element.name = "div";
  const allowed = ALLOWED.get(element.name);
  if (allowed === undefined) return "unwrap";
  const attributes: Record<string, string> = {};
  for (const [attribute, value] of Object.entries(element.attribs)) {
    if (!allowed.has(attribute)) continue;
    const clean = cleanAttribute(attribute, value, walk);
    if (clean !== undefined) attributes[attribute] = clean;
  }
  element.attribs = attributes;
  if (name === "a" && attributes.href === undefined) return "unwrap";
  if (NEEDS_SOURCE.has(name) && attributes.src === undefined && attributes.srcset === undefined) {
    return "drop";
  }
  return "keep";
}

function cleanAttribute(name: string, value: string, walk: Walk): string | undefined {
  switch (name) {
    case "href":
      return safeUrl(value, walk, LINK_SCHEMES);
    case "src":
    case "poster":
    case "cite":
      return safeUrl(value, walk, WEB_SCHEMES);
    case "srcset":
      return safeSrcset(value, walk);
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
function safeUrl(value: string, walk: Walk, schemes: ReadonlySet<string>): string | undefined {
  const ref = value.trim();
  if (ref === "") return undefined;
  const url = resolveUrl(ref, ref.startsWith("#") ? walk.pageUrl : walk.baseUrl);
  if (url === undefined) return undefined;
  return schemes.has(url.slice(0, url.indexOf(":") + 1)) ? url : undefined;
}

/** Each candidate resolved and checked; candidates with bad URLs or descriptors are dropped. */
function safeSrcset(value: string, walk: Walk): string | undefined {
  const kept: string[] = [];
  for (const { url, descriptors } of parseSrcset(value)) {
    const safe = safeUrl(url, walk, WEB_SCHEMES);
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

function isBlank(element: ElementNode): boolean {
  return element.children.every((child) =>
    child.nodeType === 3 ? BLANK.test(child.data) : "attribs" in child && child.name === "br",
  );
}

/** A parser drops the newline right after `<pre>`, so one that is content must be doubled. */
function keepLeadingNewline(pre: ElementNode): void {
  const first = pre.children[0];
  if (first?.nodeType === 3 && first.data.startsWith("\n")) first.data = `\n${first.data}`;
}

/** Text of a subtree, a space around blocks; iterative, so no tree is too deep for it. */
function textOf(root: AnyNode): string {
  let text = "";
  const stack: (AnyNode | " ")[] = [root];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item === " ") {
      text += " ";
    } else if (item.nodeType === 3) {
      text += item.data;
    } else if (!("attribs" in item)) {
      if (item.nodeType === 9) pushReversed(stack, item.children);
    } else if (!DROPPED_TAGS.has(item.name)) {
      const block = BLOCK_TAGS.has(item.name);
      if (block) stack.push(" ");
      pushReversed(stack, item.children);
      if (block) stack.push(" ");
    }
  }
  return text;
}

function normalizeTitle(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

function setChildren(parent: ParentNode, children: ChildNode[]): void {
  children.forEach((child, index) => {
    child.parent = parent;
    child.prev = children[index - 1] ?? null;
    child.next = children[index + 1] ?? null;
  });
  parent.children = children;
}

/** Push in reverse so `pop()` yields document order; a loop, as spreading 100k nodes throws. */
function pushReversed<T>(stack: T[], nodes: readonly T[]): void {
  for (let index = nodes.length - 1; index >= 0; index -= 1) stack.push(nodes[index] as T);
}

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/));
}
