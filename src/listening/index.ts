import { anchorsOf } from './match/anchors.js';
import { evaluate } from './match/evaluate.js';
import { type Post, type PostView, viewOf } from './match/post-view.js';
import type { ParsedQuery } from './query/ast.js';
import { type QueryOptions, parseQuery } from './query/parser.js';

/**
 * Listening's query language and matching engine (docs/listening-queries.md). The rest of
 * listening (sources, mentions feed, alerts, reports) needs only what is exported here.
 */
export { compileQueries, Matcher, type CompileOptions, type QueryInput } from './match/matcher.js';
export type { Post } from './match/post-view.js';
export { QueryError } from './query/query-error.js';
export { LIMITS, type ParsedQuery, type QueryNode } from './query/ast.js';
export { parseQuery, type QueryOptions } from './query/parser.js';

/**
 * Checks a query before it is saved: parses it and refuses one that would match almost every
 * post. Throws QueryError (an AppError 'invalid_request' on field 'query').
 */
export function validateQuery(query: string, options: QueryOptions = {}): ParsedQuery {
  const parsed = parseQuery(query, options);
  anchorsOf(parsed.ast);
  return parsed;
}

/**
 * Whether one query matches one post, evaluated directly (no prefilter). For a preview of a draft
 * over recent posts, and the reference the engine is tested against.
 */
export function matchesQuery(query: string | ParsedQuery, post: Post, options: QueryOptions = {}): boolean {
  const parsed = typeof query === 'string' ? validateQuery(query, options) : query;
  return evaluate(parsed.ast, viewOf(post, parsed.accentSensitive));
}

/** The posts a draft query matches, for the preview before saving (at most `limit`). */
export function previewQuery<P extends Post>(query: string, posts: Iterable<P>, options: QueryOptions & { limit?: number } = {}): P[] {
  const parsed = validateQuery(query, options);
  const out: P[] = [];
  for (const p of posts) {
    if (out.length >= (options.limit ?? 50)) break;
    if (evaluate(parsed.ast, viewOf(p, parsed.accentSensitive))) out.push(p);
  }
  return out;
}

const parsedQueries = new Map<string, ParsedQuery>();
const PARSED_KEPT = 1000;

/**
 * One text checked against many queries (automation rules' "text matches"): the text is
 * tokenized once per accent mode and each query parsed once and kept (a bounded cache: rules
 * ask the same few queries of every message). Throws QueryError for a query that does not parse.
 */
export function textMatcher(text: string): (query: string) => boolean {
  const views = new Map<boolean, PostView>();
  return (query) => {
    let parsed = parsedQueries.get(query);
    if (!parsed) {
      parsed = validateQuery(query);
      if (parsedQueries.size >= PARSED_KEPT) parsedQueries.delete(parsedQueries.keys().next().value!);
      parsedQueries.set(query, parsed);
    }
    let view = views.get(parsed.accentSensitive);
    if (!view) views.set(parsed.accentSensitive, (view = viewOf({ text }, parsed.accentSensitive)));
    return evaluate(parsed.ast, view);
  };
}
