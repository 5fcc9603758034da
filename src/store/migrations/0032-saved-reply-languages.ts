import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Saved replies in several languages (issue 13, src/saved-replies/): a saved reply keeps its main
 * body (the fallback; `saved_replies.language` optionally says which language it is written in)
 * and at most one translation per language code.
 *
 * A table rather than a JSON column: the primary key (saved_reply_id, language) refuses a second
 * text for a language on both databases without dialect code, a translation carries its own
 * updated_at, and deleting a saved reply deletes its translations through the foreign key (the
 * use-case deletes them explicitly too, in the same transaction). workspace_id is kept on each
 * row so that every query stays scoped to the workspace, like every other table.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('saved_replies').addColumn('language', 'text').execute();
  await db.schema
    .createTable('saved_reply_translations')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('saved_reply_id', 'text', (c) => c.notNull().references('saved_replies.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('saved_reply_translations_pk', ['saved_reply_id', 'language'])
    .execute();
  await db.schema.createIndex('saved_reply_translations_ws_ix').on('saved_reply_translations').columns(['workspace_id', 'saved_reply_id']).execute();
}
