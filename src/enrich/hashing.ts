/**
 * Hashed sparse features (the "hashing trick"): every character n-gram and word n-gram is hashed
 * straight into one of `dim` buckets, so a model is a flat weight array with no vocabulary to ship.
 * Hashes are FNV-1a over UTF-16 code units, computed without building substrings so featurizing a
 * tweet costs a few microseconds.
 */
import { tokens } from './text.js';

export interface FeatureSpec {
  /** Bucket count, a power of two. */
  dim: number;
  charMin: number;
  charMax: number;
  words: boolean;
  bigrams: boolean;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(s: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

// Final avalanche so neighbouring n-grams do not land in neighbouring buckets.
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Returns bucket indices (duplicates allowed: a repeated n-gram counts twice). `extra` are whole
 * strings added as features (e.g. "lang=pt"), each also crossed with every word when `cross` is set.
 */
export function featurize(text: string, spec: FeatureSpec, extra: string[] = []): number[] {
  const mask = spec.dim - 1;
  const out: number[] = [];
  const padded = ` ${text} `;
  const n = padded.length;
  for (let i = 0; i < n; i++) {
    let h = FNV_OFFSET;
    for (let k = 0; k < spec.charMax && i + k < n; k++) {
      h = Math.imul(h ^ padded.charCodeAt(i + k), FNV_PRIME);
      if (k + 1 >= spec.charMin) out.push(mix(h ^ (k + 1)) & mask);
    }
  }
  if (spec.words || spec.bigrams) {
    const toks = tokens(text);
    let prev = '⟨s⟩';
    for (const t of toks) {
      if (spec.words) out.push(mix(hashString(t, 0x9e3779b9)) & mask);
      if (spec.bigrams) out.push(mix(hashString(prev + ' ' + t, 0x7f4a7c15)) & mask);
      prev = t;
    }
  }
  for (const e of extra) out.push(mix(hashString(e, 0x1b873593)) & mask);
  return out;
}
