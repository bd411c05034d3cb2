import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "cheerio";
import { XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { INITIAL_STATE, refresh } from "../../../src/catalogue/refresh.js";
import type { Snapshot } from "../../../src/catalogue/snapshot.js";
import { createMemorySourceStore } from "../../../src/content/source-store.js";
import { isContentError } from "../../../src/core/parse/content-error.js";
import { parseArticle } from "../../../src/core/parse/parse-article.js";
import { createSite, type DocumentKey } from "../../../src/publish/create-site.js";
import { createContentDir } from "../../helpers/content-dir.js";
import { readXml, type XmlNode } from "../../helpers/parse-feed.js";
import { startTestServer, testConfig } from "../../helpers/test-server.js";
import { validateJsonFeed } from "../../helpers/validate-feed.js";

/**
 * The OWASP XSS filter-evasion vectors written into real article files (bodies, titles, tags,
 * image URLs, authors) and run through the whole pipeline: scan → parse → normalise → clean →
 * render. Every document the site can serve is then parsed back and searched for anything a
 * browser or a feed reader would execute.
 */

const FIXTURE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../fixtures/clean/xss-vectors.html",
);
const DATE = Date.UTC(2025, 0, 1) / 1000;

/** Markup vectors beyond the shared fixture: mutation XSS, SVG/MathML, CDATA breaks, srcset. */
const EXTRA_BODY_VECTORS = [
  `<img src=x onerror=alert(1)//`,
  `<a href="java\nscript:alert(1)">newline</a>`,
  `<a href="JaVaScRiPt:alert(1)">mixed</a>`,
  `<a href="&#x6A;avascript&#x3A;alert(1)">hex</a>`,
  `<a href="java&#0000009;script:alert(1)">tab entity</a>`,
  `<a href="vbscript:msgbox(1)">vb</a>`,
  `<img srcset="javascript:alert(1) 1x, https://ok.example/a.png 2x">`,
  `<video poster="javascript:alert(1)" src="javascript:alert(1)"></video>`,
  `<audio><source src="javascript:alert(1)"></audio>`,
  `<details open ontoggle=alert(1)><summary>x</summary></details>`,
  `<math><mi xlink:href="javascript:alert(1)">m</mi></math>`,
  `<svg><a xlink:href="javascript:alert(1)"><text>t</text></a></svg>`,
  `<svg><style><img src=x onerror=alert(1)></style></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
  `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`,
  `<p>]]><script>alert(1)</script><![CDATA[</p>`,
  `<img src="https://ok.example/a.png" style="x:expression(alert(1))">`,
  `<a href="https://ok.example/" target="_blank" onclick="alert(1)">ok</a>`,
  `<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">`,
  `<iframe src="data:text/html,<script>alert(1)</script>"></iframe>`,
  `<a href="data:text/html;charset=utf-8,%3Cscript%3Ealert(1)%3C/script%3E">d</a>`,
  `<img src="data:image/svg+xml,<svg onload=alert(1)>">`,
  `<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example">`,
  `<template><script>alert(1)</script></template><noembed><script>alert(1)</script></noembed>`,
  `<isindex action="javascript:alert(1)" type=image><keygen autofocus onfocus=alert(1)>`,
  `<div style="background:url(javascript:alert(1))">bg</div>`,
  `<a href="#" formaction="javascript:alert(1)" action="javascript:alert(1)">attrs</a>`,
];

/** The same in Markdown syntax: markdown-it output goes through the same cleaner. */
const MARKDOWN_VECTORS = [
  "[link](javascript:alert(1))",
  "[link](JAVASCRIPT:alert(1))",
  "[link](&#106;avascript:alert(1))",
  "[link](java\tscript:alert(1))",
  "![img](javascript:alert(1))",
  "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "<javascript:alert(1)>",
  "[ref]\n\n[ref]: javascript:alert(1)",
  '<a href="javascript:alert(1)">inline html</a>',
  "<script>alert(1)</script>",
];

/** Raw markup in a title: plain text, shown as written and escaped by every format. */
const TITLE_VECTORS = [
  "Title <script>alert(1)</script> end",
  'Title <img src=x onerror="alert(1)"> end',
  'Title <a href="javascript:alert(1)">link</a> end',
  "Title <iframe srcdoc='<script>alert(1)</script>'></iframe> end",
  "Title <svg onload=alert(1)></svg> end",
  "Title <svg/onload=alert(1)> end",
  "Title <BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(1)> end",
  'Title <meta http-equiv="refresh" content="0;url=javascript:alert(1)"> end',
  "Title <base href=javascript:alert(1)//> end",
  "Title ]]><script>alert(1)</script> end",
];

/** Tags are text everywhere; their slugs become URLs. */
const TAG_VECTORS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  '"><svg onload=alert(1)>',
  "../../etc/passwd",
];

/** Lead image and author URLs: only http(s) may reach a feed or page. */
const URL_VECTORS = [
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "java\tscript:alert(1)",
  "\u0001javascript:alert(1)",
  "vbscript:msgbox(1)",
  "data:text/html,<script>alert(1)</script>",
  "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
  "file:///etc/passwd",
  'https://ok.example/a.png" onerror="alert(1)',
  "https://ok.example/<script>alert(1)</script>.png",
];

const yamlString = (value: string) => JSON.stringify(value);

interface Planted {
  readonly path: string;
  readonly text: string;
}

function frontMatter(lines: readonly string[], body: string): string {
  return ["--- ", `date: ${DATE} `, ...lines, "--- ", body].join("\n");
}

/** One file per vector, so a failure names the vector; all share one content folder. */
function plantArticles(): Planted[] {
  const fixtureLines = readFileSync(FIXTURE, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  const planted: Planted[] = [];
  const add = (path: string, text: string) => planted.push({ path, text });
  [...fixtureLines, ...EXTRA_BODY_VECTORS].forEach((vector, i) => {
    add(
      `body/html-${i}.html`,
      frontMatter([`title: Body ${i} `], `<div><p>before</p>${vector}<p>after</p></div>`),
    );
  });
  add("body/all-in-one.html", frontMatter(["title: All "], fixtureLines.join("\n")));
  MARKDOWN_VECTORS.forEach((vector, i) => {
    add(
      `body/md-${i}.md`,
      frontMatter([`title: Markdown ${i} `], `Before.\n\n${vector}\n\nAfter.\n`),
    );
  });
  TITLE_VECTORS.forEach((vector, i) => {
    add(`title/t-${i}.md`, frontMatter([`title: ${yamlString(vector)}`], "Body."));
    add(
      `title/h1-${i}.md`,
      frontMatter([], `# ${vector}\n\nBody whose title comes from its heading.`),
    );
  });
  add(
    "tags/all.md",
    frontMatter(["title: Tags ", `tags: ${JSON.stringify(TAG_VECTORS)}`], "Body."),
  );
  add(
    "tags/keywords.md",
    frontMatter(["title: Keywords ", `keywords: ${yamlString(TAG_VECTORS.join(", "))}`], "Body."),
  );
  URL_VECTORS.forEach((vector, i) => {
    add(`image/i-${i}.md`, frontMatter(["title: Image ", `image: ${yamlString(vector)}`], "Body."));
    add(
      `image/o-${i}.md`,
      frontMatter(["title: Image object ", `cover: {url: ${yamlString(vector)}}`], "Body."),
    );
    add(
      `author/a-${i}.md`,
      frontMatter(
        [
          "title: Author ",
          `author: {name: ${yamlString("<script>alert(1)</script>Eve")}, url: ${yamlString(vector)}, email: eve@evil.example}`,
        ],
        "Body.",
      ),
    );
    add(
      `link/l-${i}.md`,
      frontMatter(["title: Permalink ", `permalink: ${yamlString(vector)}`], "Body."),
    );
  });
  return planted;
}

// ---------------------------------------------------------------------------------------------
// Judging output

const DANGEROUS_ELEMENTS =
  "script, iframe, frame, frameset, object, embed, applet, svg, math, base, form, meta[http-equiv], link[rel=import], isindex, keygen, portal";
const URL_ATTRIBUTES = [
  "href",
  "src",
  "action",
  "formaction",
  "poster",
  "background",
  "cite",
  "data",
  "xlink:href",
  "lowsrc",
  "dynsrc",
];
const BAD_SCHEME = /^(?:javascript|vbscript|livescript|data|file):/;

/** A URL as a browser would read its scheme: controls and whitespace gone, case folded. */
function schemeOf(url: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these, so must we
  return url.replace(/[\u0000-\u0020\u007F]/g, "").toLowerCase();
}

function isDangerousUrl(url: string): boolean {
  return BAD_SCHEME.test(schemeOf(url));
}

/** Everything executable in an HTML document or fragment, as a list of findings. */
function findActiveHtml(html: string): string[] {
  const $ = load(html);
  const findings: string[] = [];
  $(DANGEROUS_ELEMENTS).each((_, element) => {
    findings.push(`<${"name" in element ? element.name : "?"}> element`);
  });
  $("*").each((_, element) => {
    if (!("attribs" in element)) return;
    for (const [name, value] of Object.entries(element.attribs)) {
      const attribute = name.toLowerCase();
      if (attribute.startsWith("on")) findings.push(`${attribute} on <${element.tagName}>`);
      if (attribute === "srcdoc") findings.push(`srcdoc on <${element.tagName}>`);
      if (URL_ATTRIBUTES.includes(attribute) && isDangerousUrl(value)) {
        findings.push(`${attribute}="${value}" on <${element.tagName}>`);
      }
      if (attribute === "srcset" && value.split(",").some((c) => isDangerousUrl(c.trim()))) {
        findings.push(`srcset="${value}"`);
      }
      if (attribute === "style" && /expression\s*\(|javascript:|behavior|url\s*\(/i.test(value)) {
        findings.push(`style="${value}"`);
      }
      if (attribute === "content" && /url\s*=/i.test(value)) findings.push(`content="${value}"`);
    }
  });
  $("style").each((_, element) => {
    const css = $(element).text();
    if (/expression\s*\(|javascript:|@import|(?<![\w-])behavior\s*:/i.test(css))
      findings.push("active CSS");
  });
  return findings;
}

/** Strings of a parsed XML document, with the element path each sits on. */
function xmlStrings(node: XmlNode, path: string, out: [string, string][]): [string, string][] {
  if (typeof node === "string") {
    out.push([path, node]);
    return out;
  }
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === "string") out.push([`${path}/${key}`, value]);
    else if (Array.isArray(value))
      for (const child of value) xmlStrings(child, `${path}/${key}`, out);
  }
  return out;
}

function jsonStrings(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value)) {
    for (const [i, inner] of value.entries()) jsonStrings(inner, `${path}/${i}`, out);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) jsonStrings(inner, `${path}/${key}`, out);
  }
  return out;
}

const URL_KEYS =
  /(?:^|\/)(?:@href|@url|@src|@uri|@xmlUrl|@htmlUrl|link|uri|url|guid|id|image|icon|favicon|logo|home_page_url|feed_url|next_url|external_url|banner_image)$/;

/**
 * The fields each format defines as HTML; every other string is plain text, which a reader shows
 * as written (RSS Advisory Board: titles "should not contain HTML"; Atom §3.1.1.1; JSON Feed
 * `title`, `summary`, `tags` are plain text).
 */
const HTML_FIELDS = {
  // `channel/description` is HTML too; it has its own test below.
  rss: /^\/rss\/channel\/item\/(?:description|content:encoded)(?:\/#text)?$/,
  atom: /^\/feed\/entry\/content(?:\/#text)?$/,
  json: /^\/items\/\d+\/content_html$/,
  opml: /^$/,
} as const;

/** Markup elements that would mean a string broke out of its XML text into the structure. */
const INJECTED_ELEMENTS = new Set([
  "script",
  "img",
  "svg",
  "iframe",
  "a",
  "meta",
  "base",
  "object",
  "embed",
  "style",
  "math",
]);

function findInjectedElements(node: XmlNode, path: string, out: string[]): string[] {
  if (typeof node === "string") return out;
  for (const [key, value] of Object.entries(node)) {
    if (INJECTED_ELEMENTS.has(key.toLowerCase())) out.push(`<${key}> element at ${path}`);
    if (Array.isArray(value))
      for (const child of value) findInjectedElements(child, `${path}/${key}`, out);
  }
  return out;
}

/**
 * Judge one feed's strings: fields the format defines as HTML must hold nothing active once a
 * reader parses them, and no URL field may be script.
 */
function findActiveInFeed(strings: readonly [string, string][], html: RegExp): string[] {
  const findings: string[] = [];
  for (const [path, value] of strings) {
    const where = `${path}: ${value.slice(0, 120)}`;
    if (URL_KEYS.test(path) && isDangerousUrl(value)) findings.push(`dangerous URL at ${where}`);
    if (html.test(path)) {
      for (const finding of findActiveHtml(value)) findings.push(`${finding} at ${where}`);
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------

interface RenderedSite {
  readonly snapshot: Snapshot;
  /** Every document the site serves, by its JSON key. */
  readonly documents: Map<string, { key: DocumentKey; text: string; contentType: string }>;
}

/** The real pipeline over a temporary folder: refresh, then render every document it has. */
async function renderSite(files: readonly Planted[]): Promise<RenderedSite> {
  const root = mkdtempSync(join(tmpdir(), "feedmill-hostile-content-"));
  try {
    for (const { path, text } of files) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const config = testConfig({ contentDir: root, feedLimit: 50 });
    const store = createMemorySourceStore();
    const { snapshot } = await refresh(INITIAL_STATE, {
      contentDir: root,
      maxFileBytes: config.maxFileBytes,
      baseUrl: config.baseUrl,
      idPrefix: config.idPrefix,
      store,
      now: () => Date.UTC(2026, 0, 1),
    });
    const site = createSite(config, store);
    const documents: RenderedSite["documents"] = new Map();
    for (const key of site.keys(snapshot)) {
      const doc = await site.render(snapshot, key);
      if (!doc) continue;
      const text = doc.body.toString("utf8");
      documents.set(JSON.stringify(key), { key, text, contentType: doc.contentType });
    }
    return { snapshot, documents };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

let snapshot: Snapshot;
let rendered: RenderedSite["documents"];

beforeAll(async () => {
  ({ snapshot, documents: rendered } = await renderSite(plantArticles()));
});

describe("XSS vectors through the whole pipeline", () => {
  it("publishes the articles that carry them (so the output really was exercised)", () => {
    const bodies = snapshot.articles.filter((a) => a.path.startsWith("body/"));
    expect(bodies.length).toBeGreaterThan(60);
    expect(snapshot.articles.some((a) => a.path.startsWith("title/"))).toBe(true);
    expect(snapshot.tags.size).toBeGreaterThan(2);
    const kinds = new Set([...rendered.values()].map((r) => r.key.kind));
    expect([...kinds].sort()).toEqual(["article", "feed", "index", "not-found", "opml", "tag"]);
  });

  it("keeps a permalink only when it is http(s), reporting the others", () => {
    for (const article of snapshot.articles) {
      expect(isDangerousUrl(article.link), article.path).toBe(false);
      if (article.image) expect(article.image, article.path).toMatch(/^https?:\/\//);
    }
    const refused = snapshot.errors.filter((e) => e.path.startsWith("link/"));
    expect(refused.length).toBeGreaterThanOrEqual(7);
    expect(refused.every((e) => e.code === "bad-field")).toBe(true);
  });

  it("leaves nothing active in any HTML page", () => {
    const findings: string[] = [];
    for (const { key, text, contentType } of rendered.values()) {
      if (!contentType.startsWith("text/html")) continue;
      for (const finding of findActiveHtml(text))
        findings.push(`${JSON.stringify(key)}: ${finding}`);
    }
    expect(findings).toEqual([]);
  });

  it("leaves nothing active in any RSS or Atom document, which stays well-formed", () => {
    const findings: string[] = [];
    let documents = 0;
    for (const { key, text } of rendered.values()) {
      if (key.kind !== "feed" || key.address.format === "json") continue;
      documents += 1;
      const valid = XMLValidator.validate(text);
      if (valid !== true)
        findings.push(`${JSON.stringify(key)}: not well-formed: ${valid.err.msg}`);
      const tree = readXml(text);
      const html = HTML_FIELDS[key.address.format];
      for (const finding of [
        ...findActiveInFeed(xmlStrings(tree, "", []), html),
        ...findInjectedElements(tree, "", []),
      ]) {
        findings.push(`${JSON.stringify(key.address)}: ${finding}`);
      }
    }
    expect(documents).toBeGreaterThan(10);
    expect(findings).toEqual([]);
  });

  it("leaves nothing active in any JSON Feed, which stays valid", () => {
    const findings: string[] = [];
    for (const { key, text } of rendered.values()) {
      if (key.kind !== "feed" || key.address.format !== "json") continue;
      const verdict = validateJsonFeed(text);
      if (!verdict.ok) findings.push(`${JSON.stringify(key)}: ${verdict.errors.join("; ")}`);
      for (const finding of findActiveInFeed(
        jsonStrings(JSON.parse(text), "", []),
        HTML_FIELDS.json,
      )) {
        findings.push(`${JSON.stringify(key.address)}: ${finding}`);
      }
    }
    expect(findings).toEqual([]);
  });

  it("leaves nothing active in the OPML list", () => {
    const opml = [...rendered.values()].find((r) => r.key.kind === "opml");
    expect(opml).toBeDefined();
    const text = opml?.text ?? "";
    expect(XMLValidator.validate(text)).toBe(true);
    const tree = readXml(text);
    expect(findActiveInFeed(xmlStrings(tree, "", []), HTML_FIELDS.opml)).toEqual([]);
    expect(findInjectedElements(tree, "", [])).toEqual([]);
  });

  it("lets no markup form from a tag's name in the RSS channel description", () => {
    // The channel description is plain text (RSS 2.0), but some readers render it as HTML; a tag
    // feed's description embeds the tag name, which must not be able to form an element.
    const findings: string[] = [];
    for (const { key, text } of rendered.values()) {
      if (key.kind !== "feed" || key.address.format !== "rss") continue;
      const channel = /^\/rss\/channel\/description(?:\/#text)?$/;
      for (const finding of findActiveInFeed(xmlStrings(readXml(text), "", []), channel)) {
        findings.push(`${JSON.stringify(key.address)}: ${finding}`);
      }
    }
    expect(findings).toEqual([]);
  });

  it("gives an author a JSON Feed url that is a URI, whatever the email holds", async () => {
    // The email check (`x@y`, no spaces) lets `<`, `>` and quotes through, and JSON Feed turns
    // the email into `mailto:` + email unencoded: not a URI, so the feed fails its schema.
    const odd = await renderSite([
      {
        path: "odd-email.md",
        text: frontMatter(["title: Odd ", "author: {name: Eve, email: 'a<b>@example.org'}"], "x"),
      },
    ]);
    const feed = [...odd.documents.values()].find(
      (r) => r.key.kind === "feed" && r.key.address.format === "json" && !r.key.address.tag,
    );
    expect(validateJsonFeed(feed?.text ?? "").errors).toEqual([]);
  });

  it("shows a title with markup as text, exactly as written, on the page", () => {
    const titled = snapshot.articles.filter((a) => a.path.startsWith("title/t-"));
    expect(titled.length).toBe(TITLE_VECTORS.length);
    for (const article of titled) {
      const page = [...rendered.values()].find(
        (r) => r.key.kind === "article" && r.key.slug === article.slug,
      );
      const $ = load(page?.text ?? "");
      expect(TITLE_VECTORS, article.path).toContain(article.title);
      expect($("h1").first().text(), article.path).toBe(article.title);
      expect($("title").text(), article.path).toContain(article.title);
      // Text, not markup: the page holds no element the title spelt out.
      expect($("script, img, iframe, svg, meta[http-equiv], base").length, article.path).toBe(0);
    }
  });

  it("keeps the words around a removed vector", () => {
    const article = snapshot.articles.find((a) => a.path === "body/html-0.html");
    const page = [...rendered.values()].find(
      (r) => r.key.kind === "article" && r.key.slug === article?.slug,
    );
    const text = load(page?.text ?? "")("main").text();
    expect(text).toContain("before");
    expect(text).toContain("after");
  });
});

// ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

function billionLaughs(levels: number, width: number): string {
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(", ")}]`];
  for (let level = 1; level < levels; level += 1) {
    lines.push(
      `l${level}: &l${level} [${Array(width)
        .fill(`*l${level - 1}`)
        .join(", ")}]`,
    );
  }
  return lines.join("\n");
}

const DEEP = 10_000;

describe("YAML bombs", () => {
  it.each([
    ["billion laughs (9 × 9 levels)", billionLaughs(9, 9)],
    ["a wide bomb (4 × 100 levels)", billionLaughs(4, 100)],
    ["laughs used as a title", `${billionLaughs(9, 9)}\ntitle: *l8`],
    ["a self-referencing alias", "a: &a [*a, *a]\ntitle: x"],
    [`${DEEP} nested flow sequences`, `title: ${"[".repeat(DEEP)}${"]".repeat(DEEP)}`],
    [`${DEEP} nested flow mappings`, `title: ${"{a: ".repeat(DEEP)}1${"}".repeat(DEEP)}`],
    [`${DEEP} nested compact block sequences`, `title: x\nlist:\n${"- ".repeat(DEEP)}x`],
    [
      "700 nested block mappings (250 KB of indentation)",
      `${Array.from({ length: 700 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")} 1`,
    ],
    [`${DEEP} nested block mappings on one line (not YAML)`, `${"a: ".repeat(DEEP)}1`],
    ["a 300 KB front matter", `title: x\nbody: "${"y".repeat(300_000)}"`],
  ])("refuses %s quickly with a reported error", (_name, yaml) => {
    const bytes = encoder.encode(`--- \n${yaml}\n--- \n<p>body</p>`);
    const { value, ms } = timed(() => parseArticle("bomb.md", bytes));
    expect(ms).toBeLessThan(1000);
    expect(isContentError(value)).toBe(true);
    if (isContentError(value)) expect(["yaml-too-complex", "bad-yaml"]).toContain(value.code);
  });

  it.each([
    ["a merge key", "<<: {__proto__: {polluted: yes}}\ntitle: x"],
    ["a __proto__ key", "__proto__: {polluted: yes}\ntitle: x"],
    ["a merge through an alias", "base: &b {__proto__: {polluted: yes}}\n<<: *b\ntitle: x"],
  ])("does not let %s pollute Object.prototype", (_name, yaml) => {
    const parsed = parseArticle("proto.md", encoder.encode(`--- \n${yaml}\n--- \nx`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (!isContentError(parsed)) {
      expect(Object.getPrototypeOf(parsed.data)).toBe(Object.prototype);
      expect((parsed.data as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it("survives a scan of a folder full of bombs, serving the good article beside them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "feedmill-yaml-bombs-"));
    try {
      writeFileSync(join(dir, "good.md"), `--- \ntitle: Good \ndate: ${DATE} \n--- \nBody.`);
      writeFileSync(join(dir, "laughs.md"), `--- \n${billionLaughs(9, 9)}\n--- \nx`);
      writeFileSync(
        join(dir, "deep.md"),
        `--- \ntitle: ${"[".repeat(DEEP)}${"]".repeat(DEEP)}\n--- \nx`,
      );
      const started = performance.now();
      const { snapshot: result } = await refresh(INITIAL_STATE, {
        contentDir: dir,
        maxFileBytes: 5_000_000,
        baseUrl: "http://feeds.test",
        idPrefix: null,
        store: createMemorySourceStore(),
        now: () => Date.UTC(2026, 0, 1),
      });
      expect(performance.now() - started).toBeLessThan(2000);
      expect(result.articles.map((a) => a.title)).toEqual(["Good"]);
      expect(result.errors.map((e) => [e.path, e.code])).toEqual([
        ["deep.md", "yaml-too-complex"],
        ["laughs.md", "yaml-too-complex"],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("an absurd date in one file", () => {
  const TOKEN = "absurd-date-admin-token-0123";
  const absurd = (dir: ReturnType<typeof createContentDir>) =>
    dir.article("absurd.md", { title: "Absurd", date: DATE, extra: ["updated: 1e20"] });

  it("does not stop every later rescan", async () => {
    // `updated: 1e20` passes normalisation, then formatRfc3339 throws while the new snapshot's
    // feeds are rendered: the rescan fails (admin 500, /healthz scanError "Invalid time value")
    // and no later change to any file is ever served.
    const dir = createContentDir();
    dir.article("good.md", { title: "Good", date: DATE });
    const server = await startTestServer({ contentDir: dir.root, adminToken: TOKEN });
    try {
      absurd(dir);
      dir.article("later.md", { title: "Later", date: DATE + 60 });
      const answer = await server.request("/admin/rescan", {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(answer.status).toBe(200);
      const feed = (await (await server.get("/feed.json")).json()) as {
        items: { title: string }[];
      };
      expect(feed.items.map((item: { title: string }) => item.title)).toContain("Later");
    } finally {
      await server.stop();
      dir.cleanup();
    }
  });

  it("does not stop the service from starting", async () => {
    const dir = createContentDir();
    dir.article("good.md", { title: "Good", date: DATE });
    absurd(dir);
    try {
      const server = await startTestServer({ contentDir: dir.root });
      await server.stop();
    } finally {
      dir.cleanup();
    }
  });
});
