import { hostOf, LANG_RE, normAuthor, normLang, normSource, normUrl } from '../fields.js';
import { type FieldName, LIMITS, type ParsedQuery, type QueryNode, isPositional } from './ast.js';
import { type Lexeme, lex } from './lexer.js';
import { QueryError, describe } from './query-error.js';
import { queryWords, tagWord } from './query-words.js';

export interface QueryOptions {
  /** Keep diacritics significant ("phở" ≠ "pho"). Default false: folded, like search. */
  accentSensitive?: boolean;
}

/**
 * Recursive descent over this grammar (binding tightest first: NEAR, NOT, AND, OR):
 *
 *   query   := or EOF
 *   or      := and ( 'OR' and )*
 *   and     := unary ( 'AND'? unary )*          adjacent terms are ANDed; "A NOT B" = A AND NOT B
 *   unary   := ( 'NOT' | '-' ) unary | near
 *   near    := primary ( NEAR/n[f] primary )*   operands: words, phrases, tags, OR-lists of them
 *   primary := '(' or ')' | word | "phrase" | #tag | @handle | field:value
 */
export function parseQuery(query: string, options: QueryOptions = {}): ParsedQuery {
  const accentSensitive = options.accentSensitive ?? false;
  if (query.length > LIMITS.maxLength) {
    throw new QueryError(LIMITS.maxLength, `query too long (${query.length} characters)`, `at most ${LIMITS.maxLength} characters`);
  }
  if (!query.trim()) throw new QueryError(0, 'empty query', 'a term');
  return { ast: new Parser(lex(query), accentSensitive).parse(), accentSensitive };
}

const STARTS_UNARY = new Set<Lexeme['type']>(['WORD', 'PHRASE', 'FIELD', '(', 'NOT', '-']);

class Parser {
  private i = 0;
  private depth = 0;
  private terms = 0;

  constructor(
    private readonly lexemes: Lexeme[],
    private readonly accentSensitive: boolean,
  ) {}

  parse(): QueryNode {
    const ast = this.or();
    const t = this.peek();
    if (t.type !== 'EOF') {
      // Everything that can continue a query was consumed, so this is a ')' with no '('.
      throw new QueryError(t.pos, `unexpected ${describe(t.raw)}`, "AND, OR, a term or the end of the query (no '(' is open)");
    }
    return ast;
  }

  private peek(): Lexeme {
    return this.lexemes[this.i]!;
  }

  private next(): Lexeme {
    return this.lexemes[this.i++]!;
  }

  private or(): QueryNode {
    const pos = this.peek().pos;
    const children = [this.and()];
    while (this.peek().type === 'OR') {
      this.next();
      children.push(this.and());
    }
    return group('or', children, pos);
  }

  private and(): QueryNode {
    const pos = this.peek().pos;
    const children = [this.unary()];
    for (;;) {
      const t = this.peek();
      if (t.type === 'AND') {
        this.next();
        children.push(this.unary());
      } else if (STARTS_UNARY.has(t.type)) {
        children.push(this.unary());
      } else break;
    }
    return group('and', children, pos);
  }

  private unary(): QueryNode {
    const t = this.peek();
    if (t.type !== 'NOT' && t.type !== '-') return this.near();
    this.next();
    this.enter(t);
    const child = this.unary();
    this.depth--;
    return { kind: 'not', child, pos: t.pos };
  }

  private near(): QueryNode {
    let left = this.primary();
    while (this.peek().type === 'NEAR') {
      const op = this.next() as Extract<Lexeme, { type: 'NEAR' }>;
      const right = this.primary();
      for (const side of [left, right]) {
        if (!isPositional(side)) {
          throw new QueryError(
            side.pos,
            `${side.kind === 'field' ? 'field' : side.kind.toUpperCase()} used with ${op.raw}`,
            `a word, phrase, #hashtag, @handle or an OR-list of them on each side of ${op.raw}`,
          );
        }
      }
      left = { kind: 'near', left, right, distance: op.distance, ordered: op.ordered, pos: op.pos };
    }
    return left;
  }

  private primary(): QueryNode {
    const t = this.next();
    switch (t.type) {
      case '(': {
        this.enter(t);
        const inner = this.or();
        const close = this.next();
        if (close.type !== ')') {
          throw new QueryError(close.pos, `unexpected ${describe(close.type === 'EOF' ? undefined : close.raw)}`, `')' to close the '(' at position ${t.pos}`);
        }
        this.depth--;
        return inner;
      }
      case 'WORD':
        this.count(t);
        if (t.raw[0] === '#' || t.raw[0] === '@') {
          return { kind: 'words', words: [tagWord(t.raw, t.pos, this.accentSensitive)], tag: t.raw[0], quoted: false, pos: t.pos };
        }
        return { kind: 'words', words: queryWords(t.raw, t.pos, this.accentSensitive), tag: '', quoted: false, pos: t.pos };
      case 'PHRASE':
        this.count(t);
        if (!t.text.trim()) throw new QueryError(t.pos, 'empty phrase', 'words between the quotes');
        return { kind: 'words', words: queryWords(t.text, t.pos, this.accentSensitive), tag: '', quoted: true, pos: t.pos };
      case 'FIELD':
        this.count(t);
        return { kind: 'field', field: t.field, value: fieldValue(t.field, t.value, t.valuePos), pos: t.pos };
      default:
        throw new QueryError(t.pos, `unexpected ${describe(t.type === 'EOF' ? undefined : t.raw)}`, 'a term');
    }
  }

  private enter(t: Lexeme): void {
    if (++this.depth > LIMITS.maxDepth) {
      throw new QueryError(t.pos, 'nesting too deep', `at most ${LIMITS.maxDepth} levels of parentheses and NOT`);
    }
  }

  private count(t: Lexeme): void {
    if (++this.terms > LIMITS.maxTerms) {
      throw new QueryError(t.pos, 'too many terms', `at most ${LIMITS.maxTerms} words, phrases, tags and fields`);
    }
  }
}

function group(kind: 'and' | 'or', children: QueryNode[], pos: number): QueryNode {
  if (children.length === 1) return children[0]!;
  // (a AND b) AND c is a AND b AND c: flat nodes evaluate and anchor more simply.
  const flat = children.flatMap((c) => (c.kind === kind ? c.children : [c]));
  return { kind, children: flat, pos };
}

function fieldValue(field: FieldName, raw: string, pos: number): string {
  switch (field) {
    case 'author':
      return normAuthor(raw) || bad(pos, 'an author handle or name');
    case 'source':
      return normSource(raw);
    case 'lang': {
      const v = normLang(raw);
      return LANG_RE.test(v) ? v : bad(pos, "a language code such as 'pt' or 'pt-br'", raw);
    }
    case 'site': {
      const v = normUrl(raw);
      if (!v || hostOf(v) !== v) return bad(pos, 'a domain such as example.com (url: takes a page address)', raw);
      return v;
    }
    case 'url':
      return normUrl(raw) || bad(pos, 'an address such as example.com/blog');
  }
}

function bad(pos: number, expected: string, raw?: string): never {
  throw new QueryError(pos, `invalid value${raw === undefined ? '' : ` ${describe(raw)}`}`, expected);
}
