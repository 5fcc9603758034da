import type { Kysely } from 'kysely';
import { notFound } from '../lib/errors.js';
import type { DB, HeldReplyTable } from '../store/schema.js';

/** One held reply of the workspace (another workspace's is "not found", never "forbidden"). */
export async function loadHeldReply(db: Kysely<DB>, workspaceId: string, id: string): Promise<HeldReplyTable> {
  const h = await db.selectFrom('held_replies').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!h) throw notFound('held reply');
  return h;
}
