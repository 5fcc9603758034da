import type { Kysely } from 'kysely';
import { notFound } from '../lib/errors.js';
import type { DB, HeldReplyTable } from '../store/schema.js';

/** One held reply of the workspace (another workspace's is "not found", never "forbidden"). */
export async function loadHeldReply(db: Kysely<DB>, workspaceId: string, id: string): Promise<HeldReplyTable> {
  const h = await db.selectFrom('held_replies').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!h) throw notFound('held reply');
  return h;
}

/**
 * Loads a held reply to change it, writing first: the no-op update takes the row's lock on
 * PostgreSQL and the write lock on SQLite before anything is read, so two workers (or an approver
 * and the scheduled job) queue up behind each other instead of both reading "scheduled", and
 * SQLite never has to upgrade a read snapshot that another writer has moved past.
 */
export async function lockHeldReply(db: Kysely<DB>, workspaceId: string | null, id: string): Promise<HeldReplyTable | undefined> {
  let touch = db
    .updateTable('held_replies')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id);
  if (workspaceId) touch = touch.where('workspace_id', '=', workspaceId);
  await touch.execute();
  let q = db.selectFrom('held_replies').selectAll().where('id', '=', id);
  if (workspaceId) q = q.where('workspace_id', '=', workspaceId);
  return q.executeTakeFirst();
}

/** lockHeldReply, answering 404 when the workspace has no such reply. */
export async function lockOwnHeldReply(db: Kysely<DB>, workspaceId: string, id: string): Promise<HeldReplyTable> {
  const h = await lockHeldReply(db, workspaceId, id);
  if (!h) throw notFound('held reply');
  return h;
}
