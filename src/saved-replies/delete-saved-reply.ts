import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { notFound } from '../lib/errors.js';

/** Deletes a saved reply and its translations. */
export async function deleteSavedReply(app: App, input: { workspaceId: string; actorUserId: string; id: string }) {
  await app.store.db.transaction().execute(async (tx) => {
    // The foreign key cascades too; deleting them first says so here and needs no PRAGMA to be on.
    await tx.deleteFrom('saved_reply_translations').where('workspace_id', '=', input.workspaceId).where('saved_reply_id', '=', input.id).execute();
    const r = await tx.deleteFrom('saved_replies').where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('saved reply');
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'saved_reply.deleted',
      actorUserId: input.actorUserId,
      data: { savedReplyId: input.id },
      at: app.now(),
    });
  });
}
