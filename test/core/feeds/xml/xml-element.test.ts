import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces.js";
import { stripIllegalXmlChars } from "../../../../src/core/feeds/xml/xml-chars.js";
import {
  appendElement,
  createXmlDocument,
  serializeXml,
  setAttribute,
  type XmlElement,
} from "../../../../src/core/feeds/xml/xml-element.js";

/** A tree as both writers are given it. */
interface Tree {
  readonly name: string;
  readonly attributes: readonly (readonly [string, string])[];
  readonly text: string;
  readonly children: readonly Tree[];
}

function write(tree: Tree, parent: XmlElement): void {
  const [first, ...later] = tree.attributes;
  const element = appendElement(
    parent,
    tree.name,
    tree.children.length > 0 ? undefined : tree.text,
    first ? { [first[0]]: first[1] } : {},
  );
  for (const [name, value] of later) setAttribute(element, name, value);
  for (const child of tree.children) write(child, element);
}

/** The same tree through xmlbuilder2, each string escaped for it as its issues #109/#117 need. */
function writeWithXmlbuilder2(tree: Tree, parent: XMLBuilder): void {
  const forBuilder = (value: string) => stripIllegalXmlChars(value).replaceAll("&", "&amp;");
  const element = parent.ele(tree.name);
  for (const [name, value] of tree.attributes) element.att(name, forBuilder(value));
  if (tree.children.length === 0 && tree.text !== "") element.txt(forBuilder(tree.text));
  for (const child of tree.children) writeWithXmlbuilder2(child, element);
}

// Everything XML escaping is about: the five specials, entity look-alikes, `]]>`, whitespace
// that attributes normalise, characters XML 1.0 forbids, astral and lone surrogates.
const PIECES = fc.constantFrom(
  "a",
  "é",
  "𝄞",
  "&",
  "&amp;",
  "&nbsp;",
  "&#38;",
  "<",
  ">",
  "]]>",
  '"',
  "'",
  " ",
  "\t",
  "\n",
  "\r",
  "\u0000",
  "\u000b",
  "\uFFFE",
  "\uD800",
  "\uDC00",
  "\u0085",
  "\u2028",
);
const STRING = fc.array(PIECES, { maxLength: 8 }).map((pieces) => pieces.join(""));
const NAME = fc.constantFrom("item", "title", "atom:link", "media:content", "fh:archive");
const ATTRIBUTES = fc.uniqueArray(fc.tuple(fc.constantFrom("href", "rel", "type", "x:y"), STRING), {
  selector: ([name]) => name,
  maxLength: 3,
});

const TREE = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthIdentifier: "tree", depthSize: "small" },
    fc.record({ name: NAME, attributes: ATTRIBUTES, text: STRING, children: fc.constant([]) }),
    fc.record({
      name: NAME,
      attributes: ATTRIBUTES,
      text: fc.constant(""),
      children: fc.array(tie("tree"), { minLength: 1, maxLength: 3, depthIdentifier: "tree" }),
    }),
  ),
})).tree;

describe("xml-element", () => {
  it("writes the bytes xmlbuilder2 writes with prettyPrint, for any tree and any strings", () => {
    fc.assert(
      fc.property(TREE, (tree) => {
        const document = createXmlDocument();
        write(tree, document);
        const oracle = create({ version: "1.0", encoding: "UTF-8" });
        writeWithXmlbuilder2(tree, oracle);
        const expected = `${oracle.end({ prettyPrint: true, indent: "  " })}\n`;
        expect(serializeXml(document)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("escapes text and attribute values, and writes well-formed XML", () => {
    const document = createXmlDocument();
    const root = appendElement(document, "feed", undefined, { xmlns: "urn:x", empty: "" });
    appendElement(root, "title", 'a &amp; b <c> "d" ]]>', { term: 'x"<&>' });
    appendElement(root, "fh:complete");
    appendElement(root, "gone", "\u0000\uFFFE");
    const xml = serializeXml(document);
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<feed xmlns="urn:x" empty="">',
        '  <title term="x&quot;&lt;&amp;&gt;">a &amp;amp; b &lt;c&gt; "d" ]]&gt;</title>',
        "  <fh:complete/>",
        "  <gone/>",
        "</feed>",
        "",
      ].join("\n"),
    );
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});
