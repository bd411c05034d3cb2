import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { createFirstServed } from "../../src/publish/first-served.js";
import { keepFirstServed, readFirstServedFile } from "../../src/publish/first-served-file.js";

const T = Date.UTC(2026, 4, 1, 12, 0, 0);

function clockAt(ms: number) {
  let at = ms;
  return { now: () => at, set: (next: number) => (at = next) };
}

describe("createFirstServed", () => {
  it("rounds a version's first sight up to the second and keeps it for the same bytes", () => {
    const clock = clockAt(T + 300);
    const registry = createFirstServed({ now: clock.now });
    const v1 = {};
    expect(registry.stamp("/rss.xml", '"a"', v1)).toBe(T + 1000);
    clock.set(T + 9000);
    expect(registry.stamp("/rss.xml", '"a"', {})).toBe(T + 1000);
  });

  it("gives new bytes a strictly later time, even within the same second", () => {
    const clock = clockAt(T);
    const registry = createFirstServed({ now: clock.now });
    expect(registry.stamp("/rss.xml", '"a"', {})).toBe(T);
    expect(registry.stamp("/rss.xml", '"b"', {})).toBe(T + 1000);
    expect(registry.stamp("/rss.xml", '"a"', {})).toBe(T + 2000);
    // Other slots are independent.
    expect(registry.stamp("/atom.xml", '"x"', {})).toBe(T);
  });

  it("stamps every document of one version with the time that version was first seen", () => {
    const clock = clockAt(T);
    const registry = createFirstServed({ now: clock.now });
    const version = {};
    registry.stamp("/rss.xml", '"a"', version);
    clock.set(T + 60_000);
    expect(registry.stamp("/archive/1/rss.xml", '"z"', version)).toBe(T);
  });

  it("gives no time to bytes of an older version rendered after a newer one", () => {
    const clock = clockAt(T);
    const registry = createFirstServed({ now: clock.now });
    const older = {};
    registry.stamp("/index", '"other"', older);
    clock.set(T + 5000);
    const newer = {};
    expect(registry.stamp("/tags/x/rss.xml", '"new"', newer)).toBe(T + 5000);
    expect(registry.stamp("/tags/x/rss.xml", '"old"', older)).toBeNull();
    expect(registry.stamp("/tags/x/rss.xml", '"new"', newer)).toBe(T + 5000);
  });

  it("starts a forgotten slot above every forgotten time", () => {
    const clock = clockAt(T);
    const registry = createFirstServed({ now: clock.now, maxSlots: 2 });
    const version = {};
    registry.stamp("/a", '"1"', version);
    registry.stamp("/b", '"1"', version);
    registry.stamp("/c", '"1"', version);
    expect(registry.size).toBe(2);
    expect(registry.floor).toBe(T);
    expect(registry.stamp("/a", '"2"', version)).toBe(T + 1000);
  });

  it("keeps restored times, never later than the clock", () => {
    const registry = createFirstServed({
      now: () => T + 500,
      restored: {
        records: [
          { slot: "/rss.xml", etag: '"a"', at: T - 60_000 },
          { slot: "/atom.xml", etag: '"b"', at: T + 3_600_000 },
        ],
        floor: 0,
      },
    });
    expect(registry.stamp("/rss.xml", '"a"', {})).toBe(T - 60_000);
    expect(registry.stamp("/atom.xml", '"b"', {})).toBe(T);
    expect(registry.stamp("/rss.xml", '"c"', {})).toBe(T + 1000);
  });
});

describe("keepFirstServed", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const stateDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "feedmill-first-served-"));
    dirs.push(dir);
    return dir;
  };
  const logger = createLogger("silent");

  it("reads back what it wrote, the last record of a slot winning, a torn line skipped", () => {
    const dir = stateDir();
    const first = keepFirstServed(dir, logger, () => T);
    first.stamp("/rss.xml", '"a"', {});
    first.stamp("/rss.xml", '"b"', {});
    first.close();
    appendFileSync(join(dir, "last-modified.jsonl"), '["/atom.xml","\\"c\\"",17');
    const read = readFirstServedFile(join(dir, "last-modified.jsonl"));
    expect(read?.records).toEqual([{ slot: "/rss.xml", etag: '"b"', at: T + 1000 }]);
    const second = keepFirstServed(dir, logger, () => T + 60_000);
    expect(second.stamp("/rss.xml", '"b"', {})).toBe(T + 1000);
    second.close();
  });

  it("ignores a file of another format", () => {
    const dir = stateDir();
    writeFileSync(
      join(dir, "last-modified.jsonl"),
      '{"format":"something-else","version":1}\n["/rss.xml","\\"a\\"",1]\n',
    );
    const registry = keepFirstServed(dir, logger, () => T);
    expect(registry.stamp("/rss.xml", '"a"', {})).toBe(T);
    registry.close();
  });

  it("writes its records into the file another process put in its place", () => {
    const dir = stateDir();
    const one = keepFirstServed(dir, logger, () => T);
    one.stamp("/rss.xml", '"a"', {});
    // Another process on the same folder starts and rewrites the file.
    const two = keepFirstServed(dir, logger, () => T);
    two.stamp("/atom.xml", '"x"', {});
    one.stamp("/feed.json", '"j"', {});
    const text = readFileSync(join(dir, "last-modified.jsonl"), "utf8");
    for (const slot of ["/rss.xml", "/atom.xml", "/feed.json"])
      expect(text).toContain(`["${slot}"`);
    one.close();
    two.close();
  });
});
