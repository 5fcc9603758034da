import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Merging conversations (issue 13, src/conversations/merge/):
 * - conversations.merged_into_id / merged_at / merged_by: a conversation merged into another stays
 *   as a tombstone pointing at it (links, threading and its own metric history follow it).
 * - messages.origin_conversation_id: the conversation (network thread) a message belongs to when it
 *   now sits in another one after a merge; null = the conversation it is in. Replies go out
 *   through that thread, metrics count the message there, an unmerge sends it back there.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('merged_into_id', 'text').execute();
  await db.schema.alterTable('conversations').addColumn('merged_at', 'bigint').execute();
  await db.schema.alterTable('conversations').addColumn('merged_by', 'text').execute();
  await db.schema.createIndex('conv_merged_into_ix').on('conversations').columns(['merged_into_id']).execute();
  await db.schema.alterTable('messages').addColumn('origin_conversation_id', 'text').execute();
  await db.schema.createIndex('messages_origin_ix').on('messages').columns(['origin_conversation_id']).execute();
}
