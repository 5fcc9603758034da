import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { conflict, notFound } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import type { SavedReplyTable } from '../store/schema.js';
import { presentSavedReply } from './present.js';

/** Creates a saved reply, or updates one when `id` is given. Names are unique per workspace. */
export async function saveSavedReply(app: App, input: { workspaceId: string; actorUserId: string; id?: string; name?: string; body?: string }) {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    let current: SavedReplyTable | undefined;
    if (input.id) {
      current = await tx.selectFrom('saved_replies').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
      if (!current) throw notFound('saved reply');
    }
    const name = (input.name ?? current?.name ?? '').trim();
    const clash = await tx.selectFrom('saved_replies').select('id').where('workspace_id', '=', input.workspaceId).where('name', '=', name).executeTakeFirst();
    if (clash && clash.id !== current?.id) throw conflict(`a saved reply named "${name}" already exists`);
    const next: SavedReplyTable = current
      ? { ...current, name, body: input.body ?? current.body, updated_at: now }
      : { id: newId(now), workspace_id: input.workspaceId, name, body: input.body ?? '', created_by: input.actorUserId, created_at: now, updated_at: now };
    if (current) await tx.updateTable('saved_replies').set({ name: next.name, body: next.body, updated_at: now }).where('id', '=', next.id).execute();
    else await tx.insertInto('saved_replies').values(next).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: current ? 'saved_reply.updated' : 'saved_reply.created',
      actorUserId: input.actorUserId,
      data: { savedReplyId: next.id },
      at: now,
    });
    return next;
  });
  return presentSavedReply(row);
}
