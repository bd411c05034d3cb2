/** The allow-list: which elements and attributes a cleaned body keeps, and what goes. */

/** Attributes any allowed element may keep. */
const GLOBAL_ATTRIBUTES = "title lang dir";

/** Allowed elements that keep only the global attributes. */
const PLAIN_TAGS =
  "abbr b bdi bdo br caption cite dd dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i " +
  "kbd mark p picture pre rp rt ruby s samp small strong sub summary sup table tbody tfoot thead " +
  "tr u ul var wbr";

/** Allowed elements with attributes of their own. URL attributes are checked in `cleanAttribute`. */
const TAGS_WITH_ATTRIBUTES: Readonly<Record<string, string>> = {
  a: "href",
  audio: "src controls loop muted preload",
  blockquote: "cite",
  code: "class",
  col: "span",
  colgroup: "span",
  del: "cite datetime",
  details: "open",
  img: "src srcset sizes alt width height",
  ins: "cite datetime",
  li: "value",
  ol: "start reversed type",
  q: "cite",
  source: "src srcset sizes type media",
  td: "colspan rowspan headers",
  th: "colspan rowspan headers scope abbr",
  time: "datetime",
  track: "src kind srclang label default",
  video: "src poster controls width height loop muted playsinline preload",
};

/** Removed with all their content: active content, forms, document-level and foreign markup. */
export const DROPPED_TAGS = words(
  "applet base button canvas datalist embed fencedframe form frame frameset iframe input link " +
    "math meta noembed noframes noscript object optgroup option output param portal script " +
    "select style svg template textarea title",
);

/** Block wrappers become `div`: unwrapping them would glue the text of neighbouring blocks. */
export const BLOCK_WRAPPERS = words(
  "address article aside center footer header hgroup main nav search section",
);

/** Dropped when nothing but whitespace and `<br>` is left in them (scrapes leave many). */
export const REMOVABLE_WHEN_EMPTY = words(
  "a b blockquote dd div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 i li mark ol p s small " +
    "strong sub sup u ul",
);

/** Elements that are nothing without a source. */
export const NEEDS_SOURCE = words("img source track");

/** Where text extraction puts a space, so `<p>a</p><p>b</p>` reads "a b", not "ab". */
export const BLOCK_TAGS = words(
  "address article aside blockquote br caption center dd details div dl dt figcaption figure " +
    "footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul",
);

export const BLANK = /^[\s\u200B-\u200D]*$/;

/** Deeper elements are unwrapped: keeps the walk and the serialiser off the end of the stack. */
export const MAX_DEPTH = 128;

export const ALLOWED: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ...[...words(PLAIN_TAGS)].map((tag) => [tag, words(GLOBAL_ATTRIBUTES)] as const),
  ...Object.entries(TAGS_WITH_ATTRIBUTES).map(
    ([tag, attributes]) => [tag, words(`${GLOBAL_ATTRIBUTES} ${attributes}`)] as const,
  ),
]);

export function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/));
}
