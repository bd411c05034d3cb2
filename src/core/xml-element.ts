import type { XMLBuilder } from "xmlbuilder2/lib/interfaces.js";
import { stripIllegalXmlChars } from "./xml-chars.js";

/** Attribute values; `undefined` leaves the attribute out. */
export type XmlAttributes = Readonly<Record<string, string | number | undefined>>;

/**
 * A string as xmlbuilder2 must be given it. Characters XML 1.0 forbids (§2.2) are removed, and
 * every `&` is pre-escaped: xmlbuilder2 4 leaves an `&` that starts something entity-like
 * (`&amp;`, `&nbsp;`, `&#38;`) unescaped (oozcitak/xmlbuilder2#109, #117), so the text `&amp;`
 * would come out as `&`, `&lt;script&gt;` in HTML content as a live `<script>`, and `&nbsp;` as
 * an undeclared entity. Pre-escaped, every `&` reads `&amp;`, which it leaves alone.
 */
function toBuilderString(value: string): string {
  return stripIllegalXmlChars(value).replaceAll("&", "&amp;");
}

/**
 * Append `<name attributes>text</name>` to `parent` and return the new element. Every string an
 * XML renderer writes passes through here; xmlbuilder2 escapes `<`, `>` and `"`.
 */
export function appendElement(
  parent: XMLBuilder,
  name: string,
  text?: string,
  attributes: XmlAttributes = {},
): XMLBuilder {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) clean[key] = toBuilderString(String(value));
  }
  const element = parent.ele(name, clean);
  if (text !== undefined && text !== "") element.txt(toBuilderString(text));
  return element;
}

/** Serialise a document built with xmlbuilder2: two-space indent, trailing newline. */
export function serializeXml(document: XMLBuilder): string {
  return `${document.end({ prettyPrint: true, indent: "  " })}\n`;
}
