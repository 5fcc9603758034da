import type { App } from '../../app.js';
import { conflict } from '../../lib/errors.js';
import { loadConversation } from '../load-conversation.js';
import { applySpamMark } from './apply-spam.js';

/** An agent marks a conversation spam (409 if it already is). */
export async function markSpam(app: App, input: { workspaceId: string; conversationId: string; actorUserId: string }) {
  const now = app.now();
  const conv = await app.store.db.transaction().execute(async (tx) => {
    const c = await loadConversation(tx, input.workspaceId, input.conversationId);
    if ((c.spam_at ?? null) !== null) throw conflict('conversation is already marked spam');
    return applySpamMark(tx, c, { source: 'agent', by: input.actorUserId, signal: null, score: null }, now);
  });
  app.bus.poke(input.workspaceId);
  return conv;
}
