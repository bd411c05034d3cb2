const GONE: unique symbol = Symbol("gone");

/**
 * A plain `Map` and the entries set or deleted since. Iteration order is not a `Map`'s (changed
 * keys where they were, new ones last): nothing that reads the catalogue or the index needs it.
 */
class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  constructor(
    readonly base: ReadonlyMap<K, V>,
    readonly changes: ReadonlyMap<K, V | typeof GONE>,
    readonly size: number,
  ) {}

  get(key: K): V | undefined {
    const changed = this.changes.get(key);
    if (changed === GONE) return undefined;
    return changed !== undefined || this.changes.has(key) ? (changed as V) : this.base.get(key);
  }

  has(key: K): boolean {
    const changed = this.changes.get(key);
    if (changed !== undefined || this.changes.has(key)) return changed !== GONE;
    return this.base.has(key);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) {
      if (!this.changes.has(key)) yield [key, value];
      else {
        const changed = this.changes.get(key) as V | typeof GONE;
        if (changed !== GONE) yield [key, changed];
      }
    }
    for (const [key, changed] of this.changes) {
      if (changed !== GONE && !this.base.has(key)) yield [key, changed];
    }
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}

/** Changes gathered on top of `base` past this share of its size are merged into a new `Map`. */
const FLATTEN_SHARE = 1 / 16;
const FLATTEN_MIN = 256;

/**
 * Gather sets and deletes on top of `base`, leaving `base` as it is; `done()` gives the result,
 * `base` itself when nothing changed. An edit of a few paths then costs time and memory in the
 * number of changes, not in the folder: copying the catalogue and the file index on every edit
 * took long on a large folder, and left both copies for the garbage collector.
 */
export function editMap<K, V>(base: ReadonlyMap<K, V>) {
  const root = base instanceof OverlayMap ? (base.base as ReadonlyMap<K, V>) : base;
  const inherited: ReadonlyMap<K, V | typeof GONE> =
    base instanceof OverlayMap ? base.changes : new Map();
  const edits = new Map<K, V | typeof GONE>();
  return {
    set(key: K, value: V): void {
      edits.set(key, value);
    },
    delete(key: K): void {
      if (base.has(key)) edits.set(key, GONE);
      else edits.delete(key);
    },
    done(): ReadonlyMap<K, V> {
      if (edits.size === 0) return base;
      if (inherited.size + edits.size >= Math.max(FLATTEN_MIN, root.size * FLATTEN_SHARE)) {
        // Many changes (a cold scan, a checkout): one plain map, as a copy-and-edit would give.
        // A first scan's edits already are that map (nothing to delete from an empty base).
        if (root.size === 0 && inherited.size === 0) return edits as Map<K, V>;
        const flat = new Map(root);
        for (const changes of [inherited, edits]) {
          for (const [key, value] of changes) {
            if (value === GONE) flat.delete(key);
            else flat.set(key, value);
          }
        }
        return flat;
      }
      const changes = new Map(inherited);
      for (const [key, value] of edits) {
        if (value === GONE && !root.has(key)) changes.delete(key);
        else changes.set(key, value);
      }
      let size = root.size;
      for (const [key, value] of changes) {
        if (value === GONE) size -= 1;
        else if (!root.has(key)) size += 1;
      }
      return new OverlayMap(root, changes, size);
    },
  };
}
