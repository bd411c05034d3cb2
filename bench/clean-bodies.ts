import { createRandom, type Random } from "./generate-corpus.js";

// Article bodies of a chosen size for the cleaning benchmark and the cleaner's scale tests:
// scraped-news HTML (the junk the default selectors match, nested wrappers, figures, links) and
// Markdown with the constructs the renderer handles (links, images, lists, fences, inline HTML).

const WORDS = (
  "harbour ferry council vote night winter commuters timetable bridge study report pier island " +
  "master evening boots hall budget tuesday town service passengers crossing schedule mayor " +
  "harbourside weather captain tide route funding residents meeting plan"
).split(" ");

function sentence(random: Random): string {
  const count = random.int(6, 16);
  const words: string[] = [];
  for (let index = 0; index < count; index += 1) words.push(random.pick(WORDS));
  const text = words.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function prose(random: Random, sentences: number): string {
  const parts: string[] = [];
  for (let index = 0; index < sentences; index += 1) parts.push(sentence(random));
  return parts.join(" ");
}

const HTML_BLOCKS: readonly ((random: Random, n: number) => string)[] = [
  (r, n) => `<p id="p${n}" class="story-text" style="color:red">${prose(r, 3)}</p>\n`,
  (r, n) =>
    `<p>${prose(r, 1)} <a href="/news/${n}" target="_blank" onclick="track()">${r.pick(WORDS)}</a> ` +
    `and <a href="#note-${n}">a note</a>, <em>${r.pick(WORDS)}</em> ${prose(r, 1)}</p>\n`,
  (r, n) =>
    `<figure class="image"><img src="https://media.example.net/img/${n}-s800.jpg" ` +
    `srcset="https://media.example.net/img/${n}-s400.jpg 400w, /img/${n}-s800.jpg 800w" ` +
    `alt="${r.pick(WORDS)}" class="img lazyOnLoad" loading="lazy">` +
    `<a class="enlargelink" href="/img/${n}-s1200.jpg">Enlarge this image</a>` +
    `<figcaption><b class="toggle-caption"><b>toggle caption</b></b>${prose(r, 1)}</figcaption>` +
    `<div class="image_data"><span class="credit">Mira Okafor/Gazette</span></div></figure>\n`,
  (_r, n) =>
    `<div class="Ad incontentTeads ad-slot" data-ad-slot="${n}"><script>window.ads.push(${n})</script></div>\n` +
    `<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>\n<p>&nbsp;</p>   <p>   </p>\n`,
  (r, n) =>
    `<div class="ScrollSpy_container"><section><div><div class="RatioFrame"><p>${prose(r, 2)}</p>` +
    `</div></div></section></div><img alt="pixel" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP"><img alt="" >` +
    `<aside id="ad-backstage-${n}" class="ad-backstage"></aside>\n`,
  (r) =>
    `<ul><li>${prose(r, 1)}</li><li><strong>${r.pick(WORDS)}</strong> ${prose(r, 1)}</li></ul>` +
    `<blockquote cite="/quotes">${prose(r, 1)}</blockquote>\n`,
  (r, n) =>
    `<h2>${prose(r, 1)}</h2><table><tr><td colspan="2" style="x">${r.pick(WORDS)}</td>` +
    `<td>${n}</td></tr></table><pre><code class="language-ts x">let a = ${n} &lt; 3;</code></pre>\n`,
];

const MARKDOWN_BLOCKS: readonly ((random: Random, n: number) => string)[] = [
  (r) => `${prose(r, 3)}\n\n`,
  (r, n) =>
    `${prose(r, 1)} [${r.pick(WORDS)}](/news/${n} "title") and *${r.pick(WORDS)}* with ` +
    `**${r.pick(WORDS)}**, \`code ${n}\`, see https://example.org/${n}. ${prose(r, 1)}\n\n`,
  (r, n) => `![${r.pick(WORDS)}](img/${n}.jpg)\n\n`,
  (r) => `## ${prose(r, 1)}\n\n`,
  (r) => `- ${prose(r, 1)}\n- ${prose(r, 1)}\n  - ${prose(r, 1)}\n\n`,
  (r, n) => `\`\`\`ts\nconst value${n} = ${n} < 3 && "${r.pick(WORDS)}";\n\`\`\`\n\n`,
  (r, n) =>
    `> ${prose(r, 1)}\n\n<div class="ad-slot">${r.pick(WORDS)}</div>\n\n` +
    `<p>Inline <span class="x">html</span> ${n}</p>\n\n`,
];

function generate(
  blocks: readonly ((random: Random, n: number) => string)[],
  bytes: number,
  seed: number,
): string {
  const random = createRandom(seed);
  const parts: string[] = [];
  let length = 0;
  for (let n = 0; length < bytes; n += 1) {
    const block = random.pick(blocks)(random, n);
    parts.push(block);
    length += block.length;
  }
  return parts.join("");
}

/**
 * Scraped-news HTML of about `bytes` characters (all ASCII), the same for the same seed. Its
 * blocks sit side by side at the top, as scrapers often save them and as Markdown renders.
 */
export function generateHtmlBody(bytes: number, seed = 1): string {
  return generate(HTML_BLOCKS, bytes, seed);
}

/** Markdown of about `bytes` characters (all ASCII), the same for the same seed. */
export function generateMarkdownBody(bytes: number, seed = 1): string {
  return generate(MARKDOWN_BLOCKS, bytes, seed);
}
