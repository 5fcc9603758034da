import { fold } from '../../search/tokenize.js';
import { CJK_CHAR, CJK_SPLIT, QUERY_WORD_RE, textForm } from '../text-forms.js';
import { LIMITS, type WordPattern } from './ast.js';
import { QueryError, describe } from './query-error.js';

/**
 * Turns what the user typed for a term or a phrase into the words a post must have in a row.
 * Punctuation separates words exactly as in posts ("e-posta" → e posta, "t.co" → t co), Chinese,
 * Japanese and Korean characters are one word each, emoji are words.
 */
export function queryWords(raw: string, pos: number, accentSensitive: boolean): WordPattern[] {
  const out: WordPattern[] = [];
  for (const piece of textForm(raw, accentSensitive).match(QUERY_WORD_RE) ?? []) {
    if (!/[?*]/.test(piece)) {
      if (CJK_CHAR.test(piece)) for (const part of piece.match(CJK_SPLIT)!) out.push({ kind: 'word', text: part });
      else out.push({ kind: 'word', text: piece });
      continue;
    }
    out.push(wildcard(piece, raw, pos));
  }
  if (!out.length) throw new QueryError(pos, `nothing to look for in ${describe(raw)}`, 'a word with letters, digits or an emoji');
  return out;
}

/**
 * A hashtag or handle as typed (#BlackFriday, @ana.lima): one word, the sigil kept, compared with
 * the post's tags only. Trailing punctuation is dropped ("#nike," is #nike).
 */
export function tagWord(raw: string, pos: number, accentSensitive: boolean): WordPattern {
  const sigil = raw[0]!;
  const form = textForm(raw, accentSensitive);
  const body = sigil === '#' ? /^#[\p{L}\p{M}\p{N}_?*]+/u.exec(form) : /^@[\p{L}\p{M}\p{N}_?*]+(?:\.[\p{L}\p{M}\p{N}_?*]+)*/u.exec(form);
  const what = sigil === '#' ? 'hashtag' : 'handle';
  if (!body) throw new QueryError(pos, `empty ${what} ${describe(raw)}`, `letters, digits or '_' right after '${sigil}'`);
  const rest = form.slice(body[0].length);
  if (/[\p{L}\p{N}]/u.test(rest)) {
    throw new QueryError(pos + body[0].length, `unexpected ${describe(rest)} in ${what} ${describe(raw)}`, `only letters, digits and '_' in a ${what}`);
  }
  const text = body[0];
  if (!/[?*]/.test(text)) return { kind: 'word', text };
  const p = wildcard(text.slice(1), raw, pos);
  return p.kind === 'pattern' ? { ...p, text, prefix: sigil + p.prefix, re: new RegExp(`^${sigil}${p.re.source.slice(1)}`, 'u') } : p;
}

function wildcard(piece: string, raw: string, pos: number): WordPattern {
  const star = piece.indexOf('*');
  if (star >= 0 && star !== piece.length - 1) {
    throw new QueryError(pos, `'*' inside ${describe(raw)}`, `'*' only at the end of a word (use '?' for one character)`);
  }
  if (CJK_CHAR.test(piece)) {
    throw new QueryError(
      pos,
      `wildcard in ${describe(raw)}`,
      'no wildcards in Chinese, Japanese or Korean text (a keyword there already matches inside longer words)',
    );
  }
  const first = piece.search(/[?*]/);
  const prefix = piece.slice(0, first);
  // Counted after folding, since the prefilter indexes the folded prefix.
  if ([...fold(prefix)].length < LIMITS.minWildcardPrefix) {
    throw new QueryError(pos, `wildcard too early in ${describe(raw)}`, `at least ${LIMITS.minWildcardPrefix} letters before '*' or '?'`);
  }
  // Pieces hold only letters, marks, digits, ? and *: nothing else needs escaping.
  const re = new RegExp(`^${piece.replace(/\?/g, '.').replace(/\*$/, '.*')}$`, 'u');
  return { kind: 'pattern', text: piece, prefix, re };
}
