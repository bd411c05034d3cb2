import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editMap } from "../../src/lib/overlay-map.js";

type Op =
  | { readonly kind: "set"; readonly key: number; readonly value: string }
  | {
      readonly kind: "delete";
      readonly key: number;
    };

const opArbitrary = (keys: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({
      kind: fc.constant("set" as const),
      key: fc.nat(keys - 1),
      value: fc.string({ maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant("delete" as const), key: fc.nat(keys - 1) }),
  );

/** Everything a reader can see of a map, in an order-free form. */
function view(map: ReadonlyMap<number, string>, keys: number) {
  const byKey = (a: [number, string], b: [number, string]) => a[0] - b[0];
  const forEach: [number, string][] = [];
  map.forEach((value, key) => {
    forEach.push([key, value]);
  });
  return {
    size: map.size,
    entries: [...map].sort(byKey),
    entriesMethod: [...map.entries()].sort(byKey),
    forEach: forEach.sort(byKey),
    keys: [...map.keys()].sort((a, b) => a - b),
    values: [...map.values()].sort(),
    lookups: Array.from({ length: keys }, (_, key) => [map.has(key), map.get(key)]),
  };
}

describe("editMap", () => {
  it.each([
    ["a few keys", 8, 40],
    ["enough changes to be merged into a new map", 600, 400],
  ])("reads exactly as a Map given the same edits, batch after batch (%s)", (_, keys, ops) => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(keys - 1), fc.string({ maxLength: 3 })), { maxLength: keys }),
        fc.array(fc.array(opArbitrary(keys), { maxLength: ops }), { minLength: 1, maxLength: 6 }),
        (initial, batches) => {
          const model = new Map(initial);
          let map: ReadonlyMap<number, string> = new Map(initial);
          for (const batch of batches) {
            const before = map;
            const beforeView = view(before, keys);
            const edit = editMap(map);
            for (const op of batch) {
              if (op.kind === "set") {
                edit.set(op.key, op.value);
                model.set(op.key, op.value);
              } else {
                edit.delete(op.key);
                model.delete(op.key);
              }
            }
            map = edit.done();
            expect(view(map, keys)).toEqual(view(model, keys));
            // The map edited is left as it was.
            expect(view(before, keys)).toEqual(beforeView);
          }
        },
      ),
      { numRuns: keys > 100 ? 40 : 500 },
    );
  });

  it("gives back the map itself when nothing was changed", () => {
    const base = new Map([[1, "a"]]);
    expect(editMap(base).done()).toBe(base);
  });

  it("does not grow a chain: an edit of an edit sits on the same plain map", () => {
    const base = new Map(Array.from({ length: 10_000 }, (_, i) => [i, `v${i}`] as const));
    let map: ReadonlyMap<number, string> = base;
    for (let i = 0; i < 100; i++) {
      const edit = editMap(map);
      edit.set(i, `edited ${i}`);
      map = edit.done();
    }
    expect((map as unknown as { base: unknown }).base).toBe(base);
    expect(map.get(99)).toBe("edited 99");
    expect(map.size).toBe(10_000);
  });
});
