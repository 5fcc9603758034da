import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { priorityRank, type PriorityName } from '../lib/priority.js';
import { loadConversation } from './load-conversation.js';

/** Priority (stored as its rank, lib/priority.ts) and subject; other fields have their own commands. */
export async function updateConversation(
  app: App,
  input: { workspaceId: string; conversationId: string; actorUserId: string | null; priority?: PriorityName; subject?: string | null },
) {
  const now = app.now();
  const result = await app.store.db.transaction().execute(async (tx) => {
    const conv = await loadConversation(tx, input.workspaceId, input.conversationId);
    const patch = {
      priority: input.priority === undefined ? conv.priority : priorityRank(input.priority),
      subject: input.subject === undefined ? conv.subject : input.subject,
      updated_at: now,
    };
    await tx.updateTable('conversations').set(patch).where('id', '=', conv.id).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'conversation.updated',
      conversationId: conv.id,
      actorUserId: input.actorUserId,
      data: { priority: patch.priority, subject: patch.subject },
      at: now,
    });
    return { ...conv, ...patch };
  });
  app.bus.poke(input.workspaceId);
  return result;
}
