/**
 * Small, dependency-free HTML → plain text helpers for titles and summaries. They run on short,
 * bounded strings (a title, one paragraph), never on a whole body.
 */

// HTML 4 Latin-1 entities, U+00A0…U+00FF in order.
const LATIN1_NAMES =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn " +
  "sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave " +
  "Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml " +
  "ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN " +
  "szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave " +
  "iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute " +
  "ucirc uuml yacute thorn yuml";

// The other entities that turn up in news and blog text; anything rarer is left as written.
const OTHER_NAMES =
  "amp:38 AMP:38 lt:60 LT:60 gt:62 GT:62 quot:34 QUOT:34 apos:39 OElig:338 oelig:339 " +
  "Scaron:352 scaron:353 Yuml:376 fnof:402 circ:710 tilde:732 ensp:8194 emsp:8195 " +
  "thinsp:8201 zwnj:8204 zwj:8205 lrm:8206 rlm:8207 ndash:8211 mdash:8212 lsquo:8216 " +
  "rsquo:8217 sbquo:8218 ldquo:8220 rdquo:8221 bdquo:8222 dagger:8224 Dagger:8225 bull:8226 " +
  "hellip:8230 permil:8240 prime:8242 Prime:8243 lsaquo:8249 rsaquo:8250 oline:8254 " +
  "frasl:8260 euro:8364 trade:8482 larr:8592 uarr:8593 rarr:8594 darr:8595 harr:8596 minus:8722";

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ...LATIN1_NAMES.split(" ").map((name, index) => entry(name, 0xa0 + index)),
  ...OTHER_NAMES.split(" ").map((pair) => {
    const [name = "", code = ""] = pair.split(":");
    return entry(name, Number(code));
  }),
]);

function entry(name: string, code: number): [string, string] {
  return [name, String.fromCodePoint(code)];
}

// HTML §13.2.5.80: numeric references 0x80–0x9F mean windows-1252, as old CMS exports use them.
const WINDOWS_1252 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/** Decode HTML character references: numeric ones and the common named ones. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES.get(name) ?? whole;
    return codePointText(decimal === undefined ? Number.parseInt(hex ?? "", 16) : Number(decimal));
  });
}

function codePointText(code: number): string {
  if (code >= 0x80 && code <= 0x9f) return String.fromCodePoint(WINDOWS_1252[code - 0x80] ?? code);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
  return String.fromCodePoint(code);
}

// Tags after which text does not run on: closing them must leave a space, not glue words.
const BLOCK_TAGS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "img",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul",
]);

const INVISIBLE = /<!--[\s\S]*?-->|<(script|style|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
// `[^<>]` rather than `[^>]`: a stray `<` then never makes the scan run to the end and back.
const TAG = /<\/?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?\/?>/g;
const PARTIAL_TAG = /<[A-Za-z/!][^<>]*$/;

/** Remove tags (and the content of script/style), keeping word breaks at block boundaries. */
export function stripTags(html: string): string {
  if (!html.includes("<")) return html;
  return html
    .replace(INVISIBLE, " ")
    .replace(TAG, (_tag, name: string) => (BLOCK_TAGS.has(name.toLowerCase()) ? " " : ""));
}

/**
 * The first `max` characters of an HTML string, minus a tag the cut left open. Callers bound
 * their input this way so that no regular expression here ever sees a whole large body.
 */
export function clipHtml(html: string, max: number): string {
  return html.length <= max ? html : html.slice(0, max).replace(PARTIAL_TAG, "");
}

// A whitespace run, or a lone whitespace character other than a plain space: what folding
// changes. Matching single spaces too (`\s+`) would rewrite every word gap, four times slower.
const FOLDABLE_WHITESPACE = /\s{2,}|[^\S ]/g;

/** Collapse every whitespace run to one space and trim; soft hyphens and zero-widths go. */
export function foldWhitespace(text: string): string {
  return text
    .replace(/[\u00AD\u200B\uFEFF]/g, "")
    .replace(FOLDABLE_WHITESPACE, " ")
    .trim();
}

/** One line of plain text from an HTML fragment: tags stripped, entities decoded, folded. */
export function htmlToPlainText(html: string): string {
  // Decode after stripping, so `&lt;div&gt;` stays visible text rather than becoming a tag.
  return foldWhitespace(decodeHtmlEntities(stripTags(html)));
}

const CODE_SPAN = /(`+)([^`]+?)\1/g;
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** One line of plain text from Markdown inline syntax (links keep their text, images go). */
export function markdownToPlainText(markdown: string): string {
  // Code spans are literal: set them aside so neither tag stripping nor emphasis touches them.
  const spans: string[] = [];
  const text = markdown
    .replace(CODE_SPAN, (_span, _ticks, code: string) => `\uE000${spans.push(code) - 1}\uE001`)
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1");
  const plain = decodeHtmlEntities(stripTags(text))
    .replace(/!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])/g, "")
    .replace(/\[([^\]]*)\](?:\((?:[^()]|\([^)]*\))*\)|\[[^\]]*\])/g, "$1")
    .replace(/(\*\*|__|~~)(?=\S)([^*_~]+?)(?<=\S)\1/g, "$2")
    .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\p{L}\p{N}*])/gu, "$1$2")
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, "$1$2")
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(PLACEHOLDER, (_mark, index: string) => spans[Number(index)] ?? "");
  return foldWhitespace(plain);
}
