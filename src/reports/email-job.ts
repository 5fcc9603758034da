import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { z } from 'zod';
import { appendEvent } from '../events/append.js';
import { enqueueJob, finishJob } from '../jobs/queue.js';
import { parseJson } from '../lib/json.js';
import type { JobTable } from '../store/schema.js';
import { nextRunAt, workspaceZone } from './report-period.js';
import { loadSchedule } from './schedule.js';
import { sendReport } from './send-report.js';

const reportPayload = z.object({
  workspaceId: z.string(),
  /** The schedule's next_run_at this job was made for; a job for an older plan is stale. */
  runAt: z.number(),
});
export type ReportJobPayload = z.output<typeof reportPayload>;
export const reportJob = defineJob({ name: 'reports.email', version: 1, payload: reportPayload, handler: runReportJob });

/**
 * The scheduled report: sends it, then plans the next one (a new job) in one transaction with
 * the schedule's status. Stale jobs (the schedule was changed or disabled since) do nothing. A
 * mail failure is recorded on the schedule (lastError) and the next period is still planned: a
 * weekly report is not worth retrying into the following week. Delivery is at least once: a
 * crash between the SMTP answer and the commit sends that report again.
 */
export async function runReportJob(app: App, job: JobTable, p: ReportJobPayload): Promise<void> {
  const db = app.store.db;
  const s = await loadSchedule(db, p.workspaceId);
  if (!s || s.enabled !== 1 || s.next_run_at !== p.runAt) return finishJob(db, job.id, 'done', app.now(), 'stale: the schedule changed');
  const result = await sendReport(app, { workspaceId: p.workspaceId, frequency: s.frequency, recipients: parseJson<string[]>(s.recipients, []) });
  const now = app.now();
  const next = nextRunAt(s.frequency, Math.max(now, p.runAt), await workspaceZone(db, p.workspaceId, now));
  await db.transaction().execute(async (tx) => {
    const moved = await tx
      .updateTable('report_schedules')
      .set({ next_run_at: next, last_period: result.period, last_error: result.sent ? null : result.error, ...(result.sent ? { last_sent_at: now } : {}) })
      .where('workspace_id', '=', p.workspaceId)
      .where('next_run_at', '=', p.runAt)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) > 0)
      await enqueueJob(tx, reportJob, {
        payload: { workspaceId: p.workspaceId, runAt: next },
        workspaceId: p.workspaceId,
        runAt: next,
        now,
      });
    await appendEvent(
      tx,
      result.sent
        ? { workspaceId: p.workspaceId, type: 'report.sent', data: { period: result.period, scheduled: true, recipients: result.recipients.length }, at: now }
        : { workspaceId: p.workspaceId, type: 'report.failed', data: { period: result.period, scheduled: true, error: result.error }, at: now },
    );
  });
  await finishJob(db, job.id, 'done', now, result.sent ? null : result.error);
}
