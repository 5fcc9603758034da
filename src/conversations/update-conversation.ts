import type { App } from '../app.js';
import { rescoreConversation } from '../enrich/rescore.js';
import { appendEvent } from '../events/append.js';
import { priorityRank, type PriorityName } from '../lib/priority.js';
import { loadConversation } from './load-conversation.js';

/**
 * Priority (stored as its rank, lib/priority.ts) and subject; other fields have their own commands.
 * A priority set by hand is pinned: the computed priority (enrich/rescore.ts) leaves it alone until
 * `auto` gives it back, which re-scores at once.
 */
export async function updateConversation(
  app: App,
  input: { workspaceId: string; conversationId: string; actorUserId: string | null; priority?: PriorityName | 'auto'; subject?: string | null },
) {
  const now = app.now();
  const result = await app.store.db.transaction().execute(async (tx) => {
    const conv = await loadConversation(tx, input.workspaceId, input.conversationId);
    const wanted = input.priority;
    const auto = wanted === 'auto';
    const pinned = wanted === undefined ? (conv.priority_pinned ?? 0) : auto ? 0 : 1;
    const patch = {
      priority: wanted === undefined || wanted === 'auto' ? conv.priority : priorityRank(wanted),
      subject: input.subject === undefined ? conv.subject : input.subject,
      priority_pinned: pinned,
      updated_at: now,
    };
    await tx.updateTable('conversations').set(patch).where('id', '=', conv.id).execute();
    if (auto) await rescoreConversation(tx, conv.id, now, undefined, { silent: true });
    const after = await loadConversation(tx, input.workspaceId, input.conversationId);
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'conversation.updated',
      conversationId: conv.id,
      actorUserId: input.actorUserId,
      data: { priority: after.priority, subject: patch.subject, ...(input.priority === undefined ? {} : { pinned: pinned === 1 }) },
      at: now,
    });
    return after;
  });
  app.bus.poke(input.workspaceId);
  return result;
}
