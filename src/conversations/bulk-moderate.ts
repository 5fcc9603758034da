import type { App } from '../app.js';
import { AppError } from '../lib/errors.js';
import { queueModeration, wakeSender } from '../outbox/queue-outbound.js';
import { checkModeration } from './moderate-message.js';

export interface BulkModerateInput {
  workspaceId: string;
  /** Conversations picked in the queue. */
  ids: string[];
  action: 'hide' | 'delete';
  actorUserId: string | null;
}

export interface BulkModerateResult {
  /** Per conversation: how many comments were queued, and why the others (or all) were not. */
  results: Array<{ id: string; queued: number; skipped: string[] }>;
}

/**
 * The queue's bulk "hide" / "delete": every customer comment of each picked conversation that the
 * action fits (public, known to the network, not already hidden or deleted, nothing on its way)
 * is queued through the outbox door, one action each, in one transaction. A conversation whose
 * channel cannot do it says why instead of failing the others.
 */
export async function bulkModerate(app: App, input: BulkModerateInput): Promise<BulkModerateResult> {
  const now = app.now();
  const results = await app.store.db.transaction().execute(async (tx) => {
    const out: BulkModerateResult['results'] = [];
    for (const id of [...new Set(input.ids)]) {
      const msgs = await tx
        .selectFrom('messages')
        .selectAll()
        .where('workspace_id', '=', input.workspaceId)
        .where('conversation_id', '=', id)
        .where('direction', '=', 'in')
        .where('visibility', '=', 'public')
        .orderBy('created_at')
        .execute();
      const r = { id, queued: 0, skipped: [] as string[] };
      if (!msgs.length) r.skipped.push('no public customer comment in this conversation');
      for (const m of msgs) {
        try {
          await checkModeration(tx, m, input.action);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          if (!r.skipped.includes(err.message)) r.skipped.push(err.message);
          continue;
        }
        await queueModeration(tx, { message: m, action: input.action, actorUserId: input.actorUserId, now });
        r.queued++;
      }
      out.push(r);
    }
    return out;
  });
  wakeSender(app, input.workspaceId);
  return { results };
}
