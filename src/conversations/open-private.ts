import type { Kysely } from 'kysely';
import { appendEvent } from '../events/append.js';
import { newId } from '../lib/ids.js';
import type { ConversationTable, DB } from '../store/schema.js';

/**
 * Move to private: finds the customer's open private conversation on the same channel, or opens
 * one, and links it to the public conversation both ways (the private one keeps where it came from).
 */
export async function openPrivateFromPublic(tx: Kysely<DB>, pub: ConversationTable, now: number, actorUserId: string | null): Promise<ConversationTable> {
  const identity = await tx.selectFrom('identities').select('external_id').where('contact_id', '=', pub.contact_id).orderBy('created_at').executeTakeFirst();
  const key = `${pub.channel_id}:dm:${identity?.external_id ?? pub.contact_id}`;
  const existing = await tx
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', pub.workspace_id)
    .where('thread_key', '=', key)
    .where('status', '!=', 'resolved')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  let priv: ConversationTable;
  if (existing) {
    priv = { ...existing, linked_conversation_id: pub.id };
    await tx.updateTable('conversations').set({ linked_conversation_id: pub.id, updated_at: now }).where('id', '=', existing.id).execute();
  } else {
    priv = {
      ...pub,
      id: newId(now),
      kind: 'dm',
      visibility: 'private',
      status: 'open',
      thread_key: key,
      public_item_id: null,
      linked_conversation_id: pub.id,
      snoozed_until: null,
      last_message_at: now,
      waiting_since: null,
      last_inbound_at: null,
      unread: 0,
      created_at: now,
      updated_at: now,
      resolved_at: null,
    };
    await tx.insertInto('conversations').values(priv).execute();
    await appendEvent(tx, {
      workspaceId: pub.workspace_id,
      type: 'conversation.created',
      conversationId: priv.id,
      actorUserId,
      data: { kind: 'dm', visibility: 'private', channelId: priv.channel_id, contactId: priv.contact_id, fromConversationId: pub.id },
      at: now,
    });
  }
  await tx.updateTable('conversations').set({ linked_conversation_id: priv.id, updated_at: now }).where('id', '=', pub.id).execute();
  await appendEvent(tx, {
    workspaceId: pub.workspace_id,
    type: 'conversation.moved_to_private',
    conversationId: pub.id,
    actorUserId,
    data: { privateConversationId: priv.id },
    at: now,
  });
  return priv;
}
