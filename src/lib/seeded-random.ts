/**
 * mulberry32: a tiny, fast PRNG, deterministic per seed — for training shuffles, generated test
 * data and the bench, where the same seed must give the same sequence on every run. Not for
 * anything secret (use node:crypto).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
