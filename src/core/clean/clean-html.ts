/**
 * Article HTML → HTML safe to put in a feed: scrape junk removed, an allow-list applied, every
 * URL absolute, characters XML forbids removed. One parse, one walk, one serialise, each linear
 * in the size of the body.
 * cheerio itself is not called: its fragment load, `find()` and `remove()` are quadratic in the
 * number of sibling nodes and matches, so its own parts (parse5, cheerio-select) are used directly.
 */
import type { AnyNode, ChildNode, Element, ParentNode } from "domhandler";
import { stripIllegalXmlChars } from "../feeds/xml/xml-chars.js";
import {
  ALLOWED,
  BLANK,
  BLOCK_TAGS,
  BLOCK_WRAPPERS,
  DROPPED_TAGS,
  MAX_DEPTH,
  NEEDS_SOURCE,
  REMOVABLE_WHEN_EMPTY,
} from "./allow-list.js";
import { type ArticleUrls, cleanAttribute } from "./clean-attribute.js";
import { findJunk } from "./junk-selectors.js";
import {
  type ParseBudget,
  parseHtmlFragment,
  serializeHtmlFragment,
} from "./parse-html-fragment.js";

/** What the cleaner needs to know about one article. */
export interface CleanOptions {
  /** The URL relative references resolve against: `mediaBaseUrl()` of the source file. */
  readonly baseUrl: string;
  /** The article's plain-text title; a leading `<h1>` that repeats it is dropped. */
  readonly title: string;
  /** CSS selectors of scrape junk, removed with everything inside them. */
  readonly junkSelectors: readonly string[];
  /** The article's own page, which fragment-only links (`#notes`) point into; else `baseUrl`. */
  readonly pageUrl?: string;
  /** What parsing the body may cost; default `CLEAN_BUDGET`. */
  readonly budget?: ParseBudget;
}

/**
 * Well above what a 5 MB news article or Markdown file needs (about half the nodes, a tiny part
 * of the nesting): only bodies built to be costly are cut.
 */
export const CLEAN_BUDGET: ParseBudget = { maxNodes: 500_000, maxDepthWork: 100_000_000 };

/** Ends a body the budget cut short, so that a reader sees that something is missing. */
const TRUNCATION_MARK = "<p>[…]</p>";

/** A cleaned body; `truncated` when it was over its budget and only its beginning is kept. */
export interface CleanedHtml {
  readonly html: string;
  readonly truncated: boolean;
}

type ElementNode = Element;

/** Clean one article body: junk removed, allow-listed, URLs absolute, XML-safe. */
export function cleanHtml(html: string, options: CleanOptions): string {
  return cleanHtmlWithBudget(html, options).html;
}

/** `cleanHtml`, saying whether the body was over its node budget and cut. */
export function cleanHtmlWithBudget(html: string, options: CleanOptions): CleanedHtml {
  const { root, truncated } = parseHtmlFragment(html, options.budget ?? CLEAN_BUDGET);
  sanitizeChildren(
    root,
    {
      baseUrl: options.baseUrl,
      pageUrl: options.pageUrl ?? options.baseUrl,
      title: normalizeTitle(options.title),
      // Skipped by the walk, not removed: removing each from its parent is quadratic.
      junk: findJunk(root, options.junkSelectors),
      leading: true,
    },
    0,
  );
  // `]]&gt;` means the same in HTML and lets the result sit inside a CDATA section.
  const clean = stripIllegalXmlChars(serializeHtmlFragment(root)).replaceAll("]]>", "]]&gt;");
  return truncated ? { html: clean + TRUNCATION_MARK, truncated } : { html: clean, truncated };
}

interface Walk extends ArticleUrls {
  /** Normalised title. */
  readonly title: string;
  /** Matched by a junk selector: left out with everything inside. */
  readonly junk: ReadonlySet<AnyNode>;
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
    if (walk.junk.has(node)) continue;
    if (node.nodeType === 3) {
      if (walk.leading && !BLANK.test(node.data)) walk.leading = false;
      kept.push(node);
      continue;
    }
    // Comments, CDATA and processing instructions carry nothing a reader should see.
    if (!("attribs" in node)) continue;
    const verdict = judgeElement(node, walk);
    if (verdict === "drop") continue;
    if (verdict === "unwrap" || (depth >= MAX_DEPTH && hasLiveChildren(node, walk.junk))) {
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
  if (name === "h1" && walk.leading && normalizeTitle(textOf(element, walk.junk)) === walk.title) {
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

function hasLiveChildren(element: ElementNode, junk: ReadonlySet<AnyNode>): boolean {
  return element.children.some((child) => !junk.has(child));
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
function textOf(root: AnyNode, junk: ReadonlySet<AnyNode>): string {
  let text = "";
  const stack: (AnyNode | " ")[] = [root];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item === " ") {
      text += " ";
    } else if (junk.has(item)) {
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
