import { PostgresAdapter, SqliteAdapter, type Kysely } from 'kysely';
import type { Dialect } from './dialect.js';
import { postgresDialect } from './postgres.js';
import { sqliteDialect } from './sqlite.js';

export type { ConnectionInfo, Dialect, DialectName, SearchCursor, SearchGroup } from './dialect.js';
export { postgresDialect, sqliteDialect };

/**
 * The dialect a Kysely instance (or transaction) speaks, for code that has only the handle: a
 * prepared() build, which runs once per adapter (store/prepared.ts). Elsewhere use store.dialect.
 */
export function dialectOf(db: Kysely<any>): Dialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return postgresDialect;
  if (adapter instanceof SqliteAdapter) return sqliteDialect;
  throw new Error(`no Hearken dialect for ${adapter.constructor.name}`);
}
