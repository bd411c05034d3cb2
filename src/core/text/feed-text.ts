import { stripIllegalXmlChars } from "../feeds/xml/xml-chars.js";

/**
 * A one-line plain-text value (title, tag, name) as every format prints it: characters XML 1.0
 * forbids removed and runs of XML whitespace folded to one space, so the value survives XML
 * end-of-line and attribute-value normalisation (XML 1.0 §2.11, §3.3.3) unchanged.
 */
export function foldLine(text: string): string {
  return stripIllegalXmlChars(text)
    .replace(/[\t\n\r ]+/g, " ")
    .trim();
}

/** A language tag as RFC 4287 Appendix B and JSON Feed accept it (`en`, `pt-BR`, `zh-Hant-TW`). */
export function isLanguageTag(tag: string): boolean {
  return /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag);
}
