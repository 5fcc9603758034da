import { parseQuery } from '../../query/parser.js';
import type { QueryNode, WordPattern } from '../../query/ast.js';

/**
 * A Hearken query → one X filtered-stream rule. X's rule language is smaller than Hearken's
 * (no NEAR, no wildcards, no site:/url: prefixes as Hearken means them), so the rule may be
 * BROADER than the query but never NARROWER: every post the query matches must reach us, and
 * Hearken's own matcher re-checks each delivered post against the full query (ingest does it
 * for every post anyway). A part X cannot express is dropped where dropping widens (a term of
 * an AND), and spoils the whole where dropping would narrow (a branch of an OR, anything under
 * a NOT — `-x` of a widened x would exclude posts the query wants).
 */
export interface CompiledRule {
  /** The rule text, or undefined when X cannot be given any useful rule for this query. */
  value?: string;
  /** True when X's rule says exactly what the query says (nothing is left for the re-check). */
  exact: boolean;
  /** Why the query cannot be streamed (value undefined), or what the re-check covers. */
  note?: string;
}

/**
 * A compiled piece: text (one X clause), or always-true / never-true (a `source:` field).
 * `positive`: it holds a standalone operator (a word, phrase, #tag, @mention, from:), which X
 * requires in every rule and every OR branch; negations and lang: only narrow one.
 */
type Piece = { kind: 'text'; text: string; exact: boolean; positive: boolean; atom: boolean } | { kind: 'all'; exact: boolean } | { kind: 'none' };
const ALL: Piece = { kind: 'all', exact: true };
const WIDE: Piece = { kind: 'all', exact: false };

/** Source names under which posts from X are stored (the stream ingests as `x`, see stream.ts). */
const X_SOURCES = new Set(['x', 'twitter', 'x_stream']);

const hasWildcard = (ws: WordPattern[]) => ws.some((w) => w.kind === 'pattern');
const quote = (s: string) => `"${s.replace(/["\\]/g, ' ').trim()}"`;

function words(n: Extract<QueryNode, { kind: 'words' }>): Piece {
  if (hasWildcard(n.words)) return WIDE; // X has no wildcards: the re-check decides
  if (n.tag) return { kind: 'text', text: n.words[0]!.text, exact: true, positive: true, atom: true };
  const texts = n.words.map((w) => w.text);
  // One bare word is a keyword; several (a phrase, or a word punctuation split) are an exact phrase.
  if (texts.length === 1 && !n.quoted && /^[\p{L}\p{M}\p{N}_]+$/u.test(texts[0]!))
    return { kind: 'text', text: texts[0]!, exact: true, positive: true, atom: true };
  return { kind: 'text', text: quote(texts.join(' ')), exact: true, positive: true, atom: true };
}

function field(n: Extract<QueryNode, { kind: 'field' }>): Piece {
  switch (n.field) {
    case 'author':
      // from: takes a handle or a numeric user id, as author: does.
      return /^[A-Za-z0-9_]{1,50}$/.test(n.value) ? { kind: 'text', text: `from:${n.value}`, exact: true, positive: true, atom: true } : WIDE;
    case 'lang': {
      // X tags posts with a BCP 47 primary language (en, pt, zh); a region (pt-br) is re-checked.
      const primary = n.value.split('-')[0]!;
      // lang: is one of X's "conjunction-required" operators: it cannot stand alone (positive: false).
      return /^[a-z]{2,3}$/.test(primary) ? { kind: 'text', text: `lang:${primary}`, exact: primary === n.value, positive: false, atom: true } : WIDE;
    }
    case 'source':
      return X_SOURCES.has(n.value) ? ALL : { kind: 'none' };
    default:
      // site:/url: mean a prefix of the post's own link in Hearken; X's url: looks at links IN the post.
      return WIDE;
  }
}

function compile(n: QueryNode): Piece {
  switch (n.kind) {
    case 'words':
      return words(n);
    case 'field':
      return field(n);
    case 'near': {
      // NEAR → both sides present (wider: the distance is re-checked).
      const p = compile({ kind: 'and', children: [n.left, n.right], pos: n.pos });
      return p.kind === 'text' ? { ...p, exact: false } : p.kind === 'all' ? WIDE : p;
    }
    case 'not': {
      const c = compile(n.child);
      if (c.kind === 'none') return ALL;
      if (c.kind === 'all') return c.exact ? { kind: 'none' } : WIDE;
      if (!c.exact) return WIDE; // -x of a widened x would drop posts the query wants
      return { kind: 'text', text: `-${c.atom ? c.text : `(${c.text})`}`, exact: true, positive: false, atom: true };
    }
    case 'and': {
      const parts = n.children.map(compile);
      if (parts.some((p) => p.kind === 'none')) return { kind: 'none' };
      const texts = parts.filter((p): p is Extract<Piece, { kind: 'text' }> => p.kind === 'text');
      const exact = parts.every((p) => p.kind === 'none' || p.exact);
      if (!texts.length) return exact ? ALL : WIDE;
      return {
        kind: 'text',
        text: texts.map((t) => t.text).join(' '),
        exact,
        positive: texts.some((t) => t.positive),
        atom: texts.length === 1 && texts[0]!.atom,
      };
    }
    case 'or': {
      const parts = n.children.map(compile).filter((p) => p.kind !== 'none');
      if (!parts.length) return { kind: 'none' };
      const all = parts.find((p) => p.kind === 'all');
      if (all) return all;
      const texts = parts as Array<Extract<Piece, { kind: 'text' }>>;
      // A branch of only negations or lang: cannot stand alone in X; the whole OR becomes wide.
      if (texts.some((t) => !t.positive)) return WIDE;
      if (texts.length === 1) return texts[0]!;
      return { kind: 'text', text: `(${texts.map((t) => t.text).join(' OR ')})`, exact: texts.every((t) => t.exact), positive: true, atom: true };
    }
  }
}

/** Compiles one saved query. `maxLength` is the tier's rule length (the rule is refused above it). */
export function compileRule(query: string, o: { accentSensitive?: boolean; maxLength: number }): CompiledRule {
  let ast: QueryNode;
  try {
    ast = parseQuery(query, { accentSensitive: o.accentSensitive }).ast;
  } catch (e) {
    return { exact: false, note: `the query does not parse: ${(e as Error).message}` };
  }
  const p = compile(ast);
  if (p.kind === 'none') return { exact: false, note: 'the query does not look at X (source:)' };
  if (p.kind === 'all') return { exact: false, note: 'nothing in the query can be said in X rule syntax (X would have to send every post)' };
  if (!p.positive)
    return { exact: false, note: 'X rules need at least one positive term (a word, phrase, #tag, @mention or author:); this query has none X can use' };
  const value = p.text.startsWith('(') && p.text.endsWith(')') && p.atom ? p.text.slice(1, -1) : p.text;
  if (value.length > o.maxLength) return { exact: false, note: `the rule would be ${value.length} characters; this X tier allows ${o.maxLength}` };
  return { value, exact: p.exact, note: p.exact ? undefined : 'the rule is broader than the query: delivered posts are re-checked by Hearken' };
}
