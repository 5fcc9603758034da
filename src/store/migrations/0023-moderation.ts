import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

/**
 * Moderation of public comments (README "Moderation", src/outbox/moderate.ts):
 * - messages.hidden_at: the comment is hidden on the network (visible only to its author and
 *   friends there); null = shown. Deleting by the team uses the existing deleted_at.
 * - messages.liked_at: the brand liked the comment on the network.
 * - identities.blocked_at: the author's account is blocked (banned from the Page) on the network.
 * - moderation_actions: one row per action queued through the outbox (the one door), its job's
 *   state and the network's error, so the thread shows "hiding…" and "Facebook refused: …".
 *   No foreign keys, like the other per-conversation tables retention purges with the
 *   conversation (retention/purge-conversations.ts).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('messages').addColumn('hidden_at', 'bigint').execute();
  await db.schema.alterTable('messages').addColumn('liked_at', 'bigint').execute();
  await db.schema.alterTable('identities').addColumn('blocked_at', 'bigint').execute();
  await db.schema
    .createTable('moderation_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('actor_user_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_actions_msg_ix').on('moderation_actions').columns(['message_id', 'created_at']).execute();
  await db.schema.createIndex('moderation_actions_conv_ix').on('moderation_actions').columns(['conversation_id']).execute();
}
