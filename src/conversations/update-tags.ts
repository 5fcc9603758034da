import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { loadConversation } from './load-conversation.js';

/** Tags are normalized (trimmed, lowercased) so "Refund" and "refund " are one tag. */
export const normalizeTag = (t: string) => t.trim().toLowerCase().replace(/\s+/g, '-');

export async function updateTags(
  app: App,
  input: { workspaceId: string; conversationId: string; actorUserId: string | null; add: string[]; remove: string[] },
) {
  const now = app.now();
  const add = [...new Set(input.add.map(normalizeTag))].filter(Boolean);
  const remove = [...new Set(input.remove.map(normalizeTag))].filter(Boolean);
  const tags = await app.store.db.transaction().execute(async (tx) => {
    const conv = await loadConversation(tx, input.workspaceId, input.conversationId);
    const existing = new Set((await tx.selectFrom('conversation_tags').select('tag').where('conversation_id', '=', conv.id).execute()).map((r) => r.tag));
    const toAdd = add.filter((t) => !existing.has(t));
    const toRemove = remove.filter((t) => existing.has(t));
    if (toAdd.length)
      await tx
        .insertInto('conversation_tags')
        .values(toAdd.map((tag) => ({ workspace_id: input.workspaceId, conversation_id: conv.id, tag })))
        .execute();
    if (toRemove.length) await tx.deleteFrom('conversation_tags').where('conversation_id', '=', conv.id).where('tag', 'in', toRemove).execute();
    if (toAdd.length || toRemove.length) {
      await tx.updateTable('conversations').set({ updated_at: now }).where('id', '=', conv.id).execute();
      await appendEvent(tx, {
        workspaceId: input.workspaceId,
        type: 'conversation.tagged',
        conversationId: conv.id,
        actorUserId: input.actorUserId,
        data: { added: toAdd, removed: toRemove },
        at: now,
      });
    }
    for (const t of toAdd) existing.add(t);
    for (const t of toRemove) existing.delete(t);
    return [...existing].sort();
  });
  app.bus.poke(input.workspaceId);
  return tags;
}
