import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Replies that wait before the outbox (src/held-replies/):
 * - held_replies: a reply proposed for approval and/or scheduled for later. It keeps what the
 *   agent asked for (text, visibility, files, "then" status…) and is turned into a real reply
 *   through the outbox door once approved and due; message_id names that message. The status
 *   moves proposed → scheduled → sent, or to rejected / cancelled / failed, each move a
 *   conditional update so two workers never release one reply twice.
 * - approval_policies: the workspace's approval policy as one JSON document (held-replies/policy.ts).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('held_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('author_user_id', 'text')
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('needs_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('policy_reason', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('original_text', 'text')
    .addColumn('visibility', 'text')
    .addColumn('reply_to_message_id', 'text')
    .addColumn('public_note', 'text')
    .addColumn('then_status', 'text')
    .addColumn('allow_personal_data', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('send_at', 'bigint')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('reject_reason', 'text')
    .addColumn('message_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('held_replies_conv_ix').on('held_replies').columns(['conversation_id', 'status']).execute();
  await db.schema.createIndex('held_replies_ws_status_ix').on('held_replies').columns(['workspace_id', 'status', 'created_at']).execute();

  await db.schema
    .createTable('approval_policies')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
