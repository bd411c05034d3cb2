import { describe, expect, it } from "vitest";
import { normalizeEpisode } from "../../../src/core/normalize/normalize-episode.js";

const BASE = "https://feeds.example/shows/";

describe("normalizeEpisode", () => {
  it.each<{ name: string; data: Record<string, unknown>; episode: Record<string, unknown> }>([
    { name: "no fields", data: {}, episode: { transcripts: [], persons: [] } },
    {
      name: "numbers, as numbers or mappings",
      data: { season: 2, episode: { number: "3.5", display: "Ch. 3½" }, episodeType: "bonus" },
      episode: {
        season: { number: 2 },
        episode: { number: 3.5, display: "Ch. 3½" },
        episodeType: "bonus",
        transcripts: [],
        persons: [],
      },
    },
    {
      name: "a relative transcript, typed by its extension, and chapters",
      data: { transcript: "ep.srt", chapters: { url: "ep.chapters.json" }, explicit: "false" },
      episode: {
        explicit: false,
        transcripts: [{ url: `${BASE}ep.srt`, type: "application/x-subrip" }],
        chapters: `${BASE}ep.chapters.json`,
        persons: [],
      },
    },
    {
      name: "people as names or mappings",
      data: { person: "Ada", persons: [{ name: "Grace", role: "guest", href: "/grace" }] },
      episode: {
        transcripts: [],
        persons: [
          { name: "Ada" },
          { name: "Grace", role: "guest", href: "https://feeds.example/grace" },
        ],
      },
    },
  ])("reads $name", ({ data, episode }) => {
    expect(normalizeEpisode(data, BASE)).toEqual({ ok: true, value: episode });
  });

  it.each([
    ["explicit: maybe", { explicit: "maybe" }, /"explicit" should be true or false/],
    ["a season that is not whole", { season: 1.5 }, /"season" should be a whole number/],
    ["an unknown episode type", { episodeType: "teaser" }, /full, trailer or bonus/],
    ["a transcript of unknown type", { transcript: "ep.doc" }, /give it a "type"/],
    ["a person without a name", { person: { role: "host" } }, /needs a name/],
  ])("refuses %s", (_name, data, reason) => {
    const result = normalizeEpisode(data, BASE);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(reason);
  });
});
