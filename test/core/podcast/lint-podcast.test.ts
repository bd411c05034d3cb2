import { describe, expect, it } from "vitest";
import {
  type Artwork,
  lintPodcast,
  type PodcastLintInput,
} from "../../../src/core/podcast/lint-podcast.js";
import { readImageFacts } from "../../../src/core/podcast/read-image-facts.js";
import { readAppleRules } from "../../../src/podcast/check-podcast.js";
import { BASE_URL, createArticle, createPodcastMeta } from "../../factories/feed-document.js";
import { makePng } from "../../helpers/make-png.js";

const local = (bytes: Uint8Array, path = "media/cover.png"): Artwork => ({
  kind: "local",
  path,
  facts: readImageFacts(bytes),
});

const episode = (slug: string, overrides: Parameters<typeof createArticle>[0] = {}) =>
  createArticle({
    slug,
    id: `${BASE_URL}/articles/${slug}`,
    enclosure: { url: `${BASE_URL}/${slug}.mp3`, type: "audio/mpeg", length: 1000 },
    ...overrides,
  });

function lint(overrides: Partial<PodcastLintInput> = {}) {
  return lintPodcast({
    podcast: createPodcastMeta({ category: "Technology", subcategory: undefined }),
    description: "A show.",
    episodes: [episode("two"), episode("one")],
    artwork: local(makePng(1400, 1400)),
    rules: readAppleRules(),
    ...overrides,
  }).map(({ path, code, reason, note }) => `${path}: ${note ? "note: " : ""}${code}: ${reason}`);
}

describe("lintPodcast", () => {
  it("passes a show that keeps every rule", () => {
    expect(lint()).toEqual([]);
  });

  it.each<{ name: string; input: Partial<PodcastLintInput>; lines: string[] }>([
    {
      name: "a 600 px cover",
      input: { artwork: local(makePng(600, 600)) },
      lines: [
        "media/cover.png: podcast-artwork: The artwork is 600×600 px; Apple takes 1400×1400 to 3000×3000.",
      ],
    },
    {
      name: "a cover that is not square",
      input: { artwork: local(makePng(1600, 1400)) },
      lines: ["media/cover.png: podcast-artwork: The artwork is 1600×1400, not square."],
    },
    {
      name: "a greyscale cover",
      input: { artwork: local(makePng(1400, 1400, 0)) },
      lines: ["media/cover.png: podcast-artwork: The artwork is greyscale; Apple takes RGB."],
    },
    {
      name: "a PNG named .jpg",
      input: { artwork: local(makePng(1400, 1400), "media/cover.jpg") },
      lines: ["media/cover.jpg: podcast-artwork: The file is a PNG named .jpg."],
    },
    {
      name: "a cover that is no image",
      input: { artwork: local(new TextEncoder().encode("GIF? no"), "media/cover.png") },
      lines: [
        "media/cover.png: podcast-artwork: The artwork is not an image; Apple takes JPEG or PNG.",
      ],
    },
    {
      name: "a remote cover, noted and not checked",
      input: { artwork: { kind: "remote", url: "https://cdn.example/c.png" } },
      lines: [
        "podcast.image: note: podcast-artwork: The artwork https://cdn.example/c.png is not served from the content folder, so it was not checked.",
      ],
    },
    {
      name: "a misspelt category",
      input: { podcast: createPodcastMeta({ category: "technology", subcategory: undefined }) },
      lines: [
        'podcast.category: podcast-category: "technology" is not one of Apple Podcasts\' categories (Apple spells it "Technology").',
      ],
    },
    {
      name: "a subcategory of another category",
      input: { podcast: createPodcastMeta({ category: "Arts", subcategory: "Tech News" }) },
      lines: [
        'podcast.subcategory: podcast-category: "Tech News" is not a subcategory of Arts (Apple lists: Books, Design, Fashion & Beauty, Food, Performing Arts, Visual Arts).',
      ],
    },
    {
      name: "a channel description over 4000 bytes",
      input: { description: "é".repeat(2001) },
      lines: [
        "site.description: podcast-description: The description is 4002 bytes; Apple takes at most 4000.",
      ],
    },
    {
      name: "two episodes sharing a guid and an enclosure",
      input: {
        episodes: [
          episode("two", {
            id: `${BASE_URL}/articles/one`,
            enclosure: { url: `${BASE_URL}/one.mp3`, type: "audio/mpeg", length: 9 },
          }),
          episode("one"),
        ],
      },
      lines: [
        `two.md: podcast-guid: The guid ${BASE_URL}/articles/one is one.md's too.`,
        `two.md: podcast-enclosure: The enclosure ${BASE_URL}/one.mp3 is one.md's too.`,
      ],
    },
    {
      name: "an enclosure without length, of a type Apple does not take",
      input: {
        episodes: [episode("one", { enclosure: { url: `${BASE_URL}/a.ogg`, type: "audio/ogg" } })],
      },
      lines: [
        'one.md: podcast-enclosure: The enclosure has no length in bytes; give it a "length".',
        "one.md: podcast-enclosure: The enclosure type audio/ogg is not one Apple takes (audio/x-m4a, audio/mpeg, video/quicktime, video/mp4, video/x-m4v, application/pdf).",
      ],
    },
    {
      name: "a serial show with an unnumbered episode",
      input: {
        podcast: createPodcastMeta({
          category: "Technology",
          subcategory: undefined,
          type: "serial",
        }),
        episodes: [
          episode("two", { episode: { episode: { number: 2 }, transcripts: [], persons: [] } }),
          episode("one"),
        ],
      },
      lines: [
        'one.md: podcast-episode-number: A serial show numbers every episode; give it an "episode".',
      ],
    },
  ])("reports $name", ({ input, lines }) => {
    expect(lint(input)).toEqual(lines);
  });
});

describe("readImageFacts", () => {
  it("reads a PNG's size and colour from its header", () => {
    expect(readImageFacts(makePng(1500, 1500))).toEqual({
      type: "png",
      width: 1500,
      height: 1500,
      colour: "rgb",
    });
  });

  it("reads a baseline JPEG's components from its start-of-frame", () => {
    // SOI, APP0 (JFIF), SOF0 (8-bit, 1400×1400, 4 components: CMYK), EOI.
    const jpeg = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
      0xff, 0xc0, 0x00, 0x14, 0x08, 0x05, 0x78, 0x05, 0x78, 0x04, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11,
      0, 4, 0x11, 0, 0xff, 0xd9,
    ]);
    expect(readImageFacts(jpeg)).toMatchObject({ type: "jpg", width: 1400, colour: "cmyk" });
  });
});
