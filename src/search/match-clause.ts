import type { RawBuilder, SqlBool } from 'kysely';
import type { Dialect } from '../store/db.js';
import { invalid } from '../lib/errors.js';
import { queryGroups, type QueryGroup } from './tokenize.js';

/** The query's groups, or a field error when nothing searchable is left (only punctuation, emoji…). */
export function parseSearchQuery(q: string): QueryGroup[] {
  const groups = queryGroups(q);
  if (!groups.length) throw invalid('q', 'has no letters or digits to search for');
  return groups;
}

/**
 * A condition on `search_docs` that holds for the workspace's documents matching every group.
 * Both engines index the same terms (tokenize.ts), so they answer the same; how each one matches
 * is its dialect's (store/dialects/: search.match).
 */
export function matchClause(dialect: Dialect, workspaceId: string, groups: QueryGroup[]): RawBuilder<SqlBool> {
  return dialect.search.match(workspaceId, groups);
}
