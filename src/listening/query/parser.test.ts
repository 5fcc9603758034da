import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { validateQuery } from '../index.js';
import type { QueryNode } from './ast.js';
import { parseQuery } from './parser.js';
import { QueryError } from './query-error.js';

/** The tree as a compact string, to check precedence and grouping. */
function show(n: QueryNode): string {
  switch (n.kind) {
    case 'and':
    case 'or':
      return `(${n.children.map(show).join(` ${n.kind.toUpperCase()} `)})`;
    case 'not':
      return `NOT ${show(n.child)}`;
    case 'near':
      return `(${show(n.left)} NEAR/${n.distance}${n.ordered ? 'f' : ''} ${show(n.right)})`;
    case 'words': {
      const ws = n.words.map((w) => w.text).join(' ');
      return n.quoted || n.words.length > 1 ? `"${ws}"` : ws;
    }
    case 'field':
      return `${n.field}:${n.value}`;
  }
}

const tree = (q: string) => show(parseQuery(q).ast);

function errorOf(q: string): QueryError {
  try {
    validateQuery(q);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`expected ${q} to be refused`);
}

describe('parser: precedence and shape', () => {
  it.each([
    ['a b OR c', '((a AND b) OR c)'],
    ['a OR b c', '(a OR (b AND c))'],
    ['a OR b AND c OR d', '(a OR (b AND c) OR d)'],
    ['NOT a b', '(NOT a AND b)'],
    ['a NOT b', '(a AND NOT b)'],
    ['a AND NOT b', '(a AND NOT b)'],
    ['a -b -"c d"', '(a AND NOT b AND NOT "c d")'],
    ['NOT a NEAR/3 b', 'NOT (a NEAR/3 b)'],
    ['a NEAR/2 b NEAR/5f c', '((a NEAR/2 b) NEAR/5f c)'],
    ['(a OR b) NEAR/3 c', '((a OR b) NEAR/3 c)'],
    ['(a (b (c)))', '(a AND b AND c)'],
    ['Café', 'cafe'],
    ['e-mail', '"e mail"'],
    ['客户服务', '"客 户 服 务"'],
    ['#BlackFriday @Ana_Lima', '(#blackfriday AND @ana_lima)'],
    [
      'author:@Ana lang:PT_BR site:https://www.Example.com/ url:http://example.com/Blog/ source:Reddit',
      '(author:ana AND lang:pt-br AND site:example.com AND url:example.com/blog AND source:reddit)',
    ],
    ['and or not', '(and AND or AND not)'],
    ['“smart quotes”', '"smart quotes"'],
  ])('%s → %s', (q, expected) => {
    expect(tree(q)).toBe(expected);
  });

  it('keeps diacritics when accent-sensitive', () => {
    expect(show(parseQuery('Phở BÒ', { accentSensitive: true }).ast)).toBe('(phở AND bò)');
    expect(show(parseQuery('Phở BÒ').ast)).toBe('(pho AND bo)');
  });
});

describe('parser: errors name the position and what was expected', () => {
  it.each([
    ['', 'empty query at position 0: expected a term'],
    ['   ', 'empty query at position 0: expected a term'],
    ['(apple OR pear) AND )', "unexpected ')' at position 20: expected a term"],
    ['apple AND', 'unexpected end of query at position 9: expected a term'],
    ['apple OR OR pear', "unexpected 'OR' at position 9: expected a term"],
    ['AND apple', "unexpected 'AND' at position 0: expected a term"],
    ['(apple OR pear', "unexpected end of query at position 14: expected ')' to close the '(' at position 0"],
    ['apple) pear', "unexpected ')' at position 5: expected AND, OR, a term or the end of the query (no '(' is open)"],
    ['()', "unexpected ')' at position 1: expected a term"],
    ['"apple pie', `unterminated phrase at position 0: expected a closing '"' for the '"' opened here`],
    ['apple ""', 'empty phrase at position 6: expected words between the quotes'],
    ['apple - pie', "unexpected '-' at position 6: expected a word, phrase or '(' right after '-' (no space)"],
    ['apple NEAR pie', "invalid operator 'NEAR' at position 6: expected NEAR/n or NEAR/nf with n a number of words from 0 to 50"],
    ['apple NEAR/x pie', "invalid operator 'NEAR/x' at position 6: expected NEAR/n or NEAR/nf with n a number of words from 0 to 50"],
    ['apple NEAR/51 pie', 'NEAR distance 51 too large at position 6: expected at most 50 words'],
    ['apple NEAR/3', 'unexpected end of query at position 12: expected a term'],
    [
      'apple NEAR/3 (pie AND tart)',
      'AND used with NEAR/3 at position 14: expected a word, phrase, #hashtag, @handle or an OR-list of them on each side of NEAR/3',
    ],
    ['lang:pt NEAR/3 pie', 'field used with NEAR/3 at position 0: expected a word, phrase, #hashtag, @handle or an OR-list of them on each side of NEAR/3'],
    ['ap*', "wildcard too early in 'ap*' at position 0: expected at least 3 letters before '*' or '?'"],
    ['pie w?man', "wildcard too early in 'w?man' at position 4: expected at least 3 letters before '*' or '?'"],
    ['app*le', "'*' inside 'app*le' at position 0: expected '*' only at the end of a word (use '?' for one character)"],
    [
      '客户服*',
      "wildcard in '客户服*' at position 0: expected no wildcards in Chinese, Japanese or Korean text (a keyword there already matches inside longer words)",
    ],
    ['apple !!!', "nothing to look for in '!!!' at position 6: expected a word with letters, digits or an emoji"],
    ['# apple', "empty hashtag '#' at position 0: expected letters, digits or '_' right after '#'"],
    ['@ apple', "empty handle '@' at position 0: expected letters, digits or '_' right after '@'"],
    ['#black-friday', "unexpected '-friday' in hashtag '#black-friday' at position 6: expected only letters, digits and '_' in a hashtag"],
    ['author: apple', "missing value after 'author:' at position 7: expected a value, as in author:janedoe"],
    ['lang:portuguese!', "invalid value 'portuguese!' at position 5: expected a language code such as 'pt' or 'pt-br'"],
    ['site:example.com/blog', "invalid value 'example.com/blog' at position 5: expected a domain such as example.com (url: takes a page address)"],
    [
      '-apple',
      'nothing to look for at position 0: expected a word, phrase, #hashtag, @handle or field that matching posts contain, besides what NOT/- excludes (exclusions alone would match almost every post)',
    ],
    [
      'NOT apple NOT pear',
      'nothing to look for at position 0: expected a word, phrase, #hashtag, @handle or field that matching posts contain, besides what NOT/- excludes (exclusions alone would match almost every post)',
    ],
    [
      'apple OR -pear',
      'nothing to look for at position 9: expected a word, phrase, #hashtag, @handle or field that matching posts contain, besides what NOT/- excludes (exclusions alone would match almost every post)',
    ],
    [
      '(apple -pie) OR (NOT tart)',
      'nothing to look for at position 17: expected a word, phrase, #hashtag, @handle or field that matching posts contain, besides what NOT/- excludes (exclusions alone would match almost every post)',
    ],
  ])('%j', (q, message) => {
    expect(errorOf(q).reason).toBe(message);
  });

  it('is an AppError on field query with the position as a number', () => {
    const e = errorOf('apple AND (pie');
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('invalid_request');
    expect(e.fields).toEqual([{ field: 'query', reason: "unexpected end of query at position 14: expected ')' to close the '(' at position 10" }]);
    expect(e.message).toBe(`query: ${e.reason}`);
    expect(e.position).toBe(14);
  });
});

describe('parser: limits', () => {
  it('query length ≤ 2048', () => {
    expect(() => parseQuery('a'.repeat(2048))).not.toThrow();
    expect(errorOf('a '.repeat(1025)).reason).toBe('query too long (2050 characters) at position 2048: expected at most 2048 characters');
  });

  it('NEAR distance ≤ 50', () => {
    expect(() => parseQuery('a NEAR/50 b')).not.toThrow();
    expect(errorOf('a NEAR/50f b NEAR/51f c').reason).toBe('NEAR distance 51 too large at position 13: expected at most 50 words');
  });

  it('wildcards need 3 letters before them, counted after folding', () => {
    expect(() => parseQuery('abc* abc?')).not.toThrow();
    expect(() => parseQuery('xyz ßa*')).not.toThrow(); // ß folds to ss: "ssa" has 3
    expect(errorOf('xyz éa*').reason).toBe("wildcard too early in 'éa*' at position 4: expected at least 3 letters before '*' or '?'");
  });

  it('nesting depth ≤ 20', () => {
    expect(() => parseQuery(`${'('.repeat(20)}a${')'.repeat(20)}`)).not.toThrow();
    expect(errorOf(`x ${'('.repeat(21)}a${')'.repeat(21)}`).reason).toBe('nesting too deep at position 22: expected at most 20 levels of parentheses and NOT');
    expect(errorOf(`x ${'-'.repeat(21)}a`).reason).toBe('nesting too deep at position 22: expected at most 20 levels of parentheses and NOT');
  });

  it('terms ≤ 200', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`);
    expect(() => parseQuery(words(200).join(' OR '))).not.toThrow();
    const q = words(201).join(' ');
    expect(errorOf(q).reason).toBe(`too many terms at position ${q.lastIndexOf('w200')}: expected at most 200 words, phrases, tags and fields`);
  });
});
