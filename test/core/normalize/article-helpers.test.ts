import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toJsonValue } from "../../../src/core/feeds/to-json-value.js";
import { normalizeSlug, slugFromPath } from "../../../src/core/normalize/normalize-slug.js";
import { resolveHttpUrl, resolveSiteUrl } from "../../../src/core/normalize/resolve-http-url.js";
import { contentError, isContentError } from "../../../src/core/parse/content-error.js";
import { detectBodyFormat } from "../../../src/core/parse/detect-body-format.js";
import { measureYamlValue } from "../../../src/core/parse/measure-yaml-value.js";
import { articleUrl, mediaBaseUrl } from "../../../src/core/urls.js";

describe("contentError / isContentError", () => {
  it("builds a frozen error, with the line only when given", () => {
    const error = contentError("a.md", "bad-yaml", "Broken.", 3);
    expect(error).toEqual({ path: "a.md", code: "bad-yaml", reason: "Broken.", line: 3 });
    expect(Object.isFrozen(error)).toBe(true);
    expect("line" in contentError("a.md", "empty", "Empty.")).toBe(false);
  });

  it.each([
    { name: "an error", value: contentError("a.md", "empty", "Empty."), is: true },
    {
      name: "a parsed article",
      value: { path: "a.md", data: {}, body: "", bodyLine: 3 },
      is: false,
    },
    { name: "null", value: null, is: false },
    { name: "a string", value: "bad-yaml", is: false },
  ])("$name → $is", ({ value, is }) => {
    expect(isContentError(value)).toBe(is);
  });
});

describe("slugFromPath", () => {
  it.each([
    { path: "2024/hello-world.md", slug: "2024/hello-world" },
    { path: "hello.markdown", slug: "hello" },
    { path: "notes/v1.2/intro.txt", slug: "notes/v1.2/intro" },
    { path: "no-extension", slug: "no-extension" },
    { path: "dir.d/file", slug: "dir.d/file" },
    { path: ".hidden", slug: ".hidden" },
    { path: "archive.tar.gz", slug: "archive.tar" },
  ])("$path → $slug", ({ path, slug }) => {
    expect(slugFromPath(path)).toBe(slug);
  });
});

describe("normalizeSlug", () => {
  it.each<{ name: string; value: unknown; slug: string }>([
    { name: "plain", value: "hello-world", slug: "hello-world" },
    { name: "trimmed", value: "  hello  ", slug: "hello" },
    { name: "outer slashes stripped", value: "/2024/hello/", slug: "2024/hello" },
    { name: "empty segments dropped", value: "a//b", slug: "a/b" },
    { name: "a number", value: 2024, slug: "2024" },
    { name: "unicode kept", value: "café/über", slug: "café/über" },
  ])("$name", ({ value, slug }) => {
    expect(normalizeSlug(value)).toEqual({ ok: true, value: slug });
  });

  it.each<{ name: string; value: unknown }>([
    { name: "a .. segment", value: "../etc/passwd" },
    { name: "a . segment", value: "a/./b" },
    { name: "a control character", value: "a\u0000b" },
    { name: "a newline", value: "a\nb" },
    { name: "only slashes", value: "///" },
    { name: "a list", value: ["a"] },
  ])("$name → refused", ({ value }) => {
    expect(normalizeSlug(value).ok).toBe(false);
  });
});

describe("detectBodyFormat", () => {
  it.each([
    { path: "a.md", body: "<div>x</div>", format: "markdown", known: true },
    { path: "a.markdown", body: "x", format: "markdown", known: true },
    { path: "a.html", body: "plain words", format: "html", known: true },
    { path: "a.HTM", body: "x", format: "html", known: true },
    { path: "a.txt", body: "\n  <div><p>x</p></div>", format: "html", known: true },
    { path: "a.txt", body: "# Heading\n\ntext", format: "markdown", known: true },
    { path: "a.txt", body: "<br> only void tags", format: "markdown", known: true },
    { path: "a.txt", body: "text with </p> later", format: "markdown", known: true },
    { path: "a.rst", body: "<p>x</p>", format: "html", known: false },
    { path: "README", body: "words", format: "markdown", known: false },
  ])("$path with $body → $format", ({ path, body, format, known }) => {
    expect(detectBodyFormat({ path, body })).toEqual({ format, known });
  });

  it.each([
    { path: "a.txt", body: "\n  <div><p>x</p></div>" },
    { path: "a.txt", body: "<br> only void tags" },
    { path: "a.txt", body: "   \n\n<section>\n<p>late</p>" },
    { path: "a.txt", body: "# Heading\n\n<p>x</p>" },
    { path: "a.rst", body: "  <p>x</p>" },
  ])("any prefix of $body as the head gives the whole body's answer", ({ path, body }) => {
    const whole = detectBodyFormat({ path, body });
    for (let end = 0; end <= body.length; end++) {
      expect(detectBodyFormat({ path, body, bodyHead: body.slice(0, end) })).toEqual(whole);
    }
  });
});

describe("articleUrl / mediaBaseUrl", () => {
  const encodeSegments = (path: string) => path.split("/").map(encodeURIComponent).join("/");
  const PATH = fc
    .array(
      fc.constantFrom(
        "a",
        "Z",
        "9",
        "-",
        "_",
        ".",
        "!",
        "~",
        "*",
        "'",
        "(",
        "/",
        " ",
        "é",
        "%",
        "?",
        "#",
        "+",
        "&",
      ),
      {
        maxLength: 12,
      },
    )
    .map((chars) => chars.join(""));

  it("percent-encodes each segment, whether or not the path needs it", () => {
    fc.assert(
      fc.property(PATH, (path) => {
        expect(articleUrl("https://x.org", path)).toBe(
          `https://x.org/articles/${encodeSegments(path)}`,
        );
        const folder = path.slice(0, path.lastIndexOf("/") + 1);
        expect(mediaBaseUrl("https://x.org", `${path}.md`)).toBe(
          `https://x.org/${encodeSegments(folder)}`,
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe("resolveHttpUrl / resolveSiteUrl", () => {
  it.each([
    { ref: "https://x.org/a.jpg", base: "https://b.org/p/", url: "https://x.org/a.jpg" },
    { ref: "a.jpg", base: "https://b.org/p/", url: "https://b.org/p/a.jpg" },
    { ref: "//cdn.org/a.jpg", base: "https://b.org/p/", url: "https://cdn.org/a.jpg" },
    { ref: "javascript:alert(1)", base: "https://b.org/", url: undefined },
    { ref: "data:image/gif;base64,R0lGOD", base: "https://b.org/", url: undefined },
    { ref: "ftp://x.org/a", base: "https://b.org/", url: undefined },
    { ref: "http://[bad", base: "https://b.org/", url: undefined },
  ])("resolveHttpUrl($ref) → $url", ({ ref, base, url }) => {
    expect(resolveHttpUrl(ref, base)).toBe(url);
  });

  it.each([
    { ref: "/posts/x", url: "https://b.org/blog/posts/x" },
    { ref: "posts/x", url: "https://b.org/blog/posts/x" },
    { ref: "https://elsewhere.org/x", url: "https://elsewhere.org/x" },
    { ref: "mailto:a@b.org", url: undefined },
  ])("resolveSiteUrl($ref) keeps the base path → $url", ({ ref, url }) => {
    expect(resolveSiteUrl(ref, "https://b.org/blog")).toBe(url);
  });
});

describe("measureYamlValue", () => {
  const limits = { maxNodes: 100, maxDepth: 4 };

  it("counts every node and the deepest container", () => {
    expect(measureYamlValue({ a: [1, 2], b: { c: "x" } }, limits)).toEqual({
      ok: true,
      nodes: 6,
      depth: 2,
    });
  });

  it("counts a shared (aliased) value every time it is used", () => {
    const shared = Array.from({ length: 30 }, (_, index) => index);
    expect(measureYamlValue({ a: shared, b: shared, c: shared, d: shared }, limits)).toEqual({
      ok: false,
      exceeded: "nodes",
    });
  });

  it("stops on a cycle", () => {
    const loop: unknown[] = [];
    loop.push(loop);
    expect(measureYamlValue({ loop }, limits).ok).toBe(false);
  });

  it("refuses nesting past the depth limit", () => {
    expect(measureYamlValue({ a: { b: { c: { d: { e: 1 } } } } }, limits)).toEqual({
      ok: false,
      exceeded: "depth",
    });
  });

  it("treats Dates and byte arrays as leaves", () => {
    expect(measureYamlValue({ d: new Date(0), b: new Uint8Array(500) }, limits)).toEqual({
      ok: true,
      nodes: 3,
      depth: 1,
    });
  });
});

describe("toJsonValue", () => {
  it("makes YAML values JSON-safe and frozen", () => {
    const value = toJsonValue({
      when: new Date("2024-01-02T03:04:05Z"),
      list: [new Date(0), 1, Number.NaN],
      bytes: new Uint8Array([104, 105]),
      nested: { ok: true, none: null },
    }) as Record<string, unknown>;
    expect(value).toEqual({
      when: "2024-01-02T03:04:05.000Z",
      list: ["1970-01-01T00:00:00.000Z", 1, null],
      bytes: "aGk=",
      nested: { ok: true, none: null },
    });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.list)).toBe(true);
    expect(Object.isFrozen(value.nested)).toBe(true);
  });

  it("keeps a __proto__ key as a plain key", () => {
    const source = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const value = toJsonValue(source) as Record<string, unknown>;
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
