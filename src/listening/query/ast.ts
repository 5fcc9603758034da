/**
 * The syntax tree of a listening query (docs/listening-queries.md). Words are stored already
 * folded the way the post text will be (see query-words.ts), so evaluation compares strings only.
 */

/** One word of a term or phrase: an exact folded word, or a wildcard pattern over one word. */
export type WordPattern =
  | { kind: 'word'; text: string }
  | {
      kind: 'pattern';
      /** As typed (folded), e.g. "organi?ation" or "refund*". */
      text: string;
      /** The literal characters before the first wildcard (at least MIN_WILDCARD_PREFIX). */
      prefix: string;
      /** Compiled once: anchored, Unicode-aware. */
      re: RegExp;
    };

export type FieldName = 'author' | 'lang' | 'site' | 'url' | 'source';

export type QueryNode =
  | { kind: 'and'; children: QueryNode[]; pos: number }
  | { kind: 'or'; children: QueryNode[]; pos: number }
  | { kind: 'not'; child: QueryNode; pos: number }
  /**
   * Proximity: at most `distance` other words between a span of `left` and one of `right`;
   * `ordered` (NEAR/nf) also requires left before right.
   */
  | { kind: 'near'; left: QueryNode; right: QueryNode; distance: number; ordered: boolean; pos: number }
  /**
   * Words that must appear next to each other in this order: a bare word (one or more words when
   * punctuation or a Chinese run splits it), a quoted phrase, or a #hashtag / @handle (`tag`).
   */
  | { kind: 'words'; words: WordPattern[]; tag: '' | '#' | '@'; quoted: boolean; pos: number }
  /** A field of the post rather than its text; `value` is normalized (fields.ts). */
  | { kind: 'field'; field: FieldName; value: string; pos: number };

export interface ParsedQuery {
  ast: QueryNode;
  /** Words compared with diacritics kept (only case folded) instead of folded away. */
  accentSensitive: boolean;
}

/** Limits: checked by the parser, each with its own message (docs/listening-queries.md#limits). */
export const LIMITS = {
  maxLength: 2048,
  maxNear: 50,
  minWildcardPrefix: 3,
  maxDepth: 20,
  maxTerms: 200,
} as const;

/** Nodes that have positions in the text, and so may be operands of NEAR. */
export function isPositional(n: QueryNode): boolean {
  if (n.kind === 'words' || n.kind === 'near') return true;
  if (n.kind === 'or') return n.children.every(isPositional);
  return false;
}
