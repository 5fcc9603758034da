/**
 * Trains a LinearModel by AdaGrad SGD on the softmax loss with L2 decay, in a fixed order from a
 * seeded PRNG, so `npm run train` gives the same bytes on every machine.
 */
import type { FeatureSpec } from '../hashing.js';
import type { LinearModel } from '../linear-model.js';
import { seededRandom } from '../../lib/seeded-random.js';

export interface TrainOptions {
  epochs: number;
  lr: number;
  l2: number;
  seed: number;
  /** Per-class loss weight, e.g. to balance classes. */
  classWeight?: number[];
}

export const prng = seededRandom;

export function trainSoftmax(xs: number[][], ys: number[], labels: string[], spec: FeatureSpec, o: TrainOptions): LinearModel {
  const K = labels.length;
  const W = new Float32Array(spec.dim * K);
  const G = new Float32Array(spec.dim * K).fill(1e-6);
  const b = new Float32Array(K);
  const gb = new Float32Array(K).fill(1e-6);
  const rand = prng(o.seed);
  const order = xs.map((_, i) => i);
  const p = new Float64Array(K);
  for (let ep = 0; ep < o.epochs; ep++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const i of order) {
      const x = xs[i];
      const s = x.length ? 1 / Math.sqrt(x.length) : 0;
      for (let k = 0; k < K; k++) p[k] = b[k];
      for (const f of x) for (let k = 0; k < K; k++) p[k] += W[f * K + k] * s;
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, p[k]);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += p[k] = Math.exp(p[k] - max);
      const cw = o.classWeight?.[ys[i]] ?? 1;
      for (let k = 0; k < K; k++) {
        const g = cw * (p[k] / sum - (k === ys[i] ? 1 : 0));
        gb[k] += g * g;
        b[k] -= (o.lr * g) / Math.sqrt(gb[k]);
        const gs = g * s;
        for (const f of x) {
          const w = f * K + k;
          const gw = gs + o.l2 * W[w];
          G[w] += gw * gw;
          W[w] -= (o.lr * gw) / Math.sqrt(G[w]);
        }
      }
    }
  }
  return { labels, spec, weights: W, bias: b };
}
