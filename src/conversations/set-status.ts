import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { conflict, invalid } from '../lib/errors.js';
import type { ConversationStatus } from '../store/schema.js';
import { loadConversation } from './load-conversation.js';
import { scheduleSurvey } from '../surveys/schedule-survey.js';

/**
 * Changes a conversation's status. "snoozed" needs a time in the future; the scheduler reopens
 * it then (processes/scheduler.ts), and so does a new customer message before that.
 */
export async function setStatus(
  app: App,
  input: { workspaceId: string; conversationId: string; actorUserId: string | null; status: ConversationStatus; snoozedUntil?: number },
) {
  const now = app.now();
  if (input.status === 'snoozed') {
    if (input.snoozedUntil === undefined) throw invalid('snoozedUntil', 'required when status is snoozed');
    if (input.snoozedUntil <= now) throw invalid('snoozedUntil', 'must be in the future');
  } else if (input.snoozedUntil !== undefined) throw invalid('snoozedUntil', 'only allowed when status is snoozed');
  const result = await app.store.db.transaction().execute(async (tx) => {
    const conv = await loadConversation(tx, input.workspaceId, input.conversationId);
    if (conv.status === input.status && input.status !== 'snoozed') throw conflict(`conversation is already ${input.status}`);
    await tx
      .updateTable('conversations')
      .set({
        status: input.status,
        snoozed_until: input.status === 'snoozed' ? input.snoozedUntil! : null,
        resolved_at: input.status === 'resolved' ? now : null,
        updated_at: now,
      })
      .where('id', '=', conv.id)
      .execute();
    const reopened = conv.status === 'resolved' && input.status === 'open';
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: reopened ? 'conversation.reopened' : 'conversation.status_changed',
      conversationId: conv.id,
      actorUserId: input.actorUserId,
      data: { from: conv.status, to: input.status, snoozedUntil: input.snoozedUntil ?? null, reason: 'agent' },
      at: now,
    });
    // A resolution may ask the customer for a rating later (surveys/, cancelled by a reopen).
    if (input.status === 'resolved') await scheduleSurvey(tx, conv, now);
    return { ...conv, status: input.status, snoozed_until: input.snoozedUntil ?? null, resolved_at: input.status === 'resolved' ? now : null, updated_at: now };
  });
  app.bus.poke(input.workspaceId);
  return result;
}
