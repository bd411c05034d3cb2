import { describe, expect, it } from "vitest";
import { normalizeAuthors } from "../../../src/core/normalize/normalize-authors.js";

const BASE_URL = "https://blog.example";

describe("normalizeAuthors", () => {
  it.each<{ name: string; fields: { key: string; value: unknown }[]; authors: object[] }>([
    {
      name: "a name",
      fields: [{ key: "author", value: "Ada Lovelace" }],
      authors: [{ name: "Ada Lovelace" }],
    },
    {
      name: "an npm-style line",
      fields: [{ key: "author", value: "Ada Lovelace <ada@example.org> (https://ada.example)" }],
      authors: [{ name: "Ada Lovelace", email: "ada@example.org", url: "https://ada.example/" }],
    },
    {
      name: "a list of names",
      fields: [{ key: "authors", value: ["Ada", "Grace"] }],
      authors: [{ name: "Ada" }, { name: "Grace" }],
    },
    {
      name: "a mapping, relative url resolved",
      fields: [{ key: "author", value: { name: "Ada", email: "ada@example.org", url: "/about" } }],
      authors: [{ name: "Ada", email: "ada@example.org", url: "https://blog.example/about" }],
    },
    {
      name: "a list of mappings",
      fields: [
        { key: "authors", value: [{ name: "Ada" }, { name: "Grace", email: "g@example.org" }] },
      ],
      authors: [{ name: "Ada" }, { name: "Grace", email: "g@example.org" }],
    },
    {
      name: "author and authors merged, duplicates collapse",
      fields: [
        { key: "author", value: "Ada" },
        { key: "authors", value: ["ada", "Grace"] },
      ],
      authors: [{ name: "Ada" }, { name: "Grace" }],
    },
    {
      name: "a bad email and a javascript: url are dropped",
      fields: [
        { key: "author", value: { name: "Ada", email: "not-an-email", url: "javascript:x" } },
      ],
      authors: [{ name: "Ada" }],
    },
    {
      name: "blank names and nulls are skipped",
      fields: [{ key: "authors", value: ["  ", null] }],
      authors: [],
    },
    {
      name: "whitespace folded",
      fields: [{ key: "author", value: " Ada \n Lovelace " }],
      authors: [{ name: "Ada Lovelace" }],
    },
  ])("$name", ({ fields, authors }) => {
    expect(normalizeAuthors(fields, BASE_URL)).toEqual({ ok: true, value: authors });
  });

  it.each<{ name: string; value: unknown }>([
    { name: "a mapping without a name", value: { email: "a@example.org" } },
    { name: "a number", value: 42 },
    { name: "a nested list", value: [["Ada"]] },
  ])("$name → refused", ({ value }) => {
    const result = normalizeAuthors([{ key: "author", value }], BASE_URL);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('"author"');
  });
});
