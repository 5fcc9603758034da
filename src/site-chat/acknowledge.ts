import type { JournalContext } from '../channels/contract/context.js';
import type { SiteChannel } from './load-site-channel.js';
import type { SiteJournalBody } from '../channels/site/parse.js';
import { visitorThreadKey } from './visitor-messages.js';

/**
 * The visitor's browser confirms it showed agent replies: each becomes a "delivered" (or "read",
 * when the chat panel was open) receipt through the journal, as a network's receipt would. Only
 * replies in this visitor's own chat, not yet at that status, are acknowledged; other ids are ignored.
 */
export async function acknowledgeVisitorMessages(
  ctx: JournalContext,
  ch: SiteChannel,
  visitorId: string,
  input: { ids: string[]; status: 'delivered' | 'read' },
) {
  if (!input.ids.length) return { acknowledged: 0 };
  const behind = input.status === 'read' ? ['sent', 'delivered'] : ['sent'];
  const rows = await ctx.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.external_id'])
    .where('messages.workspace_id', '=', ch.row.workspace_id)
    .where('messages.channel_id', '=', ch.row.id)
    .where('conversations.thread_key', '=', visitorThreadKey(ch.row.id, visitorId))
    .where('messages.id', 'in', input.ids)
    .where('messages.direction', '=', 'out')
    .where('messages.delivery_status', 'in', behind as Array<'sent' | 'delivered'>)
    .execute();
  const ext = rows.map((r) => r.external_id).filter((x): x is string => !!x);
  if (!ext.length) return { acknowledged: 0 };
  const now = ctx.now();
  const body: SiteJournalBody = { events: ext.map((id) => ({ type: 'status' as const, id, status: input.status, ts: now })) };
  await ctx.journal(ctx.db, {
    workspaceId: ch.row.workspace_id,
    channelId: ch.row.id,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    receivedAt: now,
  });
  ctx.wakeIntake();
  return { acknowledged: ext.length };
}
