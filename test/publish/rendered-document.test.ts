import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chooseEncoding } from "../../src/http/send-document.js";
import { createRenderedDocument } from "../../src/publish/rendered-document.js";

describe("createRenderedDocument", () => {
  it("is ready with body and gzip, and has brotli of the same bytes once complete", async () => {
    const text = `<rss>${"<item>caf\u00e9 &amp; feeds</item>".repeat(2000)}</rss>`;
    const doc = await createRenderedDocument({
      contentType: "application/rss+xml",
      text,
    });
    expect(doc.body.toString("utf8")).toBe(text);
    expect(gunzipSync(doc.gzip).toString("utf8")).toBe(text);
    await doc.complete;
    expect(doc.brotli && brotliDecompressSync(doc.brotli).toString("utf8")).toBe(text);
  });
});

describe("chooseEncoding", () => {
  it.each([
    ["br, gzip", true, "br"],
    ["br, gzip", false, "gzip"],
    ["gzip;q=0.5, br", false, "gzip"],
    ["br", false, "identity"],
    ["*", false, "gzip"],
    ["*", true, "br"],
    [undefined, true, "identity"],
  ] as const)("answers %j with brotli ready %s by %s", (header, ready, expected) => {
    expect(chooseEncoding(header, ready)).toBe(expected);
  });
});
