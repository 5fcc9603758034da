/**
 * Latencies in fixed 0.1 ms buckets up to 120 s (anything slower lands in the last one): the soak
 * records millions of deliveries (every event × every client of its workspace), too many to keep
 * one by one. Percentiles by nearest rank, as stats.ts's, to within 0.1 ms.
 */
export class Histogram {
  private static readonly STEP_MS = 0.1;
  private readonly buckets = new Uint32Array(1_200_000);
  count = 0;
  max = 0;

  add(ms: number) {
    const b = Math.min(this.buckets.length - 1, Math.max(0, Math.floor(ms / Histogram.STEP_MS)));
    this.buckets[b]!++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The upper edge of the bucket holding the p-th percentile sample; NaN when empty. */
  percentile(p: number): number {
    if (!this.count) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let b = 0; b < this.buckets.length; b++) {
      seen += this.buckets[b]!;
      if (seen >= rank) return (b + 1) * Histogram.STEP_MS;
    }
    return this.max;
  }
}
