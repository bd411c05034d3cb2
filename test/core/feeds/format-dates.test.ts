import { describe, expect, it } from "vitest";
import { formatRfc822, formatRfc3339 } from "../../../src/core/feeds/format-dates.js";

describe("formatRfc822", () => {
  it.each([
    { name: "the epoch", ms: 0, expected: "Thu, 01 Jan 1970 00:00:00 +0000" },
    {
      name: "a fractional millisecond, cut to the second",
      ms: Date.UTC(2023, 10, 14, 22, 13, 20, 999) + 0.75,
      expected: "Tue, 14 Nov 2023 22:13:20 +0000",
    },
    {
      name: "a single-digit day",
      ms: Date.UTC(2026, 1, 3, 4, 5, 6),
      expected: "Tue, 03 Feb 2026 04:05:06 +0000",
    },
    {
      name: "a leap day",
      ms: Date.UTC(2024, 1, 29, 23, 59, 59),
      expected: "Thu, 29 Feb 2024 23:59:59 +0000",
    },
  ])("prints $name", ({ ms, expected }) => {
    expect(formatRfc822(ms)).toBe(expected);
  });

  it("agrees with the platform's RFC 1123 date", () => {
    const ms = Date.UTC(2031, 6, 9, 8, 7, 6);
    expect(formatRfc822(ms)).toBe(new Date(ms).toUTCString().replace("GMT", "+0000"));
  });
});

describe("formatRfc3339", () => {
  it.each([
    { name: "the epoch", ms: 0, expected: "1970-01-01T00:00:00Z" },
    {
      name: "a fractional millisecond, cut to the second",
      ms: Date.UTC(2023, 10, 14, 22, 13, 20, 999) + 0.75,
      expected: "2023-11-14T22:13:20Z",
    },
    { name: "an instant before the epoch", ms: -1500, expected: "1969-12-31T23:59:58Z" },
  ])("prints $name", ({ ms, expected }) => {
    expect(formatRfc3339(ms)).toBe(expected);
  });
});
