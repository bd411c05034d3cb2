import { describe, expect, it } from "vitest";
import { guessMediaType } from "../../../src/core/feeds/guess-media-type.js";
import { normalizeEnclosure } from "../../../src/core/normalize/normalize-enclosure.js";

const MEDIA_BASE = "https://pod.example/episodes/";

describe("guessMediaType", () => {
  it.each([
    { url: "a.mp3", type: "audio/mpeg" },
    { url: "https://x/A.MP3?dl=1#t=3", type: "audio/mpeg" },
    { url: "a.m4a", type: "audio/mp4" },
    { url: "a.ogg", type: "audio/ogg" },
    { url: "a.opus", type: "audio/ogg" },
    { url: "a.wav", type: "audio/wav" },
    { url: "a.aac", type: "audio/aac" },
    { url: "a.flac", type: "audio/flac" },
    { url: "a.mp4", type: "video/mp4" },
    { url: "a.m4v", type: "video/x-m4v" },
    { url: "a.mov", type: "video/quicktime" },
    { url: "a.webm", type: "video/webm" },
    { url: "a.pdf", type: "application/pdf" },
    { url: "a.xyz", type: undefined },
    { url: "https://x.org/stream", type: undefined },
    { url: "https://x.org/v1.2/stream", type: undefined },
  ])("$url → $type", ({ url, type }) => {
    expect(guessMediaType(url)).toBe(type);
  });
});

describe("normalizeEnclosure", () => {
  it.each<{ name: string; value: unknown; enclosure: object }>([
    {
      name: "a bare URL, type guessed",
      value: "https://cdn.example/ep1.mp3",
      enclosure: { url: "https://cdn.example/ep1.mp3", type: "audio/mpeg" },
    },
    {
      name: "a relative URL resolves against the article's folder",
      value: "ep1.m4a",
      enclosure: { url: "https://pod.example/episodes/ep1.m4a", type: "audio/mp4" },
    },
    {
      name: "a root-relative URL resolves against the host",
      value: "/media/ep1.ogg",
      enclosure: { url: "https://pod.example/media/ep1.ogg", type: "audio/ogg" },
    },
    {
      name: "a full mapping",
      value: { url: "ep1.mp3", length: 12345678, type: "audio/x-custom", duration: "1:02:03" },
      enclosure: {
        url: "https://pod.example/episodes/ep1.mp3",
        type: "audio/x-custom",
        length: 12345678,
        duration: 3723,
      },
    },
    {
      name: "length and duration as strings",
      value: { url: "ep1.mp3", length: "2048", duration: "45:30" },
      enclosure: {
        url: "https://pod.example/episodes/ep1.mp3",
        type: "audio/mpeg",
        length: 2048,
        duration: 2730,
      },
    },
    {
      name: "duration as YAML's base-60 number",
      value: { url: "ep1.mp3", duration: 2730 },
      enclosure: {
        url: "https://pod.example/episodes/ep1.mp3",
        type: "audio/mpeg",
        duration: 2730,
      },
    },
    {
      name: "an unknown extension with a type given",
      value: { url: "https://x.org/stream?id=3", type: "audio/mpeg" },
      enclosure: { url: "https://x.org/stream?id=3", type: "audio/mpeg" },
    },
  ])("$name", ({ value, enclosure }) => {
    const result = normalizeEnclosure("enclosure", value, MEDIA_BASE);
    expect(result).toEqual({ ok: true, value: enclosure });
    expect(result.ok && Object.isFrozen(result.value)).toBe(true);
  });

  it.each<{ name: string; value: unknown; reason: RegExp }>([
    { name: "no url", value: { length: 10 }, reason: /no usable http\(s\) url/ },
    { name: "a javascript: url", value: "javascript:alert(1)", reason: /no usable/ },
    { name: "a data: url", value: "data:audio/mpeg;base64,AAAA", reason: /no usable/ },
    { name: "a list", value: ["a.mp3"], reason: /not a list/ },
    { name: "a number", value: 3, reason: /not 3/ },
    { name: "an unknown media type", value: "https://x.org/stream", reason: /media type/ },
    { name: "a negative length", value: { url: "a.mp3", length: -1 }, reason: /length/ },
    { name: "a length in words", value: { url: "a.mp3", length: "big" }, reason: /length/ },
    { name: "a bad duration", value: { url: "a.mp3", duration: "long" }, reason: /duration/ },
  ])("$name → refused", ({ value, reason }) => {
    const result = normalizeEnclosure("enclosure", value, MEDIA_BASE);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
