import { stripIllegalXmlChars } from "../feeds/xml/xml-chars.js";

/** The predefined entities of XML (and HTML) for the five markup characters. */
export const MARKUP_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  // HTML5 and XML both predefine `&apos;`, and simple XML readers that skip numeric references
  // (`&#39;`) still decode it, so one escape serves the pages and the OPML list alike.
  "'": "&apos;",
};

/**
 * Make text safe as HTML/XML character data or as a quoted attribute value: characters XML
 * forbids are dropped (they cannot be escaped), then the five markup characters are escaped.
 */
export function escapeHtml(text: string): string {
  return stripIllegalXmlChars(text).replace(/[&<>"']/g, (char) => MARKUP_ENTITIES[char] ?? char);
}
