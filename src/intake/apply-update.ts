import { appendEvent } from '../events/append.js';
import { newId } from '../lib/ids.js';
import { indexMessage, unindexMessage } from '../search/index-message.js';
import { prepared } from '../store/prepared.js';
import type { DeliveryStatus } from '../store/schema.js';
import type { IntakeContext } from './apply-message.js';
import type { InboundDelete, InboundEdit, InboundStatus } from '../channels/contract/inbound.js';

type Update = InboundEdit | InboundDelete | InboundStatus;

// Receipts only move forward: a late "delivered" must not undo "read".
const rank: Partial<Record<DeliveryStatus, number>> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 };

/**
 * Applies an edit, delete or delivery status to the message it names. Networks do not promise
 * order, so when that message has not arrived yet the update is parked in pending_updates and
 * applied the moment the message is stored (applyPendingUpdates).
 */
export async function applyUpdate(ctx: IntakeContext, u: Update): Promise<void> {
  const msg = await ctx.db
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'delivery_status', 'edited_at', 'deleted_at'])
    .where('channel_id', '=', ctx.channelId)
    .where('external_id', '=', u.externalId)
    .executeTakeFirst();
  if (!msg) {
    await ctx.db
      .insertInto('pending_updates')
      .values({
        id: newId(ctx.now),
        workspace_id: ctx.workspaceId,
        channel_id: ctx.channelId,
        external_id: u.externalId,
        kind: u.type,
        payload: JSON.stringify(u),
        created_at: ctx.now,
      })
      .execute();
    ctx.lookups?.parked.add(u.externalId);
    return;
  }
  const base = { workspaceId: ctx.workspaceId, conversationId: msg.conversation_id, at: ctx.now };
  if (u.type === 'edit') {
    if (msg.deleted_at !== null || (msg.edited_at !== null && msg.edited_at >= u.networkTs)) return; // stale edit
    await ctx.db.updateTable('messages').set({ body: u.text, edited_at: u.networkTs }).where('id', '=', msg.id).execute();
    await indexMessage(ctx.db, ctx.dialect, { id: msg.id, workspaceId: ctx.workspaceId, text: u.text }, true);
    await appendEvent(ctx.db, { ...base, type: 'message.edited', data: { messageId: msg.id } });
  } else if (u.type === 'delete') {
    if (msg.deleted_at !== null) return;
    // The text stays for the audit trail but leaves search and is shown as deleted.
    await ctx.db.updateTable('messages').set({ deleted_at: u.networkTs }).where('id', '=', msg.id).execute();
    await unindexMessage(ctx.db, ctx.dialect, msg.id);
    await appendEvent(ctx.db, { ...base, type: 'message.deleted', data: { messageId: msg.id } });
  } else {
    if (u.status === 'failed') {
      await ctx.db
        .updateTable('messages')
        .set({ delivery_status: 'failed', delivery_error: u.error ?? 'the network reported a failure' })
        .where('id', '=', msg.id)
        .execute();
    } else {
      const cur = rank[msg.delivery_status];
      if (cur !== undefined && cur >= rank[u.status]!) return;
      await ctx.db.updateTable('messages').set({ delivery_status: u.status }).where('id', '=', msg.id).execute();
    }
    await appendEvent(ctx.db, { ...base, type: 'message.delivery_status', data: { messageId: msg.id, status: u.status, error: u.error ?? null } });
  }
}

// Asked for every single-message delivery: compiled once (see store/prepared.ts).
const parkedFor = prepared((db, channelId: string, externalId: string) =>
  db.selectFrom('pending_updates').selectAll().where('channel_id', '=', channelId).where('external_id', '=', externalId).orderBy('created_at'),
);

export async function applyPendingUpdates(ctx: IntakeContext, externalId: string): Promise<void> {
  const parked = (await parkedFor(ctx.db, ctx.channelId, externalId)).rows;
  ctx.lookups?.parked.delete(externalId);
  if (!parked.length) return;
  await ctx.db
    .deleteFrom('pending_updates')
    .where(
      'id',
      'in',
      parked.map((p) => p.id),
    )
    .execute();
  for (const p of parked) await applyUpdate(ctx, JSON.parse(p.payload) as Update);
}
