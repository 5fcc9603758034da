import type { Kysely } from 'kysely';
import { appendEvent } from '../events/append.js';
import type { DB } from '../store/schema.js';
import { isRemoved, REMOVED_COLUMNS } from './removed-messages.js';

/** Reply authors that answer the customer (as in outbox/queue-outbound.ts and echoes in intake). */
const ANSWERS = ['human', 'outside'] as const;

/**
 * Looks at a conversation again after one of its messages was removed or came back (a delete
 * today, a hide or unhide with moderation): the customer messages written since the team last
 * answered are what it waits on. When all of them are removed, nothing waits: waiting_since and
 * needs-reply clear and removed_at takes it out of the queue (its SLA clocks stop in sla/evaluate.ts,
 * which asks the same rule). When one of them counts again, it waits from the earliest that counts
 * and is back in the queue. Idempotent; returns whether the conversation changed.
 */
export async function settleAfterRemoval(tx: Kysely<DB>, workspaceId: string, conversationId: string, now: number): Promise<boolean> {
  const conv = await tx
    .selectFrom('conversations')
    .select(['id', 'waiting_since', 'removed_at', 'needs_reply'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conv) return false;
  const answered = await tx
    .selectFrom('messages')
    .select('created_at')
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'out')
    .where('author_kind', 'in', [...ANSWERS])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const awaiting = await tx
    .selectFrom('messages')
    .select(['id', 'network_ts', 'received_at', ...REMOVED_COLUMNS])
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'in')
    .$if(answered !== undefined, (q) => q.where('created_at', '>', answered!.created_at))
    .execute();
  if (!awaiting.length) return false;
  const live = awaiting.filter((m) => !isRemoved(m));
  const removed = live.length === 0;
  const waitingSince = removed ? null : Math.min(...live.map((m) => (m.network_ts === null ? m.received_at : Math.min(m.network_ts, m.received_at))));
  const wasRemoved = (conv.removed_at ?? null) !== null;
  if (wasRemoved === removed && conv.waiting_since === waitingSince) return false;
  await tx
    .updateTable('conversations')
    .set({
      waiting_since: waitingSince,
      removed_at: removed ? (conv.removed_at ?? now) : null,
      // Nothing left to answer; when a message comes back, triage's label for it is not known here.
      ...(removed ? { needs_reply: 0 } : {}),
      updated_at: now,
    })
    .where('id', '=', conversationId)
    .execute();
  if (wasRemoved !== removed)
    await appendEvent(tx, { workspaceId, type: 'conversation.removal_settled', conversationId, data: { removed, waitingSince }, at: now });
  return true;
}
