import { z } from 'zod';
import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { enqueueJob } from '../jobs/queue.js';
import { rescoreConversation } from './rescore.js';

/** Conversations re-scored per job run: one short transaction each batch. */
export const RESCORE_BATCH = 200;

/**
 * Re-scores the conversations whose score waiting time has moved (priority_due_at passed, set by
 * rescore.ts while a conversation waits and its waiting points are under the cap), oldest due
 * first, one batch; a full batch queues the next. Idempotent: a row re-scored twice gets the same
 * score for the same time, and a row answered meanwhile is scored without waiting points.
 */
export async function rescoreWaiting(app: App, limit = RESCORE_BATCH): Promise<{ rescored: number; changed: number }> {
  const now = app.now();
  const out = await app.store.db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('conversations')
      .select(['id', 'workspace_id'])
      .where('priority_due_at', '<=', now)
      .orderBy('priority_due_at')
      .limit(limit)
      .execute();
    let changed = 0;
    const workspaces = new Set<string>();
    for (const c of due) {
      const r = await rescoreConversation(tx, c.id, now);
      if (r?.changed) {
        changed++;
        workspaces.add(c.workspace_id);
      }
    }
    if (due.length === limit) await enqueueJob(tx, rescoreWaitingJob, { payload: {}, workspaceId: null, runAt: now, now });
    return { rescored: due.length, changed, workspaces };
  });
  for (const ws of out.workspaces) app.bus.poke(ws);
  return { rescored: out.rescored, changed: out.changed };
}

export const rescoreWaitingJob = defineJob({
  name: 'priority.rescore_waiting',
  version: 1,
  payload: z.object({}),
  handler: async (app) => {
    await rescoreWaiting(app);
  },
});

/**
 * The scheduler's minute tick: queues a re-scoring run when some conversation is due and no run
 * is already queued (any number of schedulers may call it; at worst two runs re-score the same rows).
 */
export async function planRescoreWaiting(app: App): Promise<boolean> {
  const db = app.store.db;
  const now = app.now();
  const due = await db.selectFrom('conversations').select('id').where('priority_due_at', '<=', now).limit(1).executeTakeFirst();
  if (!due) return false;
  const queued = await db
    .selectFrom('jobs')
    .select('id')
    .where('name', '=', rescoreWaitingJob.name)
    .where('status', 'in', ['pending', 'running'])
    .limit(1)
    .executeTakeFirst();
  if (queued) return false;
  await enqueueJob(db, rescoreWaitingJob, { payload: {}, workspaceId: null, runAt: now, now });
  app.bus.poke('__jobs__');
  return true;
}
