import { z } from 'zod';
import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { enqueueJob } from '../jobs/queue.js';
import type { JobTable } from '../store/schema.js';
import { evaluateSla } from './evaluate.js';
import { settleJob } from './job.js';

const rescanPayload = z.object({
  /** Last conversation id done (pages go by id). */
  after: z.string().nullable(),
});
export type SlaRescanPayload = z.output<typeof rescanPayload>;
export const slaRescanJob = defineJob({ name: 'sla.rescan', version: 1, payload: rescanPayload, handler: runSlaRescan });

const checkPayload = z.object({ conversationId: z.string() });
export type SlaCheckPayload = z.output<typeof checkPayload>;
/** Evaluates one conversation's SLA clocks (asked by the sla reactor, and at a clock's warning and due times). */
export const slaCheckJob = defineJob({ name: 'sla.check', version: 1, payload: checkPayload, handler: runSlaCheck });

const PAGE = 200;

/**
 * After a policy changes, every conversation not resolved is evaluated again, a page per job run,
 * so a new policy starts the clocks of customers who are already waiting.
 */
export async function runSlaRescan(app: App, job: JobTable, { after }: SlaRescanPayload): Promise<void> {
  await settleJob(app, job, async () => {
    const workspaceId = job.workspace_id!;
    let q = app.store.db
      .selectFrom('conversations')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('status', '!=', 'resolved')
      .orderBy('id')
      .limit(PAGE);
    if (after) q = q.where('id', '>', after);
    const ids = (await q.execute()).map((r) => r.id);
    for (const id of ids) await evaluateSla(app, workspaceId, id);
    if (ids.length === PAGE) {
      const now = app.now();
      await enqueueJob(app.store.db, slaRescanJob, { payload: { after: ids[ids.length - 1] }, workspaceId, runAt: now, now });
      app.bus.poke('__jobs__');
    }
  });
}

export async function runSlaCheck(app: App, job: JobTable, { conversationId }: SlaCheckPayload): Promise<void> {
  await settleJob(app, job, async () => {
    await evaluateSla(app, job.workspace_id!, conversationId);
  });
}
