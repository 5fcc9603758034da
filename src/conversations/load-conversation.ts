import type { Kysely } from 'kysely';
import { conflict, notFound } from '../lib/errors.js';
import type { ConversationTable, DB } from '../store/schema.js';

/**
 * Loads a conversation of this workspace; another workspace's id is simply "not found". A
 * conversation merged into another (conversations/merge/) is a tombstone: commands are refused
 * with a 409 that names where it went; readers pass `{ merged: 'allow' }` (the API answers
 * them with `mergedInto`, the web app follows it).
 */
export async function loadConversation(db: Kysely<DB>, workspaceId: string, id: string, o?: { merged: 'allow' }): Promise<ConversationTable> {
  const conv = await db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!conv) throw notFound('conversation');
  if (conv.merged_into_id && o?.merged !== 'allow') throw conflict(`conversation ${conv.id} was merged into ${conv.merged_into_id}; act on that conversation`);
  return conv;
}
