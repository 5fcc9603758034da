/**
 * Spike detection against a query's own baseline. Pure functions over counts per window (oldest
 * first, the last one is the window being judged), so they are tested on series with known spikes
 * and on noise alone.
 */
export interface SpikeOptions {
  /** The current window must be at least this many times the baseline mean… */
  factor: number;
  /** …and hold at least this many mentions, so a quiet query going 1 → 4 does not cry wolf. */
  minVolume: number;
  /** Windows of history needed before anything is judged (a new query has no baseline). */
  minBaselineWindows: number;
}

export const DEFAULT_SPIKE: SpikeOptions = { factor: 3, minVolume: 10, minBaselineWindows: 6 };

export interface SpikeVerdict {
  spike: boolean;
  current: number;
  baselineMean: number;
  baselineStd: number;
  /** The count the current window had to reach. */
  threshold: number;
  reason: string;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const std = (xs: number[], m: number) => Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length || 1));

/** Probability that a steady count (Poisson noise around the baseline mean) reaches the threshold by chance. */
export const NOISE_P = 1e-5;

/** The smallest k with P(X ≥ k) < p for X ~ Poisson(lambda). */
export function poissonUpper(lambda: number, p = NOISE_P): number {
  if (lambda <= 0) return 1;
  let term = Math.exp(-lambda); // P(X = 0)
  let cdf = term;
  let k = 0;
  while (1 - cdf >= p && k < lambda * 10 + 100) {
    k++;
    term *= lambda / k;
    cdf += term;
  }
  return k + 1;
}

/**
 * A spike: current ≥ minVolume and current ≥ max(factor × mean, mean + 3 × std, the Poisson
 * upper bound of the mean). The standard-deviation term keeps a naturally bursty query quiet; the
 * Poisson term is the chance variation of a steady count (what a quiet query's 3 → 10 usually is),
 * which a short baseline of near-identical windows would underestimate.
 */
export function detectSpike(series: number[], o: SpikeOptions = DEFAULT_SPIKE): SpikeVerdict {
  const current = series[series.length - 1] ?? 0;
  const base = series.slice(0, -1);
  const m = mean(base);
  const s = std(base, m);
  const threshold = Math.max(o.factor * m, m + 3 * s, m > 0 ? poissonUpper(m) : 0, o.minVolume);
  const v = { current, baselineMean: Math.round(m * 100) / 100, baselineStd: Math.round(s * 100) / 100, threshold: Math.ceil(threshold) };
  if (base.length < o.minBaselineWindows) return { ...v, spike: false, reason: `only ${base.length} windows of history (need ${o.minBaselineWindows})` };
  if (current < o.minVolume) return { ...v, spike: false, reason: `${current} mentions, below the minimum volume ${o.minVolume}` };
  if (current < threshold) return { ...v, spike: false, reason: `${current} mentions, under the threshold ${Math.ceil(threshold)}` };
  return { ...v, spike: true, reason: `${current} mentions against a usual ${v.baselineMean} (threshold ${Math.ceil(threshold)})` };
}

/**
 * A negative-sentiment spike: the count of NEGATIVE mentions spikes against its own baseline
 * (detectSpike), and the negative share of the window is clearly above the usual share (at least
 * 1.5× and 15 points more), so a plain volume spike with the usual mix is not called negative.
 */
export function detectNegativeSpike(
  negative: number[],
  total: number[],
  o: SpikeOptions = DEFAULT_SPIKE,
): SpikeVerdict & { share: number; baselineShare: number } {
  const v = detectSpike(negative, o);
  const cur = total[total.length - 1] ?? 0;
  const share = cur ? (negative[negative.length - 1] ?? 0) / cur : 0;
  const baseTotal = total.slice(0, -1).reduce((a, b) => a + b, 0);
  const baselineShare = baseTotal ? negative.slice(0, -1).reduce((a, b) => a + b, 0) / baseTotal : 0;
  const r = { ...v, share: Math.round(share * 1000) / 1000, baselineShare: Math.round(baselineShare * 1000) / 1000 };
  if (!v.spike) return r;
  if (share < baselineShare * 1.5 || share < baselineShare + 0.15)
    return { ...r, spike: false, reason: `negative share ${Math.round(share * 100)}% is near the usual ${Math.round(baselineShare * 100)}%` };
  return {
    ...r,
    reason: `${v.current} negative mentions (${Math.round(share * 100)}% of ${cur}) against a usual ${v.baselineMean} (${Math.round(baselineShare * 100)}%)`,
  };
}
