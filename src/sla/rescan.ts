import type { App } from '../app.js';
import { enqueueJob } from '../jobs/queue.js';
import type { JobTable } from '../store/schema.js';
import { evaluateSla, SLA_CHECK_JOB, type SlaCheckPayload } from './evaluate.js';
import { settleJob } from './job.js';

export const SLA_RESCAN_JOB = 'sla.rescan';
export const SLA_RESCAN_JOB_VERSION = 1;
export interface SlaRescanPayload {
  /** Last conversation id done (pages go by id). */
  after: string | null;
}
const PAGE = 200;

/**
 * After a policy changes, every conversation not resolved is evaluated again, a page per job run,
 * so a new policy starts the clocks of customers who are already waiting.
 */
export async function runSlaRescan(app: App, job: JobTable): Promise<void> {
  await settleJob(app, job, async () => {
    const { after } = JSON.parse(job.payload) as SlaRescanPayload;
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
      await enqueueJob(app.store.db, {
        name: SLA_RESCAN_JOB,
        version: SLA_RESCAN_JOB_VERSION,
        payload: { after: ids[ids.length - 1] } satisfies SlaRescanPayload,
        workspaceId,
        runAt: now,
        now,
      });
      app.bus.poke('__jobs__');
    }
  });
}

export async function runSlaCheck(app: App, job: JobTable): Promise<void> {
  await settleJob(app, job, async () => {
    const { conversationId } = JSON.parse(job.payload) as SlaCheckPayload;
    await evaluateSla(app, job.workspace_id!, conversationId);
  });
}

export { SLA_CHECK_JOB };
