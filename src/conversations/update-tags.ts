import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { invalid } from '../lib/errors.js';
import { loadConversation } from './load-conversation.js';
import type { DB } from '../store/schema.js';

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
    if (toAdd.length) await refuseUnmanaged(tx, input.workspaceId, toAdd);
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

/**
 * With the workspace setting "only managed tags" on (src/tags/tag-settings.ts), a tag must be on
 * the managed list before it is used, so the list stays the one vocabulary reports count by.
 */
async function refuseUnmanaged(tx: Kysely<DB>, workspaceId: string, names: string[]) {
  const ws = await tx.selectFrom('workspaces').select('managed_tags_only').where('id', '=', workspaceId).executeTakeFirst();
  if (Number(ws?.managed_tags_only ?? 0) !== 1) return;
  const known = new Set(
    (await tx.selectFrom('tags').select('name').where('workspace_id', '=', workspaceId).where('name', 'in', names).execute()).map((r) => r.name),
  );
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) throw invalid('add', `only managed tags may be used in this workspace; not on the list: ${unknown.join(', ')}`);
}
