/** XML 1.0 §2.2: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF; no escape exists. */
const ILLEGAL_XML_CHARS = new RegExp(
  [
    "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]",
    "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])",
    "(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]",
  ].join("|"),
  "g",
);

/** Remove every character that may not appear in an XML 1.0 document. */
export function stripIllegalXmlChars(text: string): string {
  return text.replace(ILLEGAL_XML_CHARS, "");
}
