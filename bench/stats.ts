/** Median and spread of one figure over the runs. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Interquartile range ends (linear interpolation; equal to min/max for three runs or fewer). */
  readonly q1: number;
  readonly q3: number;
  readonly values: readonly number[];
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (at - low);
}

/** Summarise the values of one figure, one per run. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    values: values.map((v) => Math.round(v * 1000) / 1000),
  };
}

/**
 * Ratio of a figure to its reference, paired run by run (each run measures both back to back,
 * so a noisy moment on the machine moves both), then summarised like any other figure.
 */
export function summarizeRatio(values: readonly number[], reference: readonly number[]): Summary {
  return summarize(values.map((value, i) => value / (reference[i] ?? Number.NaN)));
}

/**
 * The items in the order run `run` (1-based) measures them: rotated by one per run, so that
 * none of them is always the first (or last) one after a pause or a neighbour's burst.
 */
export function rotateForRun<T>(items: readonly T[], run: number): T[] {
  const shift = (run - 1) % Math.max(1, items.length);
  return [...items.slice(shift), ...items.slice(0, shift)];
}
