import { describe, expect, it } from "vitest";
import { parseDuration } from "../../../src/core/parse/parse-duration.js";

describe("parseDuration", () => {
  it.each<{ name: string; value: unknown; seconds: number | undefined }>([
    { name: "whole seconds", value: 1800, seconds: 1800 },
    { name: "fractional seconds round", value: 1799.6, seconds: 1800 },
    { name: "numeric string", value: " 95 ", seconds: 95 },
    { name: "mm:ss", value: "45:30", seconds: 2730 },
    { name: "m:ss", value: "4:05", seconds: 245 },
    { name: "hh:mm:ss", value: "01:02:03", seconds: 3723 },
    { name: "h:mm:ss with fraction", value: "1:02:03.6", seconds: 3724 },
    { name: "long mm:ss", value: "95:00", seconds: 5700 },
    { name: "YAML base-60 integer (unquoted 45:30)", value: 2730, seconds: 2730 },
    { name: "ISO 8601", value: "PT1H2M3S", seconds: 3723 },
    { name: "ISO 8601 minutes only", value: "PT45M", seconds: 2700 },
    { name: "negative", value: -5, seconds: undefined },
    { name: "seconds out of range", value: "1:75", seconds: undefined },
    { name: "words", value: "half an hour", seconds: undefined },
    { name: "empty ISO", value: "PT", seconds: undefined },
    { name: "a list", value: [1, 2], seconds: undefined },
    { name: "NaN", value: Number.NaN, seconds: undefined },
  ])("$name", ({ value, seconds }) => {
    expect(parseDuration(value)).toBe(seconds);
  });
});
