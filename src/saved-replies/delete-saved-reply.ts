import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { notFound } from '../lib/errors.js';

export async function deleteSavedReply(app: App, input: { workspaceId: string; actorUserId: string; id: string }) {
  await app.store.db.transaction().execute(async (tx) => {
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
