import { appendEvent } from '../events/append.js';
import type { DeliveryStatus } from '../store/schema.js';
import type { IntakeContext } from './apply-message.js';
import type { InboundStatusWatermark } from '../channels/contract/inbound.js';

// Only messages the network confirmed it took (sent) move on; a read also covers delivered ones.
// Queued/sending/failed/needs_human are never touched: a watermark does not prove those left Hearken,
// and "read" is never moved back to "delivered".
const before: Record<InboundStatusWatermark['status'], DeliveryStatus[]> = { delivered: ['sent'], read: ['sent', 'delivered'] };

/**
 * Applies a receipt that names a time, not a message: every outbound message of the channel's DM
 * conversation(s) with that customer whose time (network time, else when Hearken created it) is at or
 * before the watermark reaches the status. Nothing matches before the messages exist, and a
 * redelivered receipt finds them already moved on, so it is idempotent and never parked.
 */
export async function applyWatermark(ctx: IntakeContext, u: InboundStatusWatermark): Promise<void> {
  const key = `${ctx.channelId}:dm:${u.customerExternalId}`;
  const rows = await ctx.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.id', 'messages.conversation_id', 'messages.delivery_status'])
    .where('conversations.workspace_id', '=', ctx.workspaceId)
    .where('conversations.channel_id', '=', ctx.channelId)
    .where('conversations.thread_key', '=', key)
    .where('messages.workspace_id', '=', ctx.workspaceId)
    .where('messages.channel_id', '=', ctx.channelId)
    .where('messages.direction', '=', 'out')
    .where('messages.delivery_status', 'in', before[u.status])
    .where((eb) => eb(eb.fn.coalesce('messages.network_ts', 'messages.created_at'), '<=', u.watermark))
    .orderBy('messages.created_at')
    .orderBy('messages.id')
    .execute();
  for (const m of rows) {
    // Guarded by the status read above: a concurrent per-id receipt that got there first wins.
    const r = await ctx.db
      .updateTable('messages')
      .set({ delivery_status: u.status })
      .where('id', '=', m.id)
      .where('delivery_status', '=', m.delivery_status)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) continue;
    await appendEvent(ctx.db, {
      workspaceId: ctx.workspaceId,
      conversationId: m.conversation_id,
      at: ctx.now,
      type: 'message.delivery_status',
      data: { messageId: m.id, status: u.status, error: null },
    });
  }
}
