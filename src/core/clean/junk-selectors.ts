/**
 * The config's junk selectors, through cheerio-select (the only file that imports it). Apart
 * from the cleaner, so that the config check at start-up loads no HTML parser.
 */
import { select } from "cheerio-select";
import { type AnyNode, Document, Element } from "domhandler";

// What cheerio's `$.root().find()` passes, so a selector matches exactly what it matched there.
function selectOptions(root: Document) {
  return { xmlMode: false, context: [root], root };
}

/** The selectors cheerio-select cannot use, so a config check can report them at start-up. */
export function findInvalidSelectors(selectors: readonly string[]): string[] {
  const paragraph = new Element("p", {});
  const root = new Document([paragraph]);
  paragraph.parent = root;
  return selectors.filter((selector) => {
    try {
      select(selector, root, selectOptions(root));
      return false;
    } catch {
      return true;
    }
  });
}

const NO_JUNK: ReadonlySet<AnyNode> = new Set();

/** The elements the junk selectors match in the untouched tree; a bad selector matches nothing. */
export function findJunk(root: Document, selectors: readonly string[]): ReadonlySet<AnyNode> {
  if (selectors.length === 0) return NO_JUNK;
  try {
    return new Set(select(selectors.join(", "), root, selectOptions(root)));
  } catch {
    // One bad selector must not cancel the others; findInvalidSelectors reports it.
    const junk = new Set<AnyNode>();
    for (const selector of selectors) {
      try {
        for (const element of select(selector, root, selectOptions(root))) junk.add(element);
      } catch {}
    }
    return junk;
  }
}
