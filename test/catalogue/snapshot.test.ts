import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSnapshot, type Snapshot, updateSnapshot } from "../../src/catalogue/snapshot.js";
import type { Catalogue, CatalogueEntry } from "../../src/catalogue/update-catalogue.js";
import { indexTags } from "../../src/core/select/index-tags.js";
import type { Article } from "../../src/core/types.js";

function article(
  slug: string,
  published: number,
  tags: string[],
  draft = false,
  path = `${slug}.md`,
): Article {
  return {
    path,
    slug,
    id: `https://example.org/articles/${slug}`,
    link: `https://example.org/articles/${slug}`,
    title: slug,
    summary: "",
    published,
    updated: published,
    tags,
    authors: [],
    draft,
    bodyFormat: "markdown",
    extra: {},
    hash: slug,
  };
}

function catalogueOf(articles: readonly Article[]): Catalogue {
  return new Map(articles.map((a) => [a.path, { path: a.path, article: a, warnings: [] }]));
}

describe("createSnapshot", () => {
  const articles = [
    article("old", 1_000, ["RSS", "http"]),
    article("new", 3_000, ["rss"]),
    article("draft", 2_000, ["drafts-only"], true),
    article("future", 9_000, ["later"]),
  ];
  const snapshot = createSnapshot(catalogueOf(articles), [], 5_000);

  it("indexes the tags of live articles only, in feed order, when first asked", () => {
    expect([...snapshot.tags.keys()]).toEqual(["http", "rss"]);
    expect(snapshot.tags.get("rss")?.articles.map((a) => a.slug)).toEqual(["new", "old"]);
    expect(snapshot.tags).toEqual(indexTags(snapshot.articles));
  });

  it("builds the tag index once per snapshot", () => {
    expect(snapshot.tags).toBe(snapshot.tags);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(snapshot.nextDueAt).toBe(9_000);
  });
});

/** One catalogue entry as a change could leave it: an article or not, an error or not. */
const entryArbitrary = (path: string) =>
  fc
    .record({
      slug: fc.constantFrom("a", "b", "c", "d", "e", "f"),
      published: fc.constantFrom(1_000, 2_000, 3_000, 4_000, 6_000, 7_000, 9_000),
      // Mostly the publication date; sometimes a later update, so the newest can be any article.
      revised: fc.constantFrom(0, 0, 500, 20_000),
      draft: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < 0.15),
      hasArticle: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < 0.85),
      hasError: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < 0.2),
      hasWarning: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < 0.25),
    })
    .map((e): CatalogueEntry => {
      const a = {
        ...article(e.slug, e.published, [e.slug], e.draft, path),
        updated: e.published + e.revised,
      };
      return {
        path,
        ...(e.hasArticle ? { article: { ...a, hash: `${path}:${e.slug}:${e.published}` } } : {}),
        ...(e.hasError || !e.hasArticle
          ? { error: { path, code: "bad-yaml" as const, reason: "broken" } }
          : {}),
        warnings: e.hasWarning ? [{ path, code: "missing-date", reason: "no date" }] : [],
      };
    });

const PATHS = ["p0.md", "p1.md", "p2.md", "p3.md", "p4.md", "p5.md", "p6.md", "p7.md"];

const snapshotFields = (snapshot: Snapshot) => ({
  articles: snapshot.articles,
  nextDueAt: snapshot.nextDueAt,
  errors: snapshot.errors,
  warnings: snapshot.warnings,
  updated: snapshot.updated,
  version: snapshot.version,
  // Order aside: an edited slug map lists its changes last.
  bySlug: [...snapshot.bySlug].sort(([a], [b]) => (a < b ? -1 : 1)),
});

/** `catalogue` with each of `changed` deleted (no replacement) or replaced, moved to its path. */
function applyChanges(
  catalogue: Catalogue,
  changed: readonly string[],
  replacements: readonly (CatalogueEntry | null)[],
): Map<string, CatalogueEntry> {
  const next = new Map(catalogue);
  changed.forEach((path, i) => {
    const replacement = replacements[i];
    if (!replacement) next.delete(path);
    else {
      next.set(path, {
        path,
        ...(replacement.article ? { article: { ...replacement.article, path } } : {}),
        ...(replacement.error ? { error: { ...replacement.error, path } } : {}),
        warnings: replacement.warnings.map((w) => ({ ...w, path })),
      });
    }
  });
  return next;
}

const FOLDER_PROBLEMS = [{ path: "p3.md", code: "read-failed" as const, reason: "link" }];

describe("updateSnapshot", () => {
  it("gives exactly what a full selection gives, or leaves it to one", () => {
    let derived = 0;
    fc.assert(
      fc.property(
        fc.tuple(...PATHS.slice(0, 6).map((path) => fc.option(entryArbitrary(path)))),
        fc.uniqueArray(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 3 }),
        fc.array(fc.option(entryArbitrary("x")), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(5_000, 6_500, 8_000),
        (before, changed, replacements, later) => {
          const prevCatalogue = new Map<string, CatalogueEntry>();
          for (const entry of before) if (entry) prevCatalogue.set(entry.path, entry);
          const prev = createSnapshot(prevCatalogue, FOLDER_PROBLEMS, 5_000);
          const next = applyChanges(prevCatalogue, changed, replacements);
          const full = createSnapshot(next, FOLDER_PROBLEMS, later);
          const updated = updateSnapshot(prev, next, changed, later);
          if (updated) {
            derived += 1;
            expect(snapshotFields(updated)).toEqual(snapshotFields(full));
            expect(updated.articles.every((a, i) => a === full.articles[i])).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
    // The shortcut must be the common case, not a branch the test never reaches.
    expect(derived).toBeGreaterThan(500);
  });

  it("stays exact along a chain of edits, each derived from the snapshot before", () => {
    // What the derived snapshot carries forward (the edited slug map, the newest update date)
    // must hold when the snapshot it starts from was itself derived.
    let derivedFromDerived = 0;
    const step = fc.record({
      changed: fc.uniqueArray(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 3 }),
      replacements: fc.array(fc.option(entryArbitrary("x")), { minLength: 3, maxLength: 3 }),
      advance: fc.constantFrom(0, 0, 500, 1_500),
    });
    fc.assert(
      fc.property(
        fc.tuple(...PATHS.map((path) => fc.option(entryArbitrary(path)))),
        fc.array(step, { minLength: 2, maxLength: 8 }),
        (initial, steps) => {
          let now = 5_000;
          const catalogue = new Map<string, CatalogueEntry>();
          for (const entry of initial) if (entry) catalogue.set(entry.path, entry);
          let prev = createSnapshot(catalogue, FOLDER_PROBLEMS, now);
          let prevDerived = false;
          for (const { changed, replacements, advance } of steps) {
            now += advance;
            const next = applyChanges(prev.catalogue, changed, replacements);
            const full = createSnapshot(next, FOLDER_PROBLEMS, now);
            const updated = updateSnapshot(prev, next, changed, now);
            if (updated) {
              expect(snapshotFields(updated)).toEqual(snapshotFields(full));
              if (prevDerived) derivedFromDerived += 1;
            }
            prev = updated ?? full;
            prevDerived = updated !== null;
          }
        },
      ),
      { numRuns: 1000 },
    );
    expect(derivedFromDerived).toBeGreaterThan(500);
  });

  it("keeps an edited article in its place and a touched error list as it was", () => {
    const one = article("one", 1_000, []);
    const two = article("two", 2_000, []);
    const catalogue = catalogueOf([one, two]);
    const prev = createSnapshot(catalogue, [], 5_000);
    const edited = { ...one, title: "One, edited", hash: "new" };
    const next = new Map(catalogue).set(one.path, {
      path: one.path,
      article: edited,
      warnings: [],
    });
    const updated = updateSnapshot(prev, next, [one.path], 5_000);
    expect(updated?.articles).toEqual([two, edited]);
    expect(updated?.catalogue).toBe(next);
  });

  it("leaves a second file claiming a live slug to the full selection", () => {
    const one = article("one", 1_000, []);
    const prev = createSnapshot(catalogueOf([one]), [], 5_000);
    const twin = article("one", 2_000, [], false, "elsewhere/one.md");
    const next = new Map(prev.catalogue).set(twin.path, {
      path: twin.path,
      article: twin,
      warnings: [],
    });
    expect(updateSnapshot(prev, next, [twin.path], 5_000)).toBeNull();
  });

  it("leaves two new files claiming one new slug to the full selection", () => {
    const prev = createSnapshot(catalogueOf([article("one", 1_000, [])]), [], 5_000);
    const next = new Map(prev.catalogue);
    for (const path of ["a/new.md", "b/new.md"]) {
      next.set(path, { path, article: article("new", 2_000, [], false, path), warnings: [] });
    }
    expect(updateSnapshot(prev, next, ["a/new.md", "b/new.md"], 5_000)).toBeNull();
  });

  it("leaves a change to many files (a checkout, a sync) to the full selection", () => {
    const prev = createSnapshot(catalogueOf([article("one", 1_000, [])]), [], 5_000);
    const withNew = (count: number) => {
      const paths = Array.from({ length: count }, (_, i) => `new/${i}.md`);
      const next = new Map(prev.catalogue);
      for (const [i, path] of paths.entries()) {
        next.set(path, { path, article: article(`n${i}`, 2_000, [], false, path), warnings: [] });
      }
      return updateSnapshot(prev, next, paths, 5_000);
    };
    expect(withNew(64)?.articles).toHaveLength(65);
    expect(withNew(65)).toBeNull();
  });

  it("leaves a scheduled article that has come due to the full selection", () => {
    const due = article("due", 6_000, []);
    const prev = createSnapshot(catalogueOf([due]), [], 5_000);
    expect(updateSnapshot(prev, prev.catalogue, [], 7_000)).toBeNull();
  });
});
