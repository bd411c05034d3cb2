import * as crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCatalogueUpdate } from "../../src/catalogue/update-catalogue.js";
import { hashSource } from "../../src/content/hash-source.js";
import { createMemorySourceStore, type SourceStore } from "../../src/content/source-store.js";
import { SHA256_WAYS } from "../../src/lib/sha256.js";

describe("hashSource", () => {
  it("is the SHA-256 of the bytes, base64url, first 22 characters (a known answer)", () => {
    // FIPS 180-2's "abc" vector: ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad.
    expect(hashSource(new TextEncoder().encode("abc"))).toBe("ungWv48Bz-pBQUDeXa4iI7");
  });

  it("depends on every byte and only on the bytes", () => {
    const bytes = new TextEncoder().encode("--- \ntitle: A\n--- \nBody\n");
    const copy = new Uint8Array(bytes);
    expect(hashSource(copy)).toBe(hashSource(bytes));
    copy[copy.length - 2] = 0x78;
    expect(hashSource(copy)).not.toBe(hashSource(bytes));
  });

  const knownAnswer = (digest: (bytes: Uint8Array) => string) => {
    const sha = "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0";
    expect(digest(new TextEncoder().encode("abc"))).toBe(sha);
    expect(digest(new TextEncoder().encode("xxabcxx").subarray(2, 5))).toBe(sha);
  };

  it("gives the known digest through a Hash object (Node below 20.12)", () => {
    knownAnswer(SHA256_WAYS.withHashObject);
  });

  // `crypto.hash` is there from Node 20.12 (the service uses it when it is).
  it.skipIf(typeof crypto.hash !== "function")("gives the known digest in one shot", () => {
    knownAnswer(SHA256_WAYS.oneShot);
  });

  it("hashes a view, not the buffer behind it", () => {
    const whole = new TextEncoder().encode("xxabcxx");
    expect(hashSource(whole.subarray(2, 5))).toBe("ungWv48Bz-pBQUDeXa4iI7");
  });
});

describe("a store that cannot keep a version", () => {
  const text = (title: string) =>
    new TextEncoder().encode(`---\ntitle: ${title}\ndate: 2026-06-01\n---\nBody\n`);
  const read = (path: string, bytes: Uint8Array) => ({
    file: { path, size: bytes.length, mtimeMs: 0 },
    bytes,
  });

  it("records an error for the file, keeps its last good version, and lists it as unstored", () => {
    const good = createMemorySourceStore();
    const first = createCatalogueUpdate(new Map(), {
      baseUrl: "http://x",
      idPrefix: null,
      store: good,
    });
    first.apply(read("a.md", text("A")));
    const { catalogue } = first.finish([]);
    const full: SourceStore = {
      ...good,
      put() {
        throw new Error("ENOSPC: no space left on device, write");
      },
    };
    const update = createCatalogueUpdate(catalogue, {
      baseUrl: "http://x",
      idPrefix: null,
      store: full,
    });
    update.apply(read("a.md", text("A, edited")));
    update.apply(read("b.md", text("B")));
    const next = update.finish([]);
    expect(next.unstored).toEqual(["a.md", "b.md"]);
    expect(next.catalogue.get("a.md")?.article?.title).toBe("A");
    expect(next.catalogue.get("a.md")?.error).toMatchObject({ code: "cannot-store" });
    expect(next.catalogue.get("b.md")?.article).toBeUndefined();
    expect(next.catalogue.get("b.md")?.error?.reason).toMatch(/ENOSPC/);
  });
});

describe("summaries made when first read", () => {
  const sources = {
    "given.md":
      "---\ntitle: Given\ndate: 2026-06-01\nsummary: From the <em>front matter</em>.\n---\nBody A\n",
    "body.md":
      "---\ntitle: From the body\ndate: 2026-06-02\n---\nThe **first** paragraph.\n\nMore.\n",
    "body.html":
      "---\ntitle: Html\ndate: 2026-06-03\n---\n<div class=ad>Ad</div><p>First <b>HTML</b> words.</p>\n",
  };

  it("come from the stored copy, not from the scan's buffer, and equal the text they name", () => {
    const store = createMemorySourceStore();
    const update = createCatalogueUpdate(new Map(), { baseUrl: "http://x", idPrefix: null, store });
    // One buffer for every read, as the scan lends it: each read overwrites the one before.
    const buffer = new Uint8Array(4096);
    for (const [path, text] of Object.entries(sources)) {
      buffer.fill(0x78);
      const { written } = new TextEncoder().encodeInto(text, buffer);
      update.apply({
        file: { path, size: written, mtimeMs: 0 },
        bytes: buffer.subarray(0, written),
      });
    }
    buffer.fill(0x78);
    const { catalogue } = update.finish([]);
    const summaries = Object.keys(sources).map((path) => catalogue.get(path)?.article?.summary);
    expect(summaries).toEqual([
      "From the front matter.",
      "The first paragraph.",
      "First HTML words.",
    ]);
    // Made once: a second read is the same string.
    expect(catalogue.get("body.md")?.article?.summary).toBe(summaries[1]);
  });

  it("are empty, not wrong, when the stored copy is gone", () => {
    const store = createMemorySourceStore();
    const update = createCatalogueUpdate(new Map(), { baseUrl: "http://x", idPrefix: null, store });
    const bytes = new TextEncoder().encode(sources["body.md"]);
    update.apply({ file: { path: "body.md", size: bytes.length, mtimeMs: 0 }, bytes });
    const { catalogue } = update.finish([]);
    store.close();
    expect(catalogue.get("body.md")?.article?.summary).toBe("");
  });
});
