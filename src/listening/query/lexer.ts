import { type FieldName, LIMITS } from './ast.js';
import { QueryError } from './query-error.js';

/**
 * Splits a query into lexemes. Operators are recognised only in capitals (AND, OR, NOT, NEAR/n),
 * the Brandwatch/Talkwalker convention, so "and" or "or" in a query are words to look for.
 */
export type Lexeme =
  | { type: '(' | ')' | 'AND' | 'OR' | 'NOT' | '-'; pos: number; raw: string }
  | { type: 'NEAR'; pos: number; raw: string; distance: number; ordered: boolean }
  | { type: 'WORD'; pos: number; raw: string }
  | { type: 'PHRASE'; pos: number; raw: string; text: string }
  | { type: 'FIELD'; pos: number; raw: string; field: FieldName; value: string; valuePos: number }
  | { type: 'EOF'; pos: number; raw: string };

const OPEN_QUOTES = new Set(['"', '“', '”', '„', '＂']);
const CLOSE_QUOTES = new Set(['"', '“', '”', '＂']);
const FIELD_RE = /^(author|lang|site|url|source):/i;
const NEAR_RE = /^NEAR\/(\d+)(f?)$/;
const isSpace = (ch: string) => /\s/u.test(ch);
/** A word stops at space, parentheses and quotes. */
const endsWord = (ch: string) => isSpace(ch) || ch === '(' || ch === ')' || OPEN_QUOTES.has(ch);

export function lex(query: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    const ch = query[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      out.push({ type: ch, pos: i, raw: ch });
      i++;
      continue;
    }
    if (OPEN_QUOTES.has(ch)) {
      const { text, end } = readPhrase(query, i);
      out.push({ type: 'PHRASE', pos: i, raw: query.slice(i, end), text });
      i = end;
      continue;
    }
    if (ch === '-') {
      const next = query[i + 1];
      if (next === undefined || isSpace(next) || next === ')') {
        throw new QueryError(i, `unexpected '-'`, `a word, phrase or '(' right after '-' (no space)`);
      }
      out.push({ type: '-', pos: i, raw: '-' });
      i++;
      continue;
    }
    let end = i;
    while (end < n && !endsWord(query[end]!)) end++;
    const raw = query.slice(i, end);
    out.push(classify(query, raw, i, end));
    const last = out[out.length - 1]!;
    i = last.type === 'FIELD' ? last.pos + last.raw.length : end;
  }
  out.push({ type: 'EOF', pos: n, raw: '' });
  return out;
}

function readPhrase(query: string, start: number): { text: string; end: number } {
  let j = start + 1;
  while (j < query.length && !CLOSE_QUOTES.has(query[j]!)) j++;
  if (j >= query.length) throw new QueryError(start, 'unterminated phrase', `a closing '"' for the '"' opened here`);
  return { text: query.slice(start + 1, j), end: j + 1 };
}

function classify(query: string, raw: string, pos: number, end: number): Lexeme {
  if (raw === 'AND' || raw === 'OR' || raw === 'NOT') return { type: raw, pos, raw };
  if (raw.startsWith('NEAR')) {
    const m = NEAR_RE.exec(raw);
    if (!m) throw new QueryError(pos, `invalid operator '${raw}'`, `NEAR/n or NEAR/nf with n a number of words from 0 to ${LIMITS.maxNear}`);
    const distance = Number(m[1]);
    if (distance > LIMITS.maxNear) {
      throw new QueryError(pos, `NEAR distance ${distance} too large`, `at most ${LIMITS.maxNear} words`);
    }
    return { type: 'NEAR', pos, raw, distance, ordered: m[2] === 'f' };
  }
  const f = FIELD_RE.exec(raw);
  if (f) {
    const field = f[1]!.toLowerCase() as FieldName;
    const valuePos = pos + f[0].length;
    let value = raw.slice(f[0].length);
    let stop = end;
    // author:"Ana Lima": a quoted value right after the colon.
    if (!value && OPEN_QUOTES.has(query[valuePos] ?? '')) {
      const p = readPhrase(query, valuePos);
      value = p.text;
      stop = p.end;
    }
    if (!value.trim()) throw new QueryError(valuePos, `missing value after '${f[0]}'`, `a value, as in ${field}:${example[field]}`);
    return { type: 'FIELD', pos, raw: query.slice(pos, stop), field, value, valuePos };
  }
  return { type: 'WORD', pos, raw };
}

const example: Record<FieldName, string> = {
  author: 'janedoe',
  lang: 'pt',
  site: 'example.com',
  url: 'example.com/blog',
  source: 'reddit',
};
