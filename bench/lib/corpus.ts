import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../src/lib/seeded-random.js';

/**
 * Realistic message texts and search queries, built from the multilingual articles in
 * shared/seeds (Vietnamese, Chinese, Turkish, Armenian, Portuguese). Everything is drawn from a
 * seeded PRNG so two runs of the bench generate the same data and the same queries.
 */

export const rng = seededRandom;

export const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

/** An index skewed towards the start of a list of n (roughly Zipf, s≈1): a few common, a long tail. */
export const skewed = (r: () => number, n: number): number => Math.min(n - 1, Math.floor(Math.pow(n + 1, r()) - 1));

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the seed articles live: $HEARKEN_SEEDS_DIR, else shared/seeds beside the work tree. */
export function seedsDir(): string {
  if (process.env.HEARKEN_SEEDS_DIR) return process.env.HEARKEN_SEEDS_DIR;
  for (const candidate of [path.resolve(here, '../../../shared/seeds'), path.resolve(here, '../../shared/seeds'), '/work/shared/seeds']) {
    try {
      if (readdirSync(candidate).some((f) => f.endsWith('.txt'))) return candidate;
    } catch {
      /* try the next one */
    }
  }
  throw new Error('seed articles not found: set HEARKEN_SEEDS_DIR to the folder of shared/seeds/*.txt');
}

export interface Corpus {
  /** Per source file (one language each): its sentences of 20–220 characters … */
  byLanguage: string[][];
  /** … and its text as a stream of words (spaces kept out) or, for Chinese, of characters. */
  streams: Array<{ cjk: boolean; tokens: string[] }>;
}

let cached: Corpus | undefined;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

export function loadCorpus(): Corpus {
  if (cached) return cached;
  const dir = seedsDir();
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const byLanguage = texts.map((t) =>
    t
      // Sentence ends in Latin, Armenian (։) and CJK (。！？) punctuation, and line breaks.
      .split(/(?<=[.!?։。！？])\s*|\n+/u)
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter((s) => [...s].length >= 20)
      .map((s) => ([...s].length > 220 ? [...s].slice(0, 220).join('') : s)),
  );
  const streams = texts.map((t) => {
    const cjk = [...t].filter((ch) => CJK.test(ch)).length > t.length / 4;
    return { cjk, tokens: cjk ? [...t.replace(/\s+/g, '')] : t.split(/\s+/u).filter(Boolean) };
  });
  cached = { byLanguage, streams };
  return cached;
}

/**
 * A customer message: a run of 4–40 words (10–80 characters in Chinese) from a random place in
 * one article, so texts vary the way real ones do; some carry an order number, as real ones do.
 */
export function messageText(r: () => number, c: Corpus): string {
  const s = pick(r, c.streams);
  const len = s.cjk ? 10 + Math.floor(r() * r() * 70) : 4 + Math.floor(r() * r() * 36);
  const at = Math.floor(r() * (s.tokens.length - len));
  const text = s.tokens.slice(at, at + len).join(s.cjk ? '' : ' ');
  return r() < 0.1 ? `${text} #${orderNumber(r)}` : text;
}

/** Order numbers are spread thinly: each names a handful of messages, like a real order. */
export const orderNumber = (r: () => number) => 100000 + Math.floor(r() * 900000);

/**
 * A search query like an agent types: one time in ten an order number; else 1–3 consecutive
 * words (of 3+ letters) from a sentence of a language picked evenly, or 2–4 characters of a
 * Chinese sentence. Words are drawn by position in the text, so common words come up as often
 * as they are common — the expensive end. Queries ending in a letter are prefix searches for
 * their last word, as in the product.
 */
export function searchQuery(r: () => number, c: Corpus): string {
  if (r() < 0.1) return `#${orderNumber(r)}`;
  for (;;) {
    const s = pick(r, pick(r, c.byLanguage));
    if (CJK.test(s)) {
      const chars = [...s].filter((ch) => CJK.test(ch));
      if (chars.length < 4) continue;
      const len = 2 + Math.floor(r() * 3);
      const at = Math.floor(r() * (chars.length - len));
      return chars.slice(at, at + len).join('');
    }
    const words = s.split(/[^\p{L}\p{N}]+/u).filter((w) => [...w].length >= 3);
    if (words.length < 3) continue;
    const len = 1 + Math.floor(r() * 3);
    const at = Math.floor(r() * (words.length - len));
    return words.slice(at, at + len).join(' ');
  }
}
