import { mkdtempSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashSource } from "../../src/content/hash-source.js";
import type { PackDisk } from "../../src/content/source-pack.js";
import {
  createMemorySourceStore,
  createPackSourceStore,
  type SourceStore,
} from "../../src/content/source-store.js";

const bytesOf = (seed: number, length: number) =>
  Uint8Array.from({ length }, (_, i) => (seed * 31 + i) % 251);

/** Byte comparison (deep equality of megabyte arrays element by element is very slow). */
const same = (a: Uint8Array | undefined, b: Uint8Array) =>
  a !== undefined && a.constructor === Uint8Array && Buffer.from(a).equals(Buffer.from(b));

describe.each([
  ["memory", () => createMemorySourceStore()],
  ["pack", () => createPackSourceStore()],
])("%s store", (_name, create: () => SourceStore) => {
  it("gives back exactly what was stored, across block boundaries", () => {
    const store = create();
    const sizes = [10, 5000, 700_000, 400_000, 2_000_000, 3, 0];
    for (const [i, size] of sizes.entries()) store.put(`h${i}`, bytesOf(i, size));
    for (const [i, size] of sizes.entries()) {
      expect(same(store.get(`h${i}`), bytesOf(i, size)), `entry ${i}`).toBe(true);
    }
    expect(store.get("missing")).toBeUndefined();
    store.close();
  });

  it("keeps its own copy: the caller may reuse the buffer it handed over", () => {
    const store = create();
    const lent = bytesOf(1, 5000);
    store.put("h1", lent);
    lent.fill(0);
    expect(same(store.get("h1"), bytesOf(1, 5000))).toBe(true);
    store.close();
  });

  it("drops what is no longer live, and keeps the rest readable", () => {
    const store = create();
    for (let i = 0; i < 50; i++) store.put(`h${i}`, bytesOf(i, 3000));
    store.retain(new Set(["h3", "h49"]));
    expect(store.size).toBe(6000);
    expect(store.get("h4")).toBeUndefined();
    expect(same(store.get("h3"), bytesOf(3, 3000))).toBe(true);
    expect(same(store.get("h49"), bytesOf(49, 3000))).toBe(true);
    store.close();
  });
});

describe.each([
  ["memory", () => createMemorySourceStore()],
  ["pack", () => createPackSourceStore()],
])("%s store, sources adopted from files", (_name, create: () => SourceStore) => {
  let root: string;
  let store: SourceStore;
  const text = (n: number) =>
    new TextEncoder().encode(`---\ntitle: Article ${n}\n---\nBody ${n}\n`);
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "feedmill-adopt-"));
    store = create();
    for (let n = 0; n < 3; n++) {
      writeFileSync(join(root, `a${n}.md`), text(n));
      store.adopt(hashSource(text(n)), root, `a${n}.md`);
    }
  });
  afterEach(() => {
    store.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("serves an adopted source from its file, then keeps its own copy", () => {
    expect(same(store.get(hashSource(text(1))), text(1))).toBe(true);
    // The file may now change: the store already holds the version it vouched for.
    writeFileSync(join(root, "a1.md"), "changed");
    expect(same(store.get(hashSource(text(1))), text(1))).toBe(true);
    expect(store.takeStale()).toEqual([]);
  });

  it("refuses a file that no longer holds the adopted bytes, and reports it once", () => {
    writeFileSync(join(root, "a0.md"), text(9));
    rmSync(join(root, "a2.md"));
    expect(store.get(hashSource(text(0)))).toBeUndefined();
    expect(store.absorbAdopted(10)).toBe(0);
    expect(store.get(hashSource(text(2)))).toBeUndefined();
    expect(store.takeStale().sort()).toEqual(["a0.md", "a2.md"]);
    expect(store.takeStale()).toEqual([]);
    expect(same(store.get(hashSource(text(1))), text(1))).toBe(true);
  });

  it("absorbs adopted files in batches, each into the store", () => {
    expect(store.absorbAdopted(2)).toBe(1);
    rmSync(join(root, "a0.md"));
    rmSync(join(root, "a1.md"));
    expect(store.absorbAdopted(2)).toBe(0);
    expect(store.takeStale()).toEqual([]);
    for (let n = 0; n < 3; n++) expect(same(store.get(hashSource(text(n))), text(n))).toBe(true);
  });

  it("forgets adopted sources that are not live, and those stored meanwhile", () => {
    store.retain(new Set([hashSource(text(0))]));
    store.put(hashSource(text(0)), text(0));
    expect(store.absorbAdopted(10)).toBe(0);
    expect(store.get(hashSource(text(1)))).toBeUndefined();
    expect(store.takeStale()).toEqual([]);
    expect(store.size).toBe(text(0).length);
  });

  it("takes the bytes from another file that holds them when one has changed", () => {
    writeFileSync(join(root, "copy.md"), text(1));
    store.adopt(hashSource(text(1)), root, "copy.md");
    writeFileSync(join(root, "a1.md"), "changed");
    expect(same(store.get(hashSource(text(1))), text(1))).toBe(true);
    expect(store.takeStale()).toEqual(["a1.md"]);
  });

  it("does not adopt what it already holds", () => {
    const other = create();
    other.put(hashSource(text(0)), text(0));
    other.adopt(hashSource(text(0)), root, "a0.md");
    rmSync(join(root, "a0.md"));
    expect(same(other.get(hashSource(text(0))), text(0))).toBe(true);
    expect(other.takeStale()).toEqual([]);
    other.close();
  });
});

describe("pack store files", () => {
  it("leave no name in the temp folder, before and after compaction", () => {
    const parentDir = mkdtempSync(join(tmpdir(), "feedmill-anon-"));
    try {
      const store = createPackSourceStore({ parentDir });
      const big = 1024 * 1024;
      for (let i = 0; i < 80; i++) store.put(`h${i}`, bytesOf(i, big));
      const files = () => readdirSync(parentDir, { recursive: true, withFileTypes: true });
      expect(files().filter((entry) => !entry.isDirectory())).toEqual([]);
      store.retain(new Set(["h1", "h79"]));
      expect(files().filter((entry) => !entry.isDirectory())).toEqual([]);
      expect(same(store.get("h79"), bytesOf(79, big))).toBe(true);
      store.close();
    } finally {
      rmSync(parentDir, { recursive: true, force: true });
    }
  });
});

describe("pack store compaction", () => {
  it("rewrites the pack when most of it is dead, without losing a live entry", () => {
    const store = createPackSourceStore();
    const big = 1024 * 1024;
    for (let i = 0; i < 80; i++) store.put(`h${i}`, bytesOf(i, big));
    const keep = new Set(["h1", "h40", "h79"]);
    store.retain(keep);
    expect(store.size).toBe(3 * big);
    for (const hash of keep)
      expect(same(store.get(hash), bytesOf(Number(hash.slice(1)), big))).toBe(true);
    store.put("h80", bytesOf(80, 10));
    expect(same(store.get("h80"), bytesOf(80, 10))).toBe(true);
    store.close();
  });
});

/**
 * Node's `fs` writes, failing as a full disk does while `full` is set. Background writes are
 * held until `release` (the pool's answer comes when the test says), then done or refused.
 */
function diskThatFills() {
  const held: (() => void)[] = [];
  const refuse = () =>
    Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  const disk: PackDisk & {
    full: boolean;
    syncWrites: number;
    readonly held: number;
    release(): void;
  } = {
    full: false,
    syncWrites: 0,
    writeSync(fd, bytes, offset, length, position) {
      disk.syncWrites += 1;
      if (disk.full) throw refuse();
      return writeSync(fd, bytes, offset, length, position);
    },
    write(fd, bytes, offset, length, position, done) {
      held.push(() =>
        disk.full ? done(refuse(), 0) : done(null, writeSync(fd, bytes, offset, length, position)),
      );
    },
    get held() {
      return held.length;
    },
    release() {
      for (const answer of held.splice(0)) answer();
    },
  };
  return disk;
}

describe("pack store writing in the background", () => {
  const block = 1024 * 1024;
  /** Whole blocks' worth of 64 KiB entries: every 16th put fills a block. */
  const fill = (store: SourceStore, from: number, blocks: number) => {
    for (let i = from; i < from + blocks * 16; i++) store.put(`h${i}`, bytesOf(i, block / 16));
  };
  const allThere = (store: SourceStore, count: number) =>
    Array.from({ length: count }, (_, i) => same(store.get(`h${i}`), bytesOf(i, block / 16)));
  /** A pack on a held disk with `blocks` blocks filled and handed over (a 10-byte entry after). */
  const filledPack = (blocks: number) => {
    const disk = diskThatFills();
    const store = createPackSourceStore({ disk });
    fill(store, 0, blocks);
    store.put("next", bytesOf(99, 10));
    return { disk, store };
  };

  it("serves a filled block from memory until the disk has it, then from the pack", () => {
    const { disk, store } = filledPack(3);
    expect(disk.held).toBe(3);
    expect(disk.syncWrites).toBe(0);
    expect(allThere(store, 48)).not.toContain(false);
    disk.release();
    expect(allThere(store, 48)).not.toContain(false);
    expect(same(store.get("next"), bytesOf(99, 10))).toBe(true);
    store.close();
  });

  it("writes at once when too many blocks wait for the disk", () => {
    const { disk, store } = filledPack(6);
    expect(disk.syncWrites).toBeGreaterThan(0);
    disk.release();
    expect(allThere(store, 96)).not.toContain(false);
    store.close();
  });

  it("keeps a refused block readable, names the full disk on the next block, then writes it", () => {
    const { disk, store } = filledPack(1);
    disk.full = true;
    disk.release();
    expect(allThere(store, 16)).not.toContain(false);
    const size = store.size;
    // The block being filled takes entries until it is full; the one that would start the
    // next block is refused, and the store stays as it was.
    for (let i = 16; i < 31; i++) store.put(`h${i}`, bytesOf(i, block / 16));
    expect(() => store.put("over", bytesOf(98, block / 16))).toThrow(/ENOSPC/);
    expect(store.get("over")).toBeUndefined();
    expect(store.size).toBe(size + (15 * block) / 16);
    disk.full = false;
    store.put("over", bytesOf(98, block / 16));
    disk.release();
    expect(allThere(store, 31)).not.toContain(false);
    expect(same(store.get("over"), bytesOf(98, block / 16))).toBe(true);
    store.close();
  });

  it("closes with writes still on their way", () => {
    const { disk, store } = filledPack(2);
    store.close();
    expect(() => disk.release()).not.toThrow();
  });
});

describe("pack store on a full disk", () => {
  it("refuses what it cannot write, stays whole, and takes it once there is room", () => {
    const disk = diskThatFills();
    const store = createPackSourceStore({ disk });
    const big = 1024 * 1024 + 1;
    store.put("small", bytesOf(1, 100));
    disk.full = true;
    expect(() => store.put("big", bytesOf(2, big))).toThrow(/ENOSPC/);
    expect(store.get("big")).toBeUndefined();
    expect(store.size).toBe(100);
    expect(same(store.get("small"), bytesOf(1, 100))).toBe(true);
    disk.full = false;
    store.put("big", bytesOf(2, big));
    expect(same(store.get("big"), bytesOf(2, big))).toBe(true);
    expect(same(store.get("small"), bytesOf(1, 100))).toBe(true);
    expect(store.size).toBe(100 + big);
    store.close();
  });

  it("keeps the old pack whole when compacting it fails", () => {
    const disk = diskThatFills();
    const store = createPackSourceStore({ disk });
    const big = 1024 * 1024;
    for (let i = 0; i < 80; i++) store.put(`h${i}`, bytesOf(i, big));
    disk.full = true;
    store.retain(new Set(["h1", "h79"]));
    for (const i of [1, 79]) expect(same(store.get(`h${i}`), bytesOf(i, big))).toBe(true);
    disk.full = false;
    store.put("h80", bytesOf(80, big));
    store.retain(new Set(["h1", "h80"]));
    for (const i of [1, 80]) expect(same(store.get(`h${i}`), bytesOf(i, big))).toBe(true);
    store.close();
  });
});
