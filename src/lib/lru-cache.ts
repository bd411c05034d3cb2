/**
 * A least-recently-used map bounded by total weight (bytes, usually), so rarely asked pages
 * and bodies cost bounded memory however large the content folder grows. An entry heavier than
 * the whole budget is kept apart, the latest `maxOversized` of them: dropped, it would be made
 * again on every request.
 */
export class LruCache<V> {
  readonly #entries = new Map<string, { value: V; weight: number }>();
  readonly #oversized = new Map<string, V>();
  #weight = 0;

  constructor(
    readonly maxWeight: number,
    readonly weigh: (value: V) => number,
    readonly maxOversized = 0,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return this.#oversized.get(key);
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    const weight = this.weigh(value);
    const old = this.#entries.get(key);
    if (old) {
      this.#weight -= old.weight;
      this.#entries.delete(key);
    }
    this.#oversized.delete(key);
    if (weight > this.maxWeight) {
      if (this.maxOversized === 0) return;
      this.#oversized.set(key, value);
      for (const oldest of this.#oversized.keys()) {
        if (this.#oversized.size <= this.maxOversized) break;
        this.#oversized.delete(oldest);
      }
      return;
    }
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [oldest, entry] of this.#entries) {
      if (this.#weight <= this.maxWeight) break;
      this.#entries.delete(oldest);
      this.#weight -= entry.weight;
    }
  }

  delete(key: string): void {
    this.#oversized.delete(key);
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
  }

  get weight(): number {
    return this.#weight;
  }

  get size(): number {
    return this.#entries.size;
  }
}
