import type { Kysely } from 'kysely';
import type { Dialect } from '../store/db.js';
import type { DB } from '../store/schema.js';

/**
 * Serializes membership changes within one workspace for the rest of the transaction, so that two
 * owners demoting each other at once cannot leave the workspace with none. PostgreSQL locks the
 * workspace row; SQLite already runs one write transaction at a time and has no FOR UPDATE.
 */
export async function lockWorkspace(tx: Kysely<DB>, dialect: Dialect, workspaceId: string): Promise<void> {
  const q = tx.selectFrom('workspaces').select('id').where('id', '=', workspaceId);
  await dialect.lockRows(q).execute();
}
