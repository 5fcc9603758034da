import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { enqueueJob } from '../jobs/queue.js';
import { conflict, notFound } from '../lib/errors.js';
import { sendJob } from './send-message.js';

/**
 * A person's decision to send a failed (or uncertain) reply again. For "needs_human" the agent
 * has checked the network and confirms it was not posted, so the next attempt starts clean.
 */
export async function retryMessage(app: App, input: { workspaceId: string; messageId: string; actorUserId: string }) {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const m = await tx.selectFrom('messages').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.messageId).executeTakeFirst();
    if (!m || m.direction !== 'out') throw notFound('outbound message');
    if (m.delivery_status !== 'failed' && m.delivery_status !== 'needs_human')
      throw conflict(`message is ${m.delivery_status}; only failed or needs_human messages can be retried`);
    await tx.updateTable('messages').set({ delivery_status: 'queued', delivery_error: null }).where('id', '=', m.id).execute();
    await enqueueJob(tx, sendJob, { payload: { messageId: m.id }, workspaceId: m.workspace_id, runAt: now, now });
    await appendEvent(tx, {
      workspaceId: m.workspace_id,
      type: 'message.retried',
      conversationId: m.conversation_id,
      actorUserId: input.actorUserId,
      data: { messageId: m.id, previous: m.delivery_status },
      at: now,
    });
  });
  app.bus.poke(input.workspaceId);
  app.bus.poke('__jobs__');
}
