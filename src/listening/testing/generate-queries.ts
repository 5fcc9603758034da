import type { QueryInput } from '../match/matcher.js';
import { CJK_CHAR } from '../text-forms.js';
import { seededRandom } from '../../lib/seeded-random.js';

/**
 * Deterministic, realistic listening queries for the differential test and the bench: what
 * brands actually save — a brand alone or with its handle and hashtag, brand AND product words,
 * phrases, exclusions, NEAR complaints, wildcards, fields, nesting, some accent-sensitive.
 */
export interface Vocabulary {
  /** Rare-ish names queries are built around (real brands and uncommon words). */
  brands: string[];
  /** Common content words ("app", "refund", "delay") for product/complaint lists and NOTs. */
  words: string[];
  /** Word pairs seen next to each other in real text, for phrases. */
  phrases: string[];
}

export { seededRandom };

export function generateQueries(count: number, seed: number, vocab: Vocabulary): QueryInput[] {
  const r = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  // A few brands are watched by many workspaces, most by one: a roughly Zipf-shaped pick.
  const brand = () => vocab.brands[Math.min(vocab.brands.length - 1, Math.floor(Math.pow(vocab.brands.length + 1, r()) - 1))]!;
  const word = () => pick(vocab.words);
  const list = (n: number, f: () => string) => `(${Array.from({ length: n }, f).join(' OR ')})`;
  const phrase = () => `"${pick(vocab.phrases)}"`;
  const wild = (w: string) => ([...w].length >= 5 && !CJK_CHAR.test(w) ? `${[...w].slice(0, 4).join('')}*` : w);
  const handle = (b: string) => (/^[\p{L}\p{N}_]+$/u.test(b) ? `@${b}` : `"${b}"`);
  const tag = (b: string) => (/^[\p{L}\p{N}_]+$/u.test(b) ? `#${b}` : `"${b}"`);
  const templates: Array<() => string> = [
    () => brand(),
    () => {
      const b = brand();
      return `(${b} OR ${handle(b)} OR ${tag(b)})`;
    },
    () => `${brand()} ${list(2 + Math.floor(r() * 4), word)}`,
    () => `${brand()} AND ${phrase()}`,
    () => `${brand()} -${word()} -${phrase()}`,
    () => `${brand()} NOT ${list(2, word)}`,
    () => `${brand()} NEAR/${1 + Math.floor(r() * 8)} ${list(2 + Math.floor(r() * 3), word)}`,
    () => `${phrase()} NEAR/${Math.floor(r() * 5)}f ${brand()}`,
    () => `${wild(brand())} AND ${word()}`,
    () => `(${brand()} OR ${brand()}) ${list(2, word)} -(${word()} OR ${phrase()})`,
    () => `${brand()} lang:${pick(['en', 'pt', 'es', 'tr', 'vi', 'ar'])}`,
    () => `${brand()} OR (${phrase()} ${word()})`,
    () => `((${brand()} ${word()}) OR (${brand()} NEAR/3 ${wild(word())})) -${word()}`,
    () => `${tag(brand())} OR ${phrase()}`,
  ];
  const out: QueryInput[] = [];
  for (let i = 0; i < count; i++) {
    const query = pick(templates)();
    out.push({ id: `q${i}`, query, ...(r() < 0.05 ? { accentSensitive: true } : {}) });
  }
  return out;
}
