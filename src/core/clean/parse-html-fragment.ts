/**
 * HTML fragment ↔ domhandler tree, parsed by parse5 exactly as cheerio's `load(html, null, false)`
 * parses it, in time linear in the input and with bounded memory. The only file that calls parse5.
 */
import type { Document, ParentNode } from "domhandler";
import { parseFragment, serialize } from "parse5";
import { adapter as base } from "parse5-htmlparser2-tree-adapter";
import { BoundedTreeAdapter, TooDeep } from "./bounded-tree-adapter.js";

/** What a parse may cost. */
export interface ParseBudget {
  /** Elements, comments and text nodes kept; later ones are left out. */
  readonly maxNodes: number;
  /** Tags times the deepest nesting allowed; a deeper body is cut where it goes too deep. */
  readonly maxDepthWork: number;
}

/** A parsed fragment; `truncated` when the budget cut it short and only its beginning is kept. */
export interface ParsedFragment {
  readonly root: Document;
  readonly truncated: boolean;
}

const UNLIMITED: ParseBudget = {
  maxNodes: Number.POSITIVE_INFINITY,
  maxDepthWork: Number.POSITIVE_INFINITY,
};

/** Nesting always allowed, however many tags: deeper than any article needs. */
const MIN_DEPTH = 256;

/** Parse `html` as a fragment (template context, scripting on: cheerio's defaults). */
export function parseHtmlFragment(html: string, budget: ParseBudget = UNLIMITED): ParsedFragment {
  const maxDepth = Math.max(MIN_DEPTH, Math.floor(budget.maxDepthWork / countTags(html)));
  const builder = new BoundedTreeAdapter(budget.maxNodes, maxDepth);
  try {
    const root = parseFragment(html, { treeAdapter: builder.adapter, scriptingEnabled: true });
    return { root, truncated: builder.overBudget };
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    return { root: builder.takeFragment(), truncated: true };
  }
}

/** The HTML of a fragment's children, as cheerio's `$.html()` writes it. */
export function serializeHtmlFragment(root: ParentNode): string {
  return serialize(root, { treeAdapter: base });
}

function countTags(html: string): number {
  let count = 1;
  for (let at = html.indexOf("<"); at !== -1; at = html.indexOf("<", at + 1)) count += 1;
  return count;
}
