/**
 * The statistics every report uses, written down so anyone can reproduce them:
 * - median: the middle value of the sorted values, or the mean of the two middle ones;
 * - p90: nearest rank — the ceil(0.9 × n)-th smallest value;
 * - mean: the arithmetic mean. All are null for no values.
 */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

export function mean(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

export const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

/** median and percentile of values already sorted ascending (reports sort each list once). */
export function medianOfSorted(s: ArrayLike<number>): number | null {
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentileOfSorted(s: ArrayLike<number>, p: number): number | null {
  if (s.length === 0) return null;
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}
