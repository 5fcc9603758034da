/**
 * One tokenizer for indexing and querying, on both databases, so both find the same things.
 * The engines only ever see our terms (lowercase letters and digits, space-separated), never raw
 * text, so SQLite's unicode61 and PostgreSQL's 'simple' parser each read them as one token apiece.
 *
 * Rules (docs/search.md explains them for users):
 * - fold: Turkish İ/I/ı → i, đ → d, ß → ss, a few letters without a decomposition (ø ł æ œ);
 *   NFKD, every combining mark dropped (Vietnamese, Portuguese, Turkish diacritics), NFC again
 *   (so Hangul recomposes), lowercase. Invisible joiners and Armenian in-word marks (՛ ՜ ՞ ՟) are
 *   removed so "ինչո՞ւ" is the word "ինչու".
 * - words are runs of letters and digits; everything else (spaces, punctuation, emoji, #, @, the
 *   dots and slashes of URLs) separates them.
 * - Han, Kana and Hangul are written without spaces: such a run is indexed as its overlapping
 *   bigrams (in order, so they can be matched as a phrase) and, at the end of the document, each
 *   character once more, so a one-character query finds it too.
 */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;

/** Longer words are cut here on both sides (PostgreSQL refuses lexemes over 2 KB). */
export const MAX_TERM_CHARS = 64;
/** A document indexes at most this many terms: PostgreSQL positions stop at 16,383 and a tsvector at 1 MB. */
const MAX_INDEX_TERMS = 16_000;
const MAX_INDEX_CHARS = 256_000;
/** A query uses at most this many terms. */
const MAX_QUERY_TERMS = 64;

export function fold(text: string): string {
  return text
    .replace(/[İIı]/g, 'i')
    .replace(/[đĐ]/g, 'd')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[\u00ad\u200c\u200d\u2060\ufeff\u055b\u055c\u055e\u055f]/g, '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase();
}

type Run = { cjk: boolean; text: string };

/** Splits folded text into runs: words of letters/digits, and runs of CJK characters. */
function runs(folded: string): Run[] {
  const out: Run[] = [];
  for (const m of folded.matchAll(/[\p{L}\p{N}]+/gu)) out.push(...splitCjk(m[0]));
  return out;
}

function splitCjk(word: string): Run[] {
  const out: Run[] = [];
  let cur = '';
  let curCjk = false;
  for (const ch of word) {
    const isCjk = CJK.test(ch);
    if (cur && isCjk !== curCjk) {
      out.push({ cjk: curCjk, text: cur });
      cur = '';
    }
    cur += ch;
    curCjk = isCjk;
  }
  if (cur) out.push({ cjk: curCjk, text: cur });
  return out;
}

const cut = (term: string) => (term.length > MAX_TERM_CHARS ? [...term].slice(0, MAX_TERM_CHARS).join('') : term);

function cjkTerms(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Terms to index for a text (space-separated in the search_docs table). */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  const singles: string[] = [];
  let chars = 0;
  const push = (list: string[], term: string) => {
    if (out.length + singles.length >= MAX_INDEX_TERMS || chars + term.length >= MAX_INDEX_CHARS) return false;
    list.push(term);
    chars += term.length + 1;
    return true;
  };
  outer: for (const r of runs(fold(text))) {
    const terms = r.cjk ? cjkTerms(r.text) : [cut(r.text)];
    for (const term of terms) if (!push(out, term)) break outer;
    // Single characters go after all the words so a CJK run's bigrams stay next to the words around it.
    if (r.cjk && r.text.length > 1) for (const ch of r.text) if (!push(singles, ch)) break outer;
  }
  return out.concat(singles);
}

/**
 * One required part of a query: its terms must appear in this order, next to each other.
 * `prefix` lets the last term match any indexed word that starts with it (search as you type).
 */
export interface QueryGroup {
  terms: string[];
  prefix: boolean;
}

/**
 * Parses a query into groups that must all match (AND). Whitespace separates groups; words joined
 * by punctuation ("example.com", "e-posta", "@ana_lima", "12.500") form one phrase; a CJK run is
 * the phrase of its bigrams, so it matches exactly where it is a substring of the text, and a
 * single CJK character matches any text containing that character. The last word is a prefix when
 * the query ends in it (no trailing space or punctuation), it is not CJK and has 2+ characters.
 */
export function queryGroups(query: string): QueryGroup[] {
  const groups: QueryGroup[] = [];
  let budget = MAX_QUERY_TERMS;
  let truncated = false;
  const add = (terms: string[]) => {
    const kept = terms.slice(0, budget);
    if (kept.length < terms.length) truncated = true;
    if (!kept.length) return;
    budget -= kept.length;
    groups.push({ terms: kept, prefix: false });
  };
  for (const chunk of fold(query).split(/\s+/u)) {
    let words: string[] = [];
    for (const r of runs(chunk)) {
      if (!r.cjk) {
        words.push(cut(r.text));
        continue;
      }
      add(words);
      words = [];
      add(cjkTerms(r.text));
    }
    add(words);
  }
  const last = groups.at(-1);
  if (last && !truncated && /[\p{L}\p{N}]$/u.test(query)) {
    const term = last.terms.at(-1)!;
    if (!CJK.test(term) && [...term].length >= 2) last.prefix = true;
  }
  return dedupe(groups);
}

function dedupe(groups: QueryGroup[]): QueryGroup[] {
  const seen = new Set<string>();
  return groups.filter((g) => {
    const key = `${g.prefix ? '*' : ''}${g.terms.join(' ')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every distinct term a query needs (for highlighting); see queryGroups for how they combine. */
export function queryTerms(query: string): string[] {
  return [...new Set(queryGroups(query).flatMap((g) => g.terms))];
}
