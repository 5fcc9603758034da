import type { App } from '../app.js';
import { notFound } from '../lib/errors.js';
import { requeueOutbound, wakeSender } from './queue-outbound.js';

/**
 * A person's decision to send a failed (or uncertain) reply again. For "needs_human" the agent
 * has checked the network and confirms it was not posted, so the next attempt starts clean.
 * The requeue itself (which states may go again, the job, the event) is the outbox door's.
 */
export async function retryMessage(app: App, input: { workspaceId: string; messageId: string; actorUserId: string }) {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const m = await tx.selectFrom('messages').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.messageId).executeTakeFirst();
    if (!m || m.direction !== 'out') throw notFound('outbound message');
    await requeueOutbound(tx, m, { actorUserId: input.actorUserId, now });
  });
  wakeSender(app, input.workspaceId);
}
