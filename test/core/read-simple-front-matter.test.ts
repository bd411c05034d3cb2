import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { inspect, isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { readSimpleFrontMatter } from "../../src/core/read-simple-front-matter.js";

const ROOT = resolve(import.meta.dirname, "../..");
const engine = (matter as unknown as { engines: { yaml: { parse(text: string): unknown } } })
  .engines.yaml;

/** js-yaml's reading of a block, given as parse-article gives it (see parseFrontMatter). */
function jsYamlReading(block: string): { data: unknown } | { error: string } {
  try {
    return { data: engine.parse(`\n${block.endsWith("\n") ? block.slice(0, -1) : block}`) };
  } catch (error) {
    return { error: String(error) };
  }
}

/**
 * Fails unless js-yaml reads `block` as `data`. Compared with `isDeepStrictEqual`, not vitest's
 * `toStrictEqual`, which takes a `constructor` key for the object's class.
 */
function expectJsYamlReads(block: string, data: unknown): void {
  const reading = jsYamlReading(block);
  if (!isDeepStrictEqual(reading, { data })) {
    expect.fail(`${inspect(block)}: js-yaml ${inspect(reading)}, reader ${inspect(data)}`);
  }
}

const utc = (...parts: [number, number, number, number?, number?, number?, number?]) =>
  new Date(Date.UTC(...parts));

describe("readSimpleFrontMatter: blocks it reads, exactly as js-yaml does", () => {
  it.each<{ name: string; block: string; data: Record<string, unknown> }>([
    {
      name: "the seed style: trailing spaces, folded scalars, an epoch date",
      block: [
        "extends: _layouts.post ",
        "section: content ",
        "image: https://media.example.org/a_wide.jpg?s=1400 ",
        "title: > ",
        "  U.S. Blames Iran, Says Russia May Interfere Too ",
        "description: > ",
        '  Officials said.The campaign.\u201cQuoted,\u201d Tomás said. "Plain," too. ',
        "keywords: > ",
        "  russia, say, officials ",
        "date: 1603328389.1629581 ",
        "",
      ].join("\n"),
      data: {
        extends: "_layouts.post",
        section: "content",
        image: "https://media.example.org/a_wide.jpg?s=1400",
        title: "U.S. Blames Iran, Says Russia May Interfere Too \n",
        description: 'Officials said.The campaign.\u201cQuoted,\u201d Tomás said. "Plain," too. \n',
        keywords: "russia, say, officials \n",
        date: 1603328389.1629581,
      },
    },
    {
      name: "folded, literal and stripped blocks over several lines",
      block: "a: >\n  one \n  two\nb: >-\n  one\n  two\nc: |\n    x: 1\n    # y\nd: |-\n  p\n  q\n",
      data: { a: "one  two\n", b: "one two", c: "x: 1\n# y\n", d: "p\nq" },
    },
    {
      name: "a clipped block ending the front matter keeps its newline",
      block: "title: T\nsummary: >\n  last line",
      data: { title: "T", summary: "last line\n" },
    },
    {
      name: "empty values, null and boolean words",
      block: "description:\nlink:   \nx: null\ny: Null\ndraft: true\npublished: FALSE\nz: yes\n",
      data: {
        description: null,
        link: null,
        x: null,
        y: null,
        draft: true,
        published: false,
        z: "yes",
      },
    },
    {
      name: "decimal numbers",
      block: "a: 0\nb: 42\nc: 0.5\nd: 1603335031.6184926\ne: 123456789012345\n",
      data: { a: 0, b: 42, c: 0.5, d: 1603335031.6184926, e: 123456789012345 },
    },
    {
      name: "dates and timestamps",
      block: [
        "a: 2024-05-01",
        "b: 2024-05-01T10:20:30.5Z",
        "c: 2024-05-01 10:20:30 +05:30",
        "d: 2024-5-1t01:02:03-08",
        "e: 2025-12-04 14:00:00Z",
        "f: 2024-05-01T10:20:30.123456",
        "",
      ].join("\n"),
      data: {
        a: utc(2024, 4, 1),
        b: utc(2024, 4, 1, 10, 20, 30, 500),
        c: utc(2024, 4, 1, 4, 50, 30),
        d: utc(2024, 4, 1, 9, 2, 3),
        e: utc(2025, 11, 4, 14, 0, 0),
        f: utc(2024, 4, 1, 10, 20, 30, 123),
      },
    },
    {
      name: "quoted strings",
      block: [
        'a: "Above: three # points, [done]"',
        'b: "She said \\"no\\" \\\\ twice"  ',
        'c: ""',
        "d: 'it''s'",
        "e: '  spaced  '",
        "",
      ].join("\n"),
      data: {
        a: "Above: three # points, [done]",
        b: 'She said "no" \\ twice',
        c: "",
        d: "it's",
        e: "  spaced  ",
      },
    },
    {
      name: "one-line and block lists",
      block: [
        "tags: [culture, theatre, new york]",
        "none: []",
        "categories:",
        "  - podcasts",
        '  - "rss feeds"',
        "  - 2024",
        "keywords:",
        "- a",
        "-   b  ",
        "title: T",
        "",
      ].join("\n"),
      data: {
        tags: ["culture", "theatre", "new york"],
        none: [],
        categories: ["podcasts", "rss feeds", 2024],
        keywords: ["a", "b"],
        title: "T",
      },
    },
    {
      name: "one level of nested fields",
      block: [
        "title: Episode 1",
        "enclosure:",
        "  url: https://media.example.org/1.mp3 ",
        "  length: 65241326",
        "  type: audio/mpeg",
        "  duration: 3723",
        "author:",
        '    name: "Ana Ruiz"',
        "    email: ana@example.org",
        "tags: [a]",
        "",
      ].join("\n"),
      data: {
        title: "Episode 1",
        enclosure: {
          url: "https://media.example.org/1.mp3",
          length: 65241326,
          type: "audio/mpeg",
          duration: 3723,
        },
        author: { name: "Ana Ruiz", email: "ana@example.org" },
        tags: ["a"],
      },
    },
    {
      name: "plain strings that only look special",
      block: [
        "url: https://example.org/a?b=1#frag",
        "pair: a:b",
        "mixed: a, b [c] {d} - e",
        "nbsp: x\u00a0",
        "key-with_dash: v",
        "constructor: c",
        "",
        "after_blank: yes",
        "",
      ].join("\n"),
      data: {
        url: "https://example.org/a?b=1#frag",
        pair: "a:b",
        mixed: "a, b [c] {d} - e",
        nbsp: "x\u00a0",
        "key-with_dash": "v",
        constructor: "c",
        after_blank: "yes",
      },
    },
  ])("$name", ({ block, data }) => {
    expect(readSimpleFrontMatter(block)).toStrictEqual(data);
    expectJsYamlReads(block, data);
  });
});

describe("readSimpleFrontMatter: blocks it leaves to js-yaml", () => {
  it.each([
    ["a mapping two levels deep", "a:\n  b:\n    c: 1\n"],
    ["a nested mapping at two indentations", "a:\n  b: 1\n   c: 2\n"],
    ["a blank line in a nested mapping", "a:\n  b: 1\n\n  c: 2\n"],
    ["a nested value continued", "a:\n  b: one\n    two\n"],
    ["a duplicated nested key", "a:\n  b: 1\n  b: 2\n"],
    ["a nested __proto__ key", "a:\n  __proto__: x\n"],
    ["a comment line", "# note\ntitle: T\n"],
    ["a comment after a value", "title: T # note\n"],
    ["a tab", "title:\tT\n"],
    ["a CR", "title: T\r\n"],
    ["an anchor and an alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a negative number", "a: -1\n"],
    ["an octal-looking number", "a: 010\n"],
    ["a hexadecimal number", "a: 0x1f\n"],
    ["an underscored number", "a: 1_000\n"],
    ["a sexagesimal number", "a: 1:30\n"],
    ["an exponent", "a: 1e3\n"],
    ["a leading dot", "a: .inf\n"],
    ["a tilde", "a: ~\n"],
    ["a merge key value", "a: <<\n"],
    ["a number-first string", "a: 3 things\n"],
    ["a duplicated key", "a: 1\na: 2\n"],
    ["a __proto__ key", "__proto__: x\n"],
    ["a key js-yaml reads as a boolean", "true: x\n"],
    ["a key with a space", "my key: x\n"],
    ["no space after the colon", "key:value\n"],
    ["a value that is a mapping", "a: b: c\n"],
    ["a value ending in a colon", "a: http:\n"],
    ["a plain value continued on the next line", "a: one\n  two\n"],
    ["a blank line inside a block", "a: >\n  one\n\n  two\n"],
    ["a more-indented line in a folded block", "a: >\n  one\n    two\n"],
    ["a less-indented line in a block", "a: >\n    one\n  two\n"],
    ["a keep-chomping block", "a: >+\n  one\n"],
    ["an indentation indicator", "a: >2\n  one\n"],
    ["a block with no lines", "a: >\nb: 1\n"],
    ['an escape other than \\" and \\\\', 'a: "x\\ty"\n'],
    ["text after a closing quote", "a: 'x' y\n"],
    ["a lone quote inside single quotes", "a: 'it's'\n"],
    ["a quoted item in a one-line list", 'a: ["x", y]\n'],
    ["a boolean item in a one-line list", "a: [x, true]\n"],
    ["a nested one-line list", "a: [x, [y]]\n"],
    ["an empty list item", "a:\n  -\n  - x\n"],
    ["a mapping as a list item", "a:\n  - b: c\n"],
    ["list items at two indentations", "a:\n  - x\n    - y\n"],
    ["a document end marker", "a: 1\n...\n"],
    ["a line separator", "a: x\u2028y\n"],
    ["a byte order mark", "a: \ufeffx\n"],
    ["an emoji (a surrogate pair)", "a: \u{1f600}\n"],
  ])("%s", (_name, block) => {
    expect(readSimpleFrontMatter(block)).toBeUndefined();
  });
});

/** Every article file under `dir`, recursively. */
function articleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(md|markdown|html?|txt)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The front matter block of a file, cut as parse-article cuts it (LF line ends). */
function frontMatterOf(file: string): string | undefined {
  const text = readFileSync(file, "utf8")
    .replace(/\r\n/g, "\n")
    .replace(/^\ufeff/, "");
  if (!text.startsWith("---")) return undefined;
  const start = text.indexOf("\n") + 1;
  const end = text.indexOf("\n---", start - 1);
  return end < start ? undefined : text.slice(start, end + 1);
}

describe("readSimpleFrontMatter: agreement with js-yaml", () => {
  it("reads the bundled articles and fixtures as js-yaml does", () => {
    const blocks = [...articleFiles(join(ROOT, "content")), ...articleFiles(join(ROOT, "test"))]
      .map(frontMatterOf)
      .filter((block) => block !== undefined);
    const read = blocks.filter((block) => readSimpleFrontMatter(block) !== undefined);
    for (const block of read) {
      expectJsYamlReads(block, readSimpleFrontMatter(block));
    }
    // Most of them are in the subset; a reader that gave up on everything would fail here.
    expect(read.length).toBeGreaterThan(blocks.length / 3);
  });

  it("reads generated blocks as js-yaml does whenever it reads them", () => {
    // Mostly text the reader takes, with YAML's syntax mixed in often enough to meet its edges.
    const unit = (chars: string, ...more: string[]) => fc.constantFrom(...chars, ...more);
    const benign = fc.string({ unit: unit("aabbcZZ_019  .,/-é\u2014\u00a0"), maxLength: 12 });
    const hostile = fc.string({
      unit: unit("aZ_0 .,:-#'\"\\[]{}&*!|>?%@`~<+=\t", "\u{1f600}", "\ufeff", "\u2028"),
      maxLength: 12,
    });
    const text = fc.oneof({ weight: 4, arbitrary: benign }, { weight: 1, arbitrary: hostile });
    const scalar = fc.oneof(
      { weight: 4, arbitrary: text },
      fc.constantFrom(
        ..."0 007 1.5 1. .5 1e3 -1 +1 1_0 1:30 0x1f 12345678901234567890 3 things".split(" "),
        ..."2024-05-01 2024-5-1 2024-05-01T10:00:00Z 2024-05-01T10:00:00.1234+02".split(" "),
        "2024-05-01 10:00:00 -05:30",
        ..."true True tRUE null NULL yes no ~ <<".split(" "),
      ),
      text.map((inner) => `"${inner}"`),
      text.map((inner) => `'${inner}'`),
      fc.array(text, { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
    );
    const key = fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom("title", "a", "x-y", "_k", "constructor") },
      fc.constantFrom("true", "my key", "__proto__", "- a", "? b"),
    );
    const numberedKey = fc
      .tuple(key, fc.nat(30))
      .map(([name, n]) => (n === 0 ? name : `${name}${n}`));
    const separator = fc.oneof(
      { weight: 6, arbitrary: fc.constant(": ") },
      fc.constantFrom(":", ":   ", " : "),
    );
    const value = fc.oneof(
      { weight: 3, arbitrary: scalar },
      fc.constantFrom("", ">", ">-", "|", "|-", ">+"),
    );
    const entry = fc
      .tuple(numberedKey, separator, value)
      .map(([name, colon, each]) => `${name}${colon}${each}`);
    const continuation = fc.oneof(
      fc.constantFrom("", " ", "  - a", "- b", "    more", "  # c", "..."),
      fc
        .tuple(fc.constantFrom("  ", "  ", "   ", "  - ", "- "), scalar)
        .map(([lead, each]) => lead + each),
    );
    const line = fc
      .tuple(fc.oneof({ weight: 5, arbitrary: entry }, continuation), fc.constantFrom("", "", " "))
      .map(([body, trailing]) => body + trailing);

    expectGeneratedBlocksRead(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) =>
      lines.map((each) => `${each}\n`).join(""),
    );
  });

  it("reads generated blocks, lists and nested fields as js-yaml does whenever it reads them", () => {
    const words = fc.string({ unit: fc.constantFrom(..."ab Z1é.,:#-'\"\u00a0"), maxLength: 10 });
    const indent = fc.constantFrom("", " ", "  ", "  ", "   ", "    ");
    // A block, a list or nested fields whose lines are mostly, but not always, at one indentation.
    const body = fc.tuple(indent, fc.array(fc.tuple(fc.nat(9), indent, words), { maxLength: 4 }));
    const line = (kind: string, at: string, text: string, n: number) => {
      if (kind === "list") return `${at}- ${text}`;
      if (kind === "fields") return `${at}${n % 3 === 2 ? "f0" : `f${n}`}: ${text}`;
      return `${at}${text}`;
    };
    const entry = fc
      .tuple(
        fc.constantFrom(">", ">-", "|", "|-", "list", "fields"),
        fc.constantFrom("", " "),
        body,
      )
      .map(([kind, trailing, [lead, lines]]) =>
        [
          `k: ${kind === "list" || kind === "fields" ? "" : kind}${trailing}`,
          ...lines.map(([roll, other, text], n) => {
            if (roll === 1) return "";
            return line(kind, roll === 0 ? other : lead, text, n);
          }),
        ].join("\n"),
      );
    expectGeneratedBlocksRead(
      fc.array(entry, { minLength: 1, maxLength: 3 }),
      (entries) => `${entries.map((each, n) => each.replace("k:", `k${n}:`)).join("\n")}\n`,
    );
  });
});

/**
 * Over 10,000 generated blocks: every block the reader takes reads as js-yaml reads it, and it
 * takes enough of them (the property says nothing about the blocks it leaves).
 */
function expectGeneratedBlocksRead<T>(values: fc.Arbitrary<T>, toBlock: (value: T) => string) {
  let read = 0;
  fc.assert(
    fc.property(values, (value) => {
      const block = toBlock(value);
      const data = readSimpleFrontMatter(block);
      if (data === undefined) return;
      read += 1;
      expectJsYamlReads(block, data);
    }),
    { numRuns: 10_000 },
  );
  expect(read).toBeGreaterThan(800);
}
