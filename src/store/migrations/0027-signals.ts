import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * The triage signals on the conversation, and its computed priority (src/enrich/rescore.ts):
 * the score and its reasons, whether an agent pinned the level by hand, and when the score
 * should next be recomputed because waiting time grows (null = nothing to do by time).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('intent_confidence', 'double precision').execute();
  await db.schema.alterTable('conversations').addColumn('troll_score', 'double precision').execute();
  await db.schema
    .alterTable('conversations')
    .addColumn('priority_score', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('conversations').addColumn('priority_reasons', 'text').execute();
  await db.schema
    .alterTable('conversations')
    .addColumn('priority_pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('conversations').addColumn('priority_scored_at', 'bigint').execute();
  await db.schema.alterTable('conversations').addColumn('priority_due_at', 'bigint').execute();

  // "Needs a reply", oldest waiting first (the built-in view): one index range, like conv_waiting_ix.
  await sql`CREATE INDEX conv_needs_reply_ix ON conversations (workspace_id, needs_reply, status, (coalesce(waiting_since, 9007199254740991)), id)`.execute(db);
  // Sort by priority: level, then score, then newest (list-conversations.ts writes the same order).
  await db.schema
    .createIndex('conv_priority_ix')
    .on('conversations')
    .columns(['workspace_id', 'status', 'priority', 'priority_score', 'last_message_at', 'id'])
    .execute();
  // "Only trolls" reads the few likely trolls straight off the index.
  await db.schema.createIndex('conv_troll_ix').on('conversations').columns(['workspace_id', 'troll_score']).execute();
  // The waiting-time re-scorer's batch: due rows first, across workspaces.
  await db.schema.createIndex('conv_priority_due_ix').on('conversations').columns(['priority_due_at']).execute();
}
