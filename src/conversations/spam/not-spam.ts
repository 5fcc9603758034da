import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { conflict } from '../../lib/errors.js';
import { loadConversation } from '../load-conversation.js';

/**
 * "Not spam": the conversation comes back to the queue in the status it kept, and its SLA clocks
 * are evaluated again from its messages (a customer who waited meanwhile still waited). Triage does
 * not mark it again for what arrived before this (spam_cleared_at). 409 if it is not spam.
 */
export async function notSpam(app: App, input: { workspaceId: string; conversationId: string; actorUserId: string | null }) {
  const now = app.now();
  const conv = await app.store.db.transaction().execute(async (tx) => {
    const c = await loadConversation(tx, input.workspaceId, input.conversationId);
    if ((c.spam_at ?? null) === null) throw conflict('conversation is not marked spam');
    const set = { spam_at: null, spam_source: null, spam_by: null, spam_signal: null, spam_score: null, spam_cleared_at: now, updated_at: now };
    await tx.updateTable('conversations').set(set).where('id', '=', c.id).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'conversation.unmarked_spam',
      conversationId: c.id,
      actorUserId: input.actorUserId,
      data: { wasSource: c.spam_source ?? 'agent', status: c.status },
      at: now,
    });
    return { ...c, ...set };
  });
  app.bus.poke(input.workspaceId);
  return conv;
}
