import { describe, expect, it } from 'vitest';
import { DEFAULT_SPIKE, detectNegativeSpike, detectSpike, NOISE_P, poissonUpper } from './spikes.js';
import { seededRandom } from '../../lib/seeded-random.js';

const rng = seededRandom;
function poisson(lambda: number, r: () => number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}
const noise = (lambda: number, n: number, seed: number) => {
  const r = rng(seed);
  return Array.from({ length: n }, () => poisson(lambda, r));
};

describe('volume spikes', () => {
  it('finds known spikes in noisy series at several volumes', () => {
    for (const [lambda, seed] of [
      [5, 1],
      [20, 2],
      [60, 3],
      [150, 4],
    ] as const) {
      const series = [...noise(lambda, 24, seed), Math.round(lambda * 4) + 10];
      const v = detectSpike(series);
      expect(v.spike, `λ=${lambda}: ${v.reason}`).toBe(true);
    }
  });

  it('stays quiet on noise alone: every window of 200 series × 48 windows at several volumes', () => {
    let alarms = 0;
    let judged = 0;
    for (const lambda of [0.5, 3, 10, 40, 120]) {
      for (let seed = 0; seed < 40; seed++) {
        const s = noise(lambda, 48, 1000 * lambda + seed);
        for (let end = 25; end <= 48; end++) {
          judged++;
          if (detectSpike(s.slice(end - 25, end)).spike) alarms++;
        }
      }
    }
    expect(judged).toBe(4800);
    expect(alarms).toBe(0);
  });

  it('needs the minimum volume and a baseline', () => {
    expect(detectSpike([0, 0, 1, 0, 0, 1, 0, 0, 4]).spike).toBe(false); // 4× the usual, but 4 mentions
    expect(detectSpike([0, 0, 1, 0, 0, 1, 0, 0, 4]).reason).toMatch(/below the minimum volume 10/);
    expect(detectSpike([2, 3, 50]).reason).toMatch(/only 2 windows of history/);
    expect(detectSpike([2, 3, 2, 3, 2, 3, 50]).spike).toBe(true);
    expect(detectSpike([0, 0, 0, 0, 0, 0, 12], { ...DEFAULT_SPIKE, minVolume: 15 }).spike).toBe(false);
  });

  it('a bursty query needs a bigger burst than a steady one', () => {
    const steady = [20, 21, 19, 20, 22, 18, 20, 21, 19, 20];
    const bursty = [5, 40, 3, 35, 8, 45, 2, 38, 6, 41];
    expect(detectSpike([...steady, 70]).spike).toBe(true);
    expect(detectSpike([...bursty, 70]).spike).toBe(false);
  });
});

describe('the Poisson bound', () => {
  it('is the smallest count a steady query reaches by chance less often than NOISE_P', () => {
    const tail = (lambda: number, k: number) => {
      let pmf = Math.exp(-lambda);
      let below = 0;
      for (let i = 0; i < k; i++) {
        below += pmf;
        pmf *= lambda / (i + 1);
      }
      return 1 - below;
    };
    for (const lambda of [0.5, 3, 20, 150]) {
      const k = poissonUpper(lambda);
      expect(tail(lambda, k)).toBeLessThan(NOISE_P);
      expect(tail(lambda, k - 1)).toBeGreaterThanOrEqual(NOISE_P);
    }
  });
});

describe('negative-sentiment spikes', () => {
  it('fires when negative mentions spike and their share jumps', () => {
    const total = [...noise(30, 24, 7), 60];
    const negative = [...total.slice(0, -1).map((t) => Math.round(t * 0.1)), 40];
    const v = detectNegativeSpike(negative, total);
    expect(v.spike, v.reason).toBe(true);
    expect(v.share).toBeGreaterThan(0.6);
  });

  it('does not call a plain volume spike with the usual mix negative', () => {
    const total = [...Array(24).fill(30), 150];
    const negative = [...Array(24).fill(6), 30]; // 20% before, 20% now
    expect(detectSpike(total).spike).toBe(true);
    const v = detectNegativeSpike(negative, total);
    expect(v.spike).toBe(false);
    expect(v.reason).toMatch(/near the usual 20%/);
  });

  it('stays quiet on noise alone', () => {
    let alarms = 0;
    for (let seed = 0; seed < 100; seed++) {
      const r = rng(seed);
      const total = noise(25, 25, 500 + seed);
      const negative = total.map((t) => Array.from({ length: t }, () => r() < 0.2).filter(Boolean).length);
      if (detectNegativeSpike(negative, total).spike) alarms++;
    }
    expect(alarms).toBe(0);
  });
});
