import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from '../store/db.js';
import { invalid } from '../lib/errors.js';
import { queryGroups, type QueryGroup } from './tokenize.js';

/** The query's groups, or a field error when nothing searchable is left (only punctuation, emoji…). */
export function parseSearchQuery(q: string): QueryGroup[] {
  const groups = queryGroups(q);
  if (!groups.length) throw invalid('q', 'has no letters or digits to search for');
  return groups;
}

// Terms are letters and digits only, but they are escaped anyway: the engines must never read
// user text as query syntax.
const ftsPhrase = (g: QueryGroup) => `"${g.terms.join(' ').replace(/"/g, '""')}"${g.prefix ? '*' : ''}`;
const tsOperand = (term: string) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const tsPhrase = (g: QueryGroup) => g.terms.map((t, i) => tsOperand(t) + (g.prefix && i === g.terms.length - 1 ? ':*' : '')).join(' <-> ');

/**
 * The one dialect-specific piece of search: a condition on `search_docs` that holds for the
 * workspace's documents matching every group. Both engines index the same terms (tokenize.ts),
 * so they answer the same. SQLite scopes inside the MATCH (ids are indexed FTS5 columns, so that
 * is an index lookup) and keeps the words to the terms column; PostgreSQL ANDs a plain filter.
 */
export function matchClause(dialect: DialectName, workspaceId: string, groups: QueryGroup[]): RawBuilder<SqlBool> {
  if (dialect === 'sqlite') {
    const expr = `workspace_id : "${workspaceId.replace(/"/g, '""')}" AND terms : (${groups.map(ftsPhrase).join(' AND ')})`;
    return sql<SqlBool>`search_docs MATCH ${expr}`;
  }
  const tsq = groups.map((g) => `(${tsPhrase(g)})`).join(' & ');
  return sql<SqlBool>`search_docs.workspace_id = ${workspaceId} AND search_docs.tsv @@ to_tsquery('simple', ${tsq})`;
}
