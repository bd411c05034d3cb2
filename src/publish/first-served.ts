/**
 * When each document's current bytes were first produced: its `Last-Modified`. A content date
 * cannot serve: an article added with an older date, or the newest one deleted, changes a feed
 * without moving its newest date, and a client sending only If-Modified-Since would get 304 for
 * bytes it has never seen.
 */
export interface FirstServed {
  /**
   * The Last-Modified (epoch ms, a whole second) of `etag` at `slot`, rendered from `version`
   * (the snapshot: any object, compared by identity). The same bytes keep their time; new bytes
   * get a time strictly later than the slot's previous one, possibly a second ahead of the clock.
   * Null for bytes of a version older than the one the slot was last stamped from (a render that
   * finished after a newer one): sent without Last-Modified rather than with an earlier one.
   */
  stamp(slot: string, etag: string, version: object): number | null;
}

/** One slot's current bytes and when they were first produced. */
export interface FirstServedRecord {
  readonly slot: string;
  readonly etag: string;
  readonly at: number;
}

export interface FirstServedOptions {
  readonly now: () => number;
  /** Records from an earlier run (a restart keeps the time of unchanged bytes). */
  readonly restored?: { readonly records: Iterable<FirstServedRecord>; readonly floor: number };
  /** Told every new record before it is used (to persist it). */
  readonly onRecord?: (record: FirstServedRecord, floor: number) => void;
  /** Slots remembered; the least recently changed are forgotten beyond it. */
  readonly maxSlots?: number;
}

const SECOND = 1000;

function ceilSecond(ms: number): number {
  return Math.ceil(ms / SECOND) * SECOND;
}

/**
 * The registry of first-production times. A version's time is when it was first seen, rounded
 * up to the second: its bytes reflect only changes made before then, and a client that fetched
 * the previous bytes earlier in that second (and sends its own clock as If-Modified-Since) is
 * still answered 200.
 */
export function createFirstServed(options: FirstServedOptions): FirstServed & {
  records(): Iterable<FirstServedRecord>;
  readonly floor: number;
  readonly size: number;
} {
  const { now } = options;
  const maxSlots = options.maxSlots ?? 200_000;
  // Forgotten slots had times at or below the floor; a slot with no record starts above it.
  let floor = options.restored?.floor ?? 0;
  // seq 0: restored, older than any version of this run.
  const slots = new Map<string, { etag: string; at: number; seq: number }>();
  const nowSecond = Math.floor(now() / SECOND) * SECOND;
  for (const record of options.restored?.records ?? []) {
    // A clock set back since: never later than Date.
    slots.set(record.slot, { etag: record.etag, at: Math.min(record.at, nowSecond), seq: 0 });
  }
  const versions = new WeakMap<object, { seq: number; at: number }>();
  let nextSeq = 1;

  function versionOf(version: object) {
    let seen = versions.get(version);
    if (!seen) {
      seen = { seq: nextSeq++, at: ceilSecond(now()) };
      versions.set(version, seen);
    }
    return seen;
  }

  return {
    stamp(slot, etag, version) {
      const seen = versionOf(version);
      const previous = slots.get(slot);
      if (previous?.etag === etag) return previous.at;
      if (previous && previous.seq > seen.seq) return null;
      const at = Math.max(seen.at, (previous?.at ?? floor) + SECOND);
      slots.delete(slot);
      slots.set(slot, { etag, at, seq: seen.seq });
      while (slots.size > maxSlots) {
        const [oldest, record] = slots.entries().next().value as [string, { at: number }];
        floor = Math.max(floor, record.at);
        slots.delete(oldest);
      }
      options.onRecord?.({ slot, etag, at }, floor);
      return at;
    },
    *records() {
      for (const [slot, { etag, at }] of slots) yield { slot, etag, at };
    },
    get floor() {
      return floor;
    },
    get size() {
      return slots.size;
    },
  };
}
