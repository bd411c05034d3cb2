import { MARKUP_ENTITIES } from "../../text/escape-html.js";
import { stripIllegalXmlChars } from "./xml-chars.js";

/** Attribute values; `undefined` leaves the attribute out. */
export type XmlAttributes = Readonly<Record<string, string | number | undefined>>;

/**
 * An element being written: a name, escaped attributes, and text or children (never both). It
 * writes xmlbuilder2's `prettyPrint` bytes without its DOM, whose escaping needed workarounds
 * (oozcitak/xmlbuilder2#109, #117): a feed is a tree written once, top to bottom.
 */
export interface XmlElement {
  readonly name: string;
  attributes: string;
  text: string | undefined;
  readonly children: XmlElement[];
}

// `>` always, so no `]]>` forms; `'` nowhere; `"` only in attribute values, always `"`-quoted.
const TEXT_SPECIALS = /[&<>]/g;
const ATTRIBUTE_SPECIALS = /[&<>"]/g;

function escapeXml(value: string, specials: RegExp): string {
  return stripIllegalXmlChars(value).replace(specials, (c) => MARKUP_ENTITIES[c] as string);
}

/** A document to append the root element to; its one child is the root. */
export function createXmlDocument(): XmlElement {
  return { name: "", attributes: "", text: undefined, children: [] };
}

/** Add an attribute after the element was appended (`xml:lang`, known only later). */
export function setAttribute(element: XmlElement, name: string, value: string | number): void {
  element.attributes += ` ${name}="${escapeXml(String(value), ATTRIBUTE_SPECIALS)}"`;
}

/**
 * Append `<name attributes>text</name>` to `parent` and return the new element. Every string an
 * XML renderer writes passes through here, and is escaped here.
 */
export function appendElement(
  parent: XmlElement,
  name: string,
  text?: string,
  attributes: XmlAttributes = {},
): XmlElement {
  const element: XmlElement = { name, attributes: "", text: undefined, children: [] };
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) setAttribute(element, key, value);
  }
  // Text that is all forbidden characters leaves an empty element, as no text at all does.
  const escaped = text === undefined ? "" : escapeXml(text, TEXT_SPECIALS);
  if (escaped !== "") element.text = escaped;
  parent.children.push(element);
  return element;
}

// RSS Best Practices Profile §Character Data: in plain text, hexadecimal references are the form
// the most aggregators read literally (feed-extractor decodes `&amp;amp;` twice, not `&#x26;amp;`).
const PLAIN_TEXT_REFERENCES: Readonly<Record<string, string>> = {
  "&": "&#x26;",
  "<": "&#x3C;",
  ">": "&#x3E;",
};

/**
 * Append an element holding plain text that readers must show as written (a title): the same
 * as `appendElement`, but `&`, `<` and `>` become hexadecimal character references.
 */
export function appendPlainText(parent: XmlElement, name: string, text: string): XmlElement {
  const element = appendElement(parent, name);
  const escaped = stripIllegalXmlChars(text).replace(
    TEXT_SPECIALS,
    (c) => PLAIN_TEXT_REFERENCES[c] as string,
  );
  if (escaped !== "") element.text = escaped;
  return element;
}

function writeElement(element: XmlElement, indent: string, out: string[]): void {
  const open = `${indent}<${element.name}${element.attributes}`;
  if (element.children.length > 0) {
    out.push(`${open}>`);
    for (const child of element.children) writeElement(child, `${indent}  `, out);
    out.push(`${indent}</${element.name}>`);
  } else if (element.text !== undefined) {
    out.push(`${open}>${element.text}</${element.name}>`);
  } else {
    out.push(`${open}/>`);
  }
}

/** Serialise a document: XML declaration, two-space indent, one element a line, final newline. */
export function serializeXml(document: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  for (const root of document.children) writeElement(root, "", out);
  return `${out.join("\n")}\n`;
}
