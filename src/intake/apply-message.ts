import type { Kysely } from 'kysely';
import type { DialectName } from '../store/db.js';
import type { ConversationTable, DB } from '../store/schema.js';
import { appendEvent } from '../events/append.js';
import { newId } from '../lib/ids.js';
import { resolveContact } from '../contacts/resolve-contact.js';
import { indexMessage } from '../search/index-message.js';
import type { InboundMessage } from './normalized.js';
import { REOPEN_WINDOW_MS, findThread, lockThread, threadKey } from './threading.js';
import { applyPendingUpdates } from './apply-update.js';

export interface IntakeContext {
  db: Kysely<DB>;
  dialect: DialectName;
  workspaceId: string;
  channelId: string;
  network: string;
  now: number;
}

/**
 * Turns one normalized inbound message into a stored message in the right conversation.
 * Returns false when it is a duplicate (same channel + external id seen before).
 */
export async function applyMessage(ctx: IntakeContext, m: InboundMessage): Promise<boolean> {
  const { db, workspaceId, channelId, now } = ctx;
  const dup = await db.selectFrom('messages').select('id').where('channel_id', '=', channelId).where('external_id', '=', m.externalId).executeTakeFirst();
  if (dup) return false;

  const contactId = await resolveContact(db, { workspaceId, network: ctx.network, externalId: m.from.externalId, name: m.from.name, handle: m.from.handle, now });
  const key = threadKey(channelId, m, m.from.externalId);
  await lockThread(db, ctx.dialect, key);
  let conv = await findThread(db, workspaceId, channelId, key, m);
  const inbound = m.direction === 'in';

  if (conv && conv.status === 'resolved' && inbound) {
    if (conv.resolved_at !== null && now - conv.resolved_at <= REOPEN_WINDOW_MS) {
      await db.updateTable('conversations').set({ status: 'open', resolved_at: null, snoozed_until: null, updated_at: now }).where('id', '=', conv.id).execute();
      await appendEvent(db, { workspaceId, type: 'conversation.reopened', conversationId: conv.id, data: { from: 'resolved', to: 'open', reason: 'customer_message' }, at: now });
      conv = { ...conv, status: 'open', resolved_at: null };
    } else conv = undefined;
  }
  if (!conv) conv = await openConversation(ctx, m, key, contactId);
  else if (inbound && (conv.status === 'pending' || conv.status === 'snoozed')) {
    // The customer wrote back: pending/snoozed conversations come back to the queue.
    await db.updateTable('conversations').set({ status: 'open', snoozed_until: null, updated_at: now }).where('id', '=', conv.id).execute();
    await appendEvent(db, { workspaceId, type: 'conversation.status_changed', conversationId: conv.id, data: { from: conv.status, to: 'open', reason: 'customer_message' }, at: now });
  }

  const id = newId(now);
  await db
    .insertInto('messages')
    .values({
      id,
      workspace_id: workspaceId,
      conversation_id: conv.id,
      channel_id: channelId,
      direction: inbound ? 'in' : 'out',
      author_kind: m.authorKind,
      author_user_id: null,
      visibility: m.visibility,
      body: m.text,
      attachments: JSON.stringify(m.attachments),
      external_id: m.externalId,
      reply_to_external_id: m.replyToExternalId ?? null,
      network_ts: m.networkTs,
      received_at: now,
      delivery_status: inbound ? 'received' : 'sent',
      delivery_error: null,
      edited_at: null,
      deleted_at: null,
      created_at: now,
    })
    .execute();
  await indexMessage(db, ctx.dialect, { id, workspaceId, text: m.text });

  const at = Math.max(conv.last_message_at, m.networkTs);
  await db
    .updateTable('conversations')
    .set(
      inbound
        ? (eb) => ({ last_message_at: at, last_inbound_at: Math.max(conv!.last_inbound_at ?? 0, m.networkTs), waiting_since: conv!.waiting_since ?? m.networkTs, unread: eb('unread', '+', 1), updated_at: now })
        : // An echo of a reply sent outside Hearken answers the customer as much as one sent here.
          { last_message_at: at, waiting_since: null, updated_at: now },
    )
    .where('id', '=', conv.id)
    .execute();
  await appendEvent(db, { workspaceId, type: inbound ? 'message.received' : 'message.echoed', conversationId: conv.id, data: { messageId: id, externalId: m.externalId, kind: conv.kind }, at: now });
  await applyPendingUpdates(ctx, m.externalId);
  return true;
}

async function openConversation(ctx: IntakeContext, m: InboundMessage, key: string, contactId: string): Promise<ConversationTable> {
  const row: ConversationTable = {
    id: newId(ctx.now),
    workspace_id: ctx.workspaceId,
    channel_id: ctx.channelId,
    contact_id: contactId,
    kind: m.kind,
    visibility: m.visibility,
    status: 'open',
    priority: 0,
    assignee_id: null,
    team_id: null,
    subject: m.subject ?? null,
    thread_key: key,
    public_item_id: m.publicItemId ?? null,
    linked_conversation_id: null,
    snoozed_until: null,
    last_message_at: m.networkTs,
    waiting_since: null,
    last_inbound_at: null,
    language: null,
    sentiment: null,
    unread: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
    resolved_at: null,
  };
  await ctx.db.insertInto('conversations').values(row).execute();
  await appendEvent(ctx.db, { workspaceId: ctx.workspaceId, type: 'conversation.created', conversationId: row.id, data: { kind: row.kind, visibility: row.visibility, channelId: row.channel_id, contactId }, at: ctx.now });
  return row;
}
