import type { Kysely } from 'kysely';
import { appendEvent } from '../events/append.js';
import type { DB } from '../store/schema.js';

/**
 * Moves tag `from` to `into` on every conversation of the workspace (or takes it off when `into`
 * is null), inside the caller's transaction. Each conversation changed gets its own
 * conversation.tagged event, so its activity, the realtime stream and webhooks see the change as
 * if an agent had made it. Returns how many conversations carried `from`.
 */
export async function retagConversations(
  tx: Kysely<DB>,
  input: { workspaceId: string; from: string; into: string | null; actorUserId: string | null; now: number },
): Promise<number> {
  const { workspaceId, from, into, now } = input;
  const ids = (
    await tx.selectFrom('conversation_tags').select('conversation_id').where('workspace_id', '=', workspaceId).where('tag', '=', from).execute()
  ).map((r) => r.conversation_id);
  if (!ids.length) return 0;
  const already = new Set<string>();
  if (into) {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await tx
        .selectFrom('conversation_tags')
        .select('conversation_id')
        .where('workspace_id', '=', workspaceId)
        .where('tag', '=', into)
        .where('conversation_id', 'in', chunk)
        .execute();
      for (const r of rows) already.add(r.conversation_id);
    }
    const missing = ids.filter((id) => !already.has(id));
    for (let i = 0; i < missing.length; i += 500)
      await tx
        .insertInto('conversation_tags')
        .values(missing.slice(i, i + 500).map((conversation_id) => ({ workspace_id: workspaceId, conversation_id, tag: into })))
        .execute();
  }
  await tx.deleteFrom('conversation_tags').where('workspace_id', '=', workspaceId).where('tag', '=', from).execute();
  for (let i = 0; i < ids.length; i += 500)
    await tx
      .updateTable('conversations')
      .set({ updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  for (const id of ids)
    await appendEvent(tx, {
      workspaceId,
      type: 'conversation.tagged',
      conversationId: id,
      actorUserId: input.actorUserId,
      data: { added: into && !already.has(id) ? [into] : [], removed: [from] },
      at: now,
    });
  return ids.length;
}
