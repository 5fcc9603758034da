import type { Kysely } from 'kysely';
import { notFound } from '../lib/errors.js';
import type { ConversationTable, DB } from '../store/schema.js';

/** Loads a conversation of this workspace; another workspace's id is simply "not found". */
export async function loadConversation(db: Kysely<DB>, workspaceId: string, id: string): Promise<ConversationTable> {
  const conv = await db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!conv) throw notFound('conversation');
  return conv;
}
