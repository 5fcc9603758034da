import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

/**
 * Data retention (issue 17, src/retention, docs/retention.md):
 * - retention_settings: per workspace, how many days raw deliveries (journal), events, stored
 *   media and resolved conversations are kept — null keeps them forever, the default, so nothing
 *   changes for a workspace until an admin sets a limit. `events_after` is how far the event
 *   purge has decided (every event at or below it is gone or belongs to a conversation still
 *   kept); `media_after` the same for messages' stored attachments. The removed_* totals feed
 *   Prometheus without summing every run.
 * - retention_runs: one row per run and workspace, its counts updated in the same transaction as
 *   each batch it deletes, so what a run removed is exact even if it is interrupted; the unique
 *   partial index allows one unfinished run per workspace (the one that resumes after a crash).
 * - retention_media_keys: stored files whose last reference a run removed, waiting for the sweep
 *   that deletes each one nothing else refers to (files are shared by content across workspaces).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('retention_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
    .addColumn('journal_days', 'integer')
    .addColumn('events_days', 'integer')
    .addColumn('media_days', 'integer')
    .addColumn('conversations_days', 'integer')
    .addColumn('events_after', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('media_after', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('removed_journal', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('removed_events', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('removed_media', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('removed_conversations', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('removed_messages', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('removed_files', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('retention_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('journal', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('events', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('media', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('conversations', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('messages', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('files', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('retention_runs_ws_ix').on('retention_runs').columns(['workspace_id', 'started_at']).execute();
  // One unfinished run per workspace: the same statement on both dialects.
  await sql`CREATE UNIQUE INDEX retention_runs_open_uq ON retention_runs (workspace_id) WHERE finished_at IS NULL`.execute(db);

  await db.schema
    .createTable('retention_media_keys')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('retention_media_keys_pk', ['workspace_id', 'key'])
    .execute();
}
