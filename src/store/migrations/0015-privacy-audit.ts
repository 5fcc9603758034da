import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

/**
 * Privacy and accountability (docs/privacy.md):
 * - audit_log: who did what to settings, channels, members, exports and erasures. Its own table,
 *   not the event log: events are the conversations' history and fall under retention; the audit
 *   trail must outlive them.
 * - erased_at on contacts and messages: an erased contact keeps its row (conversations and the
 *   metrics still point at it) without a name, attributes or identities; an erased message keeps
 *   its direction, author kind and times (the metrics are computed from those) without its text.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_ws_ix').on('audit_log').columns(['workspace_id', 'created_at', 'id']).execute();
  await db.schema.alterTable('contacts').addColumn('erased_at', 'bigint').execute();
  await db.schema.alterTable('messages').addColumn('erased_at', 'bigint').execute();
  // FTS5 normally leaves a deleted document's terms in older index segments until they are
  // merged; with secure-delete they are removed at once, so an erased message's words do not
  // linger in the file (an edit's replaced words neither). SQLite ≥ 3.42; PostgreSQL's
  // search_docs is an ordinary table.
  if (dialect.name === 'sqlite') await sql`INSERT INTO search_docs(search_docs, rank) VALUES('secure-delete', 1)`.execute(db);
}
