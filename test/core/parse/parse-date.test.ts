import { describe, expect, it } from "vitest";
import { parseDate, parseFileNameDate } from "../../../src/core/parse/parse-date.js";

// Expected values are written as `Number("…")`: the double nearest to the decimal digits, which
// is what shifting the decimal point yields (a literal that long trips the precision lint).
describe("parseDate", () => {
  it.each<{ name: string; value: unknown; ms: number }>([
    {
      name: "epoch seconds, float kept",
      value: 1603335031.6184926,
      ms: Number("1603335031618.4926"),
    },
    {
      name: "epoch seconds, digits shifted not multiplied",
      value: 1603328389.1629581,
      ms: Number("1603328389162.9581"),
    },
    {
      name: "epoch seconds as a numeric string",
      value: "1603335031.6184926",
      ms: Number("1603335031618.4926"),
    },
    { name: "whole epoch seconds", value: 1700000000, ms: 1700000000000 },
    { name: "epoch milliseconds (> 1e11)", value: 1700000000123, ms: 1700000000123 },
    { name: "epoch milliseconds as a string", value: " 1700000000123 ", ms: 1700000000123 },
    { name: "ISO date only → UTC midnight", value: "2021-03-06", ms: Date.UTC(2021, 2, 6) },
    {
      name: "ISO without offset → UTC",
      value: "2021-03-06T10:20:30",
      ms: Date.UTC(2021, 2, 6, 10, 20, 30),
    },
    {
      name: "ISO with Z and fraction",
      value: "2021-03-06T10:20:30.25Z",
      ms: Date.UTC(2021, 2, 6, 10, 20, 30, 250),
    },
    {
      name: "ISO with sub-millisecond fraction",
      value: "2021-03-06T10:20:30.1234567Z",
      ms: Date.UTC(2021, 2, 6, 10, 20, 30) + 123.4567,
    },
    {
      name: "ISO with +hh:mm offset",
      value: "2021-03-06T10:20:30+02:00",
      ms: Date.UTC(2021, 2, 6, 8, 20, 30),
    },
    {
      name: "ISO with -hhmm offset",
      value: "2021-03-06T10:20-0530",
      ms: Date.UTC(2021, 2, 6, 15, 50),
    },
    {
      name: "ISO with a space instead of T",
      value: "2021-03-06 10:20:30",
      ms: Date.UTC(2021, 2, 6, 10, 20, 30),
    },
    {
      name: "RFC 2822 with a numeric zone",
      value: "Wed, 21 Oct 2020 14:00:00 +0200",
      ms: Date.UTC(2020, 9, 21, 12),
    },
    { name: "RFC 2822 in GMT", value: "21 Oct 2020 14:00 GMT", ms: Date.UTC(2020, 9, 21, 14) },
    {
      name: "YAML timestamp (a Date)",
      value: new Date("2021-03-06T00:00:00Z"),
      ms: Date.UTC(2021, 2, 6),
    },
    { name: "leap day", value: "2024-02-29", ms: Date.UTC(2024, 1, 29) },
  ])("$name", ({ value, ms }) => {
    expect(parseDate(value)).toBe(ms);
  });

  it.each<{ name: string; value: unknown }>([
    { name: "words", value: "yesterday" },
    { name: "a bare year is ambiguous", value: 2021 },
    { name: "a bare year as a string", value: "2021" },
    { name: "30 February", value: "2021-02-30" },
    { name: "month 13", value: "2021-13-01" },
    { name: "hour 25", value: "2021-03-06T25:00:00Z" },
    { name: "no zone in RFC 2822 (would be local time)", value: "21 Oct 2020 14:00" },
    { name: "an invalid Date", value: new Date(Number.NaN) },
    { name: "infinity", value: Number.POSITIVE_INFINITY },
    { name: "a boolean", value: true },
    { name: "a list", value: ["2021-03-06"] },
    { name: "a mapping", value: { year: 2021 } },
  ])("$name → undefined", ({ value }) => {
    expect(parseDate(value)).toBeUndefined();
  });
});

describe("parseFileNameDate", () => {
  it.each([
    { path: "2024/2024-05-01-hello.md", ms: Date.UTC(2024, 4, 1) },
    { path: "2023-12-31-year-end.markdown", ms: Date.UTC(2023, 11, 31) },
    { path: "posts/hello.md", ms: undefined },
    { path: "2024-05-01/hello.md", ms: undefined },
    { path: "2024-02-30-no-such-day.md", ms: undefined },
    { path: "2024-05-01.md", ms: undefined },
  ])("$path → $ms", ({ path, ms }) => {
    expect(parseFileNameDate(path)).toBe(ms);
  });
});
