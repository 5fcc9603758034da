import type { Kysely, Selectable } from 'kysely';
import type { Dialect } from '../store/db.js';
import type { ContactTable, DB } from '../store/schema.js';

/**
 * Reads contacts of one workspace for a read-modify-write inside a transaction. On PostgreSQL the
 * rows are locked (in id order, so two merges of the same pair cannot deadlock or cross each
 * other into a cycle); SQLite already serializes writers.
 */
export async function lockContacts(db: Kysely<DB>, dialect: Dialect, workspaceId: string, ids: string[]): Promise<Map<string, Selectable<ContactTable>>> {
  const q = db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).orderBy('id');
  const rows = await dialect.lockRows(q).execute();
  return new Map(rows.map((r) => [r.id, r]));
}
