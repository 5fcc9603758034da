import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * The public item a comment or mention lives under (a Facebook post, an Instagram media, a
 * tweet), kept once per channel + item so agents read the thread with its original post; and
 * the tone rules a workspace adds to (or switches off from) the built-in lists.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('post_contexts')
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    // pending (a fetch job is queued), ready, unavailable (the network said no: deleted, no permission…)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text') // 'webhook' (sent with the delivery), 'thread' (a message we hold), 'network' (fetched)
    .addColumn('text', 'text')
    .addColumn('author_name', 'text')
    .addColumn('author_handle', 'text')
    .addColumn('permalink', 'text')
    .addColumn('posted_at', 'bigint')
    .addColumn('media_url', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_contexts_pk', ['channel_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('tone_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // dismissive | blame | apology
    .addColumn('phrase', 'text', (c) => c.notNull()) // lower-case; a trailing * on a word matches any ending
    .addColumn('reason', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tone_rules_phrase_ux').on('tone_rules').columns(['workspace_id', 'language', 'kind', 'phrase']).unique().execute();
}
