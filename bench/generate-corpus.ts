import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** Options for {@link generateCorpus}; everything but `count` has a realistic default. */
export interface CorpusOptions {
  count: number;
  seed?: number;
  minBodyBytes?: number;
  maxBodyBytes?: number;
  markdownShare?: number;
  subfolders?: number;
}

/** What {@link generateCorpus} wrote. */
export interface CorpusSummary {
  files: number;
  bytes: number;
}

/** A small seeded PRNG with the few helpers the generators need. */
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** An instant as whole epoch seconds plus a 7-digit fraction, the precision the seed files carry. */
export interface ArticleTime {
  seconds: number;
  fraction: number;
}

/** Everything about one article that a caller may want to fix; the rest is drawn at random. */
export interface ArticleSpec {
  format: "html" | "markdown";
  title: string;
  time: ArticleTime;
  bodyBytes: number;
  draft?: boolean;
  podcast?: boolean;
}

const DEFAULT_SEED = 20_260_101;
const DEFAULT_MIN_BODY = 2048;
const DEFAULT_MAX_BODY = 20_480;
const DEFAULT_MARKDOWN_SHARE = 0.3;
const FILES_PER_SUBFOLDER = 500;
const WRITES_IN_FLIGHT = 64;
const DRAFT_SHARE = 0.01;
const PODCAST_SHARE = 0.005;

// Ten years ending at 2026-01-01T00:00:00Z, counted in 100 ns ticks so that every article's
// offset is an exact integer below 2^53.
const SPAN_START_SECONDS = Date.UTC(2016, 0, 1) / 1000;
const SPAN_END_SECONDS = Date.UTC(2026, 0, 1) / 1000;
const TICKS_PER_SECOND = 10_000_000;
const SPAN_TICKS = (SPAN_END_SECONDS - SPAN_START_SECONDS) * TICKS_PER_SECOND;

const WORDS = `the of and to in a is that for it as was with be by on not he this are or his from at
which but have an they you were her she there been one all we their has would when who will more no
if out so said what up its about into than them can only other new some could time these two may
then do first any my now such like our over man me even most made after also did many before must
through back years where much your way well down should because each just those people how too
little state good very make world still own see men work long get here between both life being under
never day same another know while last might great old year off come since against go came right
used take three states himself few house use during without again place around however home small
found thought went say part once general high upon school every does got united left number course
war until always away something fact though water less public put think almost hand enough far took
head yet government system better set told nothing night end why called didn't eyes find going look
asked later knew point next city business give group toward young days let room president side social
given present several order national second possible rather per face among form important often
things looked early white case become large big need four within felt along children saw best
church ever least power development light thing seemed family interest want members mind country
area others done turned although open service certain kind problem began different door thus
help means sense whole matter perhaps itself times human law line above name example action
company hands local show whether five history gave today either act feet across taken past quite
anything seen having death experience body word half really week free field car words market
council minister budget report data voters election campaign policy court judge ruling energy climate
river harbor bridge station museum festival season league coach players score vaccine hospital
research study scientists engineers software network security privacy cloud battery grid storage
farmers harvest drought storm coast island village district province capital café résumé naïve
façade Zürich São Paulo Kraków Malmö officials spokesman analysts investors prices inflation rates
growth deficit tariffs exports contract strike union workers teachers students parents residents`
  .split(/\s+/)
  .filter((word) => word.length > 0);

const NAMES = [
  "Maria Lopez",
  "John Carter",
  "Aisha Khan",
  "Peter Novak",
  "Chen Wei",
  "José Álvarez",
  "Zoë Müller",
  "Sven Ødegaard",
  "Fatima Haddad",
  "Liam O'Brien",
  "Grace Mensah",
  "Hiroshi Tanaka",
  "Elena Petrova",
  "David Cohen",
  "Priya Raman",
  "Tomás Ruiz",
  "Amara Okafor",
  "Noah Fischer",
  "Sara Lindqvist",
  "Omar Farouk",
];

const TAGS = `politics election economy climate technology health science sports culture business
world education travel food music film books art design security privacy energy transport housing
immigration courts congress senate parliament europe asia africa americas middle-east trade markets
inflation jobs labor unions startups ai machine-learning open-source javascript typescript nodejs
rust golang python databases postgres sqlite linux cloud kubernetes docker devops testing
performance accessibility web-standards css html rss podcasts newsletters journalism media
social-media misinformation elections voting campaigns diplomacy defense military nato united-nations
human-rights refugees weather storms wildfires floods drought oceans wildlife biodiversity farming
agriculture water cities infrastructure railways aviation shipping automotive electric-vehicles
batteries solar wind nuclear oil gas mining space astronomy physics chemistry biology medicine
vaccines public-health mental-health nutrition fitness football basketball baseball tennis cricket
cycling olympics chess gaming esports television streaming theatre photography architecture fashion
history archaeology religion philosophy language law crime police prisons taxes budget banking
crypto insurance retail real-estate tourism restaurants coffee wine beer recipes gardening pets
parenting schools universities research-funding nobel-prize obituaries interviews opinion analysis
explainers data-journalism maps charts investigations local-news regional national-news
international breaking-news long-reads weekend podcast-episodes video live-blog corrections
accessibility-audits hardware smartphones laptops semiconductors robotics drones 3d-printing
quantum-computing cybersecurity ransomware encryption open-data government-data census
statistics polling economics central-banks interest-rates stock-markets commodities supply-chains
logistics`
  .split(/\s+/)
  .filter((tag) => tag.length > 0);

const SMALL_WORDS = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "by",
  "for",
  "in",
  "of",
  "on",
  "or",
  "the",
  "to",
]);

const CODE_SNIPPETS = [
  "```ts\nexport function sum(values: readonly number[]): number {\n  return values.reduce((total, value) => total + value, 0);\n}\n```",
  '```js\nconst response = await fetch("https://api.example.com/items?page=2");\nconst items = await response.json();\nconsole.log(items.length);\n```',
  '```html\n<script>\n  document.querySelector("#menu").addEventListener("click", () => alert("hi"));\n</script>\n<p class="note">Loaded &amp; ready</p>\n```',
  "```sh\nnpm install --save-dev vitest\nnpx vitest run --coverage\n```",
  '```json\n{\n  "name": "example",\n  "version": "1.2.3",\n  "private": true\n}\n```',
  "```python\ndef mean(values):\n    return sum(values) / len(values) if values else 0.0\n```",
  "```sql\nSELECT id, title FROM articles WHERE published_at < now() ORDER BY published_at DESC LIMIT 20;\n```",
  "```\nplain text block with <b>markup</b> that must stay text\n```",
];

const ONE_PIXEL_GIF =
  "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
const AD_SLOTS = [
  '<p class="Ad incontentTeads incontentTeads--story ad-slot"></p>',
  '<p class="Ad incontentTeads2 incontentTeads2--story ad-slot"></p>',
  '<p id="ad-backstage-News_National_Politics" class="ad-backstage"></p>',
];
const LINK_LEADS = [
  "Read more in",
  "See",
  "Officials pointed to",
  "Background:",
  "Earlier coverage:",
];
const HTML_SEPARATORS = ["", "", "   ", "\n    \n", "\n"];

/** mulberry32: tiny, fast and good enough to make prose look random. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

/** Derives an independent seed per article, so files can be rendered in any order. */
function mixSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A piece of prose in both flavours: HTML (entities) and plain text (Unicode). */
interface Passage {
  html: string;
  text: string;
}

/** A ready-made piece of body, already UTF-8 encoded. */
interface Block {
  data: Buffer;
  heading: boolean;
}

let sentencePool: Passage[] | undefined;
let htmlBlocks: Block[] | undefined;
let markdownBlocks: Block[] | undefined;
let wordBytes: number[] | undefined;
let tagCumulativeWeights: number[] | undefined;

function getSentencePool(): Passage[] {
  sentencePool ??= buildPool(0x5eed, 8192, buildSentence);
  return sentencePool;
}

// Bodies are assembled from pre-encoded blocks: per-article work is a few dozen picks and one
// Buffer.concat, which is what keeps 100,000 files within seconds.
function getHtmlBlocks(): Block[] {
  htmlBlocks ??= buildPool(0xb10c, 16_384, (random) => {
    const value = random.pick(HTML_SEPARATORS) + createHtmlBlock(random);
    return { data: Buffer.from(value), heading: false };
  });
  return htmlBlocks;
}

function getMarkdownBlocks(): Block[] {
  markdownBlocks ??= buildPool(0x3d0c, 16_384, (random) => {
    const value = createMarkdownBlock(random);
    return { data: Buffer.from(`${value}\n\n`), heading: value.startsWith("#") };
  });
  return markdownBlocks;
}

// Pools have their own fixed seeds: the corpus seed varies how they are combined, not their text.
function buildPool<T>(seed: number, size: number, create: (random: Random) => T): T[] {
  const random = createRandom(seed);
  return Array.from({ length: size }, () => create(random));
}

function getWordBytes(): number[] {
  wordBytes ??= WORDS.map((word) => Buffer.byteLength(word));
  return wordBytes;
}

function buildSentence(random: Random): Passage {
  const count = 4 + Math.floor(random.next() ** 1.6 * 26);
  const words = Array.from({ length: count }, () => random.pick(WORDS));
  if (count > 9 && random.chance(0.5)) words[Math.floor(count / 2)] += ",";
  const body = capitalise(words.join(" "));
  const kind = random.next();
  let html: string;
  let text: string;
  if (kind < 0.12) {
    const name = random.pick(NAMES);
    html = `"${body}," ${name} said.`;
    text = html;
  } else if (kind < 0.2) {
    const cut = body.indexOf(" ", Math.floor(body.length / 2));
    const head = cut > 0 ? body.slice(0, cut) : body;
    const tail = cut > 0 ? body.slice(cut + 1) : "as expected";
    html = `${head} &#8212; ${tail}.`;
    text = `${head} — ${tail}.`;
  } else if (kind < 0.26) {
    const owner = random.pick(NAMES).split(" ")[0] ?? "Maria";
    html = `${owner}&#8217;s ${body.charAt(0).toLowerCase()}${body.slice(1)}.`;
    text = `${owner}’s ${body.charAt(0).toLowerCase()}${body.slice(1)}.`;
  } else {
    html = `${body}${random.chance(0.04) ? "?" : "."}`;
    text = html;
  }
  return { html, text };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `count` sentences drawn from the shared pool and joined by `joiner`, in both flavours. */
function drawSentences(random: Random, count: number, joiner = " "): Passage {
  const pool = getSentencePool();
  const html = new Array<string>(count);
  const text = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const sentence = random.pick(pool);
    html[i] = sentence.html;
    text[i] = sentence.text;
  }
  return { html: html.join(joiner), text: text.join(joiner) };
}

/** Title of 4–12 words, title case or sentence case, sometimes with a `: Subject` tail. */
function createTitle(random: Random): string {
  const count = random.int(4, 12);
  const words = Array.from({ length: count }, () => random.pick(WORDS));
  const titleCase = random.chance(0.6);
  const cased = words.map((word, i) =>
    i === 0 || (titleCase && !SMALL_WORDS.has(word)) ? capitalise(word) : word,
  );
  if (count >= 6 && random.chance(0.15)) {
    cased[count - 2] += ":";
    cased[count - 1] = capitalise(cased[count - 1] ?? "update");
  }
  const title = cased.join(" ");
  return random.chance(0.05) ? `${title}?` : title;
}

/** 3–12 distinct tags, Zipf-distributed over the vocabulary so a few tags dominate. */
function pickTags(random: Random): string[] {
  const cumulative = getTagWeights();
  const total = cumulative[cumulative.length - 1] ?? 1;
  const wanted = random.int(3, 12);
  const tags = new Set<string>();
  while (tags.size < wanted) {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] ?? 0) < target) low = mid + 1;
      else high = mid;
    }
    tags.add(TAGS[low] ?? "news");
  }
  return [...tags];
}

// Zipf with s = 1: the tag of rank r is drawn in proportion to 1 / r.
function getTagWeights(): number[] {
  let sum = 0;
  tagCumulativeWeights ??= TAGS.map((_, rank) => {
    sum += 1 / (rank + 1);
    return sum;
  });
  return tagCumulativeWeights;
}

/** Epoch seconds as the seed files print them: a float with up to seven decimals. */
function formatEpochSeconds(time: ArticleTime): string {
  const fraction = String(time.fraction).padStart(7, "0").replace(/0+$/, "");
  return `${time.seconds}.${fraction || "0"}`;
}

function formatIsoDate(time: ArticleTime, offsetMinutes: number, separator: string): string {
  const ms = time.seconds * 1000 + Math.floor(time.fraction / 10_000);
  const shifted = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  if (offsetMinutes === 0) return `${shifted.replace("T", separator)}Z`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${shifted.replace("T", separator)}${zone}`;
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

function hex32(random: Random): string {
  return Math.floor(random.next() * 4_294_967_296)
    .toString(16)
    .padStart(8, "0");
}

function imageUrl(random: Random, time: ArticleTime, slug: string): string {
  const day = new Date(time.seconds * 1000).toISOString().slice(0, 10).replaceAll("-", "/");
  return random.chance(0.5)
    ? `https://media.example.org/assets/img/${day}/${hex32(random)}${hex32(random)}_wide.jpg?s=1400`
    : `https://images.example.com/${slug || "story"}_16x9_992.jpg`;
}

function linkPhrase(random: Random): string {
  return Array.from({ length: random.int(1, 4) }, () => random.pick(WORDS)).join(" ");
}

function storyLink(random: Random): string {
  return `https://news.example.com/${random.pick(TAGS)}/story?id=${random.int(10_000_000, 99_999_999)}`;
}

/** Fills a byte budget with blocks, then pads it to exactly `target` bytes. */
class BodyBuilder {
  readonly chunks: Buffer[] = [];
  bytes = 0;

  constructor(
    readonly target: number,
    readonly reserve: number,
  ) {}

  add(chunk: Buffer): boolean {
    if (this.bytes + chunk.length + this.reserve > this.target) return false;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    return true;
  }

  addText(text: string): boolean {
    return this.add(Buffer.from(text));
  }

  room(): number {
    return this.target - this.reserve - this.bytes;
  }

  /** Random words, `before` and `after` included, sized to fill what room is left. */
  addWords(random: Random, before: string, after: string): void {
    const sizes = getWordBytes();
    let room = this.room() - before.length - after.length;
    const words: string[] = [];
    for (let misses = 0; misses < 8; ) {
      const index = Math.floor(random.next() * WORDS.length);
      const bytes = (sizes[index] ?? 0) + (words.length > 0 ? 1 : 0);
      if (bytes > room) {
        misses++;
        continue;
      }
      words.push(WORDS[index] ?? "");
      room -= bytes;
    }
    if (words.length > 0) this.addText(`${before}${capitalise(words.join(" "))}${after}`);
  }

  /** The body's chunks, whitespace-padded so that they total `target` bytes with `closing`. */
  finish(padding: string, closing: string): Buffer[] {
    const pad = this.target - this.bytes - closing.length;
    if (pad > 0)
      this.chunks.push(Buffer.from(padding.repeat(Math.ceil(pad / padding.length)).slice(0, pad)));
    this.chunks.push(Buffer.from(closing));
    return this.chunks;
  }
}

function renderHtmlBody(random: Random, title: string, target: number): Buffer[] {
  const closing = "</div>";
  const body = new BodyBuilder(target, closing.length);
  body.addText("<div>");
  if (random.chance(0.5))
    body.addText(`<p class="storytitle">\n      <h1>${title}</h1>\n   \n   \n</p>`);
  if (random.chance(0.35)) {
    const image = `https://media.example.org/assets/img/${hex32(random)}${hex32(random)}`;
    body.addText(
      `<img src="${image}-s800.jpg" class="img lazyOnLoad" alt="">\n` +
        `        <a class="enlargelink" href="${image}-s1200.jpg">Enlarge this image</a>\n` +
        `        <p class="caption-wrap">\n\n            <b class="toggle-caption"><b>toggle caption</b></b>\n    </p>\n` +
        `    <p class="credit">\n        ${random.pick(NAMES)}/AP\n    </p>\n`,
    );
  }
  const blocks = getHtmlBlocks();
  while (body.add(random.pick(blocks).data)) {}
  if (body.room() > 16) body.addWords(random, "<p>", ".</p>");
  return body.finish("\n   ", closing);
}

function createHtmlBlock(random: Random): string {
  const roll = random.next();
  if (roll < 0.06) return random.pick(AD_SLOTS);
  if (roll < 0.1) return "<p></p>";
  if (roll < 0.15) {
    const alt = random.pick(getSentencePool()).text.replaceAll('"', "&quot;");
    return (
      `<p class="ScrollSpy_container"><p></p></p><p class="RatioFrame aspect-ratio--auto"></p>` +
      `<img class="" alt="PHOTO: ${alt}" src="${ONE_PIXEL_GIF}"><p class="Caption__Wrapper"></p>`
    );
  }
  if (roll < 0.27) {
    const before = drawSentences(random, random.int(0, 2)).html;
    const link = `<a href="${storyLink(random)}" target="_blank">${linkPhrase(random)}</a>`;
    return `<p>${before}${before ? " " : ""}${random.pick(LINK_LEADS)} ${link}.</p>`;
  }
  if (roll < 0.29) {
    const minutes = String(random.int(0, 59)).padStart(2, "0");
    return `<p><strong>Updated at ${random.int(1, 12)}:${minutes} p.m. ET</strong></p>`;
  }
  return `<p>${drawSentences(random, random.int(1, 6)).html}</p>`;
}

function renderMarkdownBody(random: Random, target: number): Buffer[] {
  const body = new BodyBuilder(target, 0);
  const blocks = getMarkdownBlocks();
  let afterHeading = false;
  for (;;) {
    const block = random.pick(blocks);
    if (block.heading && afterHeading) continue;
    if (!body.add(block.data)) break;
    afterHeading = block.heading;
  }
  if (body.room() > 8) body.addWords(random, "", ".\n");
  return body.finish("\n", "");
}

function createMarkdownBlock(random: Random): string {
  const roll = random.next();
  if (roll < 0.08) return `## ${capitalise(linkPhrase(random))}`;
  if (roll < 0.18) {
    const items = Array.from({ length: random.int(2, 6) }, (_, i) => {
      const marker = roll < 0.13 ? "-" : `${i + 1}.`;
      const text = random.pick(getSentencePool()).text;
      return random.chance(0.3)
        ? `${marker} [${text.split(" ").slice(0, 3).join(" ")}](${storyLink(random)}): ${text}`
        : `${marker} ${text}`;
    });
    return items.join("\n");
  }
  if (roll < 0.28) return random.pick(CODE_SNIPPETS);
  if (roll < 0.32) return `> ${drawSentences(random, random.int(1, 3)).text}`;
  if (roll < 0.42) {
    const sentences = drawSentences(random, random.int(1, 4)).text;
    const phrase = linkPhrase(random);
    const lead = random.pick(LINK_LEADS);
    return `${sentences} ${lead} [${phrase}](${storyLink(random)}), **${random.pick(WORDS)}** \`${slugify(phrase)}\`.`;
  }
  if (roll < 0.44)
    return `![${random.pick(NAMES)}](https://images.example.com/${hex32(random)}.jpg)`;
  return drawSentences(random, random.int(2, 7)).text;
}

function renderHtmlArticle(random: Random, spec: ArticleSpec): Buffer {
  const slug = slugify(spec.title);
  const tags = pickTags(random);
  if (random.chance(0.05) && tags[0]) tags.push(capitalise(tags[0]));
  const lines = [
    "--- ",
    "extends: _layouts.post ",
    "section: content ",
    `image: ${imageUrl(random, spec.time, slug)} `,
    "title: > ",
    ...foldTitle(random, spec.title),
  ];
  if (random.chance(0.04)) {
    lines.push("description: ");
  } else {
    // Scraped summaries run their sentences together ("…one.Next…"), as the seed files do.
    const summary = drawSentences(random, random.int(2, 5), random.chance(0.7) ? "" : " ").text;
    lines.push("description: > ", `  ${summary} `);
  }
  lines.push("keywords: > ", `  ${tags.join(", ")} `, `date: ${formatEpochSeconds(spec.time)} `);
  if (spec.draft) lines.push("draft: true ");
  if (spec.podcast) lines.push(...enclosureLines(random, slug, " "));
  lines.push("--- ", "");
  return Buffer.concat([
    Buffer.from(lines.join("\n")),
    ...renderHtmlBody(random, spec.title, spec.bodyBytes),
  ]);
}

function foldTitle(random: Random, title: string): string[] {
  const words = title.split(" ");
  if (words.length < 9 || !random.chance(0.25)) return [`  ${title} `];
  const cut = Math.ceil(words.length / 2);
  return [`  ${words.slice(0, cut).join(" ")} `, `  ${words.slice(cut).join(" ")} `];
}

function enclosureLines(random: Random, slug: string, trailing: string): string[] {
  const duration = random.int(600, 5400);
  return [
    `enclosure:${trailing}`,
    `  url: https://media.example.org/podcasts/${slug || "episode"}.mp3${trailing}`,
    `  length: ${duration * 16_000 + random.int(0, 9999)}${trailing}`,
    `  type: audio/mpeg${trailing}`,
    `  duration: ${duration}${trailing}`,
  ];
}

function renderMarkdownArticle(random: Random, spec: ArticleSpec): Buffer {
  const slug = slugify(spec.title);
  const lines = [
    "---",
    `title: ${JSON.stringify(spec.title)}`,
    `date: ${markdownDate(random, spec.time)}`,
  ];
  const summary = random.next();
  if (summary < 0.5) {
    lines.push(`description: ${JSON.stringify(drawSentences(random, random.int(1, 2)).text)}`);
  } else if (summary < 0.8) {
    lines.push(`excerpt: ${JSON.stringify(drawSentences(random, 1).text)}`);
  }
  const tags = pickTags(random);
  const field = random.chance(0.1) ? "categories" : "tags";
  if (random.chance(0.5)) lines.push(`${field}: [${tags.join(", ")}]`);
  else lines.push(`${field}:`, ...tags.map((tag) => `  - ${tag}`));
  if (random.chance(0.4)) lines.push(`image: ${imageUrl(random, spec.time, slug)}`);
  if (random.chance(0.3)) lines.push(`author: ${random.pick(NAMES)}`);
  if (spec.draft) lines.push("draft: true");
  if (spec.podcast) lines.push(...enclosureLines(random, slug, ""));
  lines.push("---", "");
  return Buffer.concat([
    Buffer.from(lines.join("\n")),
    ...renderMarkdownBody(random, spec.bodyBytes),
  ]);
}

// Blog posts write dates several ways; all of them name the same instant.
function markdownDate(random: Random, time: ArticleTime): string {
  const roll = random.next();
  if (roll < 0.55) return formatIsoDate(time, 0, "T");
  if (roll < 0.75) return formatEpochSeconds(time);
  return formatIsoDate(time, random.pick([-300, -240, 60, 120, 330]), roll < 0.9 ? "T" : " ");
}

/** Renders one article file: front matter in the seed (HTML) or blog (Markdown) style, then the body. */
export function renderArticle(random: Random, spec: ArticleSpec): Buffer {
  return spec.format === "html"
    ? renderHtmlArticle(random, spec)
    : renderMarkdownArticle(random, spec);
}

interface Settings {
  count: number;
  seed: number;
  minBodyBytes: number;
  maxBodyBytes: number;
  markdownShare: number;
  subfolders: number;
}

function resolveSettings(options: CorpusOptions): Settings {
  const settings: Settings = {
    count: options.count,
    seed: options.seed ?? DEFAULT_SEED,
    minBodyBytes: options.minBodyBytes ?? DEFAULT_MIN_BODY,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    markdownShare: options.markdownShare ?? DEFAULT_MARKDOWN_SHARE,
    subfolders: Math.max(
      1,
      Math.min(options.subfolders ?? Math.ceil(options.count / FILES_PER_SUBFOLDER), options.count),
    ),
  };
  const problems: string[] = [];
  if (!Number.isInteger(settings.count) || settings.count < 0)
    problems.push("count must be an integer ≥ 0");
  if (!Number.isInteger(settings.seed)) problems.push("seed must be an integer");
  // Below this the fixed HTML scaffolding alone would not fit.
  if (!(settings.minBodyBytes >= 64)) problems.push("minBodyBytes must be ≥ 64");
  if (!(settings.maxBodyBytes >= settings.minBodyBytes))
    problems.push("maxBodyBytes must be ≥ minBodyBytes");
  if (!(settings.markdownShare >= 0 && settings.markdownShare <= 1))
    problems.push("markdownShare must be within 0..1");
  if (!Number.isInteger(settings.subfolders)) problems.push("subfolders must be an integer");
  if (problems.length > 0) throw new RangeError(`generateCorpus: ${problems.join("; ")}`);
  return settings;
}

function slotStartTicks(index: number, count: number): number {
  return Math.floor((index * SPAN_TICKS) / count);
}

// Each article owns one slot of the span and lands somewhere inside it, so dates are distinct and
// files sorted by index are sorted by date.
function articleTime(index: number, count: number, random: Random): ArticleTime {
  const offset = Math.floor(((index + 0.05 + 0.9 * random.next()) * SPAN_TICKS) / count);
  return {
    seconds: SPAN_START_SECONDS + Math.floor(offset / TICKS_PER_SECOND),
    fraction: offset % TICKS_PER_SECOND,
  };
}

/** Leaf folders named after the date their range of articles starts: `2019/03` or `2019/03-14`. */
function planFolders(count: number, leaves: number): string[] {
  const starts = Array.from({ length: leaves }, (_, leaf) => {
    const first = Math.ceil((leaf * count) / leaves);
    const ticks = slotStartTicks(first, count);
    return new Date((SPAN_START_SECONDS + Math.floor(ticks / TICKS_PER_SECOND)) * 1000)
      .toISOString()
      .slice(0, 10);
  });
  const shapes: ((day: string) => string)[] =
    leaves <= 10
      ? [(day) => day.slice(0, 7), (day) => day]
      : [(day) => day.slice(0, 7).replace("-", "/"), (day) => day.replace("-", "/")];
  for (const shape of shapes) {
    const names = starts.map(shape);
    if (new Set(names).size === names.length) return names;
  }
  const last = shapes[shapes.length - 1] ?? ((day: string) => day);
  return starts.map((day, leaf) => `${last(day)}-${leaf}`);
}

function createCorpusFile(
  settings: Settings,
  folders: readonly string[],
  index: number,
): { path: string; data: Buffer } {
  const random = createRandom(mixSeed(settings.seed, index));
  const time = articleTime(index, settings.count, random);
  const span = settings.maxBodyBytes - settings.minBodyBytes;
  // u² skews towards short bodies: with the 2–20 KB defaults the mean is ≈ 8 KB.
  const bodyBytes = settings.minBodyBytes + Math.floor(random.next() ** 2 * (span + 1));
  const format = random.next() < settings.markdownShare ? "markdown" : "html";
  const title = createTitle(random);
  const spec: ArticleSpec = {
    format,
    title,
    time,
    bodyBytes: Math.min(bodyBytes, settings.maxBodyBytes),
    draft: random.chance(DRAFT_SHARE),
    podcast: random.chance(PODCAST_SHARE),
  };
  const folder = folders[Math.floor((index * folders.length) / settings.count)] ?? "";
  const slug = slugify(title) || "article";
  let name: string;
  if (format === "markdown") name = `${slug}-${index}.md`;
  else if (random.chance(0.25)) name = `${slug}-${index}.html`;
  else name = `${String(index).padStart(6, "0")}_${hex32(random)}${hex32(random)}.txt`;
  return { path: `${folder}/${name}`, data: renderArticle(random, spec) };
}

/** Writes `count` deterministic articles under `dir`; the same options give byte-identical files. */
export async function generateCorpus(dir: string, options: CorpusOptions): Promise<CorpusSummary> {
  const settings = resolveSettings(options);
  if (settings.count === 0) return { files: 0, bytes: 0 };
  const folders = planFolders(settings.count, settings.subfolders);
  for (const folder of folders) await mkdir(join(dir, folder), { recursive: true });
  let next = 0;
  let bytes = 0;
  const work = async (): Promise<void> => {
    while (next < settings.count) {
      const file = createCorpusFile(settings, folders, next++);
      bytes += file.data.length;
      await writeFile(join(dir, file.path), file.data);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITES_IN_FLIGHT, settings.count) }, work));
  return { files: settings.count, bytes };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: "string" },
      count: { type: "string" },
      seed: { type: "string" },
      "min-bytes": { type: "string" },
      "max-bytes": { type: "string" },
      "markdown-share": { type: "string" },
      subfolders: { type: "string" },
    },
  });
  if (!values.out || !values.count) {
    throw new Error(
      "usage: tsx bench/generate-corpus.ts --out DIR --count N [--seed S] [--min-bytes B] [--max-bytes B] [--markdown-share F] [--subfolders N]",
    );
  }
  const toNumber = (value: string | undefined): number | undefined =>
    value === undefined ? undefined : Number(value);
  const started = performance.now();
  const summary = await generateCorpus(values.out, {
    count: Number(values.count),
    seed: toNumber(values.seed),
    minBodyBytes: toNumber(values["min-bytes"]),
    maxBodyBytes: toNumber(values["max-bytes"]),
    markdownShare: toNumber(values["markdown-share"]),
    subfolders: toNumber(values.subfolders),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${summary.files} files, ${(summary.bytes / 1_048_576).toFixed(1)} MiB in ${seconds.toFixed(2)} s → ${values.out}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
