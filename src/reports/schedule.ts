import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { enqueueJob } from '../jobs/queue.js';
import { parseJson } from '../lib/json.js';
import type { DB, ReportScheduleTable } from '../store/schema.js';
import { nextRunAt, workspaceZone } from './report-period.js';
import { reportJob } from './email-job.js';

export const scheduleSchema = z.object({
  enabled: z.boolean(),
  frequency: z.enum(['weekly', 'monthly']),
  recipients: z.array(z.email().max(254)).min(1).max(20),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentSchedule(r: ReportScheduleTable | undefined) {
  if (!r)
    return { enabled: false, frequency: 'weekly' as const, recipients: [] as string[], nextRunAt: null, lastSentAt: null, lastPeriod: null, lastError: null };
  return {
    enabled: r.enabled === 1,
    frequency: r.frequency,
    recipients: parseJson<string[]>(r.recipients, []),
    nextRunAt: iso(r.next_run_at),
    lastSentAt: iso(r.last_sent_at),
    lastPeriod: r.last_period,
    lastError: r.last_error,
  };
}

export const loadSchedule = (db: Kysely<DB>, workspaceId: string) =>
  db.selectFrom('report_schedules').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();

/**
 * Saves the workspace's e-mailed report schedule and, when enabled, plans its next sending as a
 * durable job in the same transaction. A job planned earlier for another time finds next_run_at
 * changed and does nothing, so changing the schedule never sends twice.
 */
export async function saveSchedule(app: App, input: { workspaceId: string; actorUserId: string; schedule: z.output<typeof scheduleSchema> }) {
  const now = app.now();
  const tz = await workspaceZone(app.store.db, input.workspaceId, now);
  const next = input.schedule.enabled ? nextRunAt(input.schedule.frequency, now, tz) : null;
  await app.store.db.transaction().execute(async (tx) => {
    const values = {
      frequency: input.schedule.frequency,
      recipients: JSON.stringify(input.schedule.recipients),
      enabled: input.schedule.enabled ? 1 : 0,
      next_run_at: next,
      updated_by: input.actorUserId,
      updated_at: now,
    };
    const res = await tx.updateTable('report_schedules').set(values).where('workspace_id', '=', input.workspaceId).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0)
      await tx
        .insertInto('report_schedules')
        .values({ ...values, workspace_id: input.workspaceId, last_sent_at: null, last_period: null, last_error: null, created_at: now })
        .execute();
    if (next !== null)
      await enqueueJob(tx, reportJob, {
        payload: { workspaceId: input.workspaceId, runAt: next },
        workspaceId: input.workspaceId,
        runAt: next,
        now,
      });
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'report.schedule_changed',
      actorUserId: input.actorUserId,
      data: { enabled: input.schedule.enabled, frequency: input.schedule.frequency, recipients: input.schedule.recipients.length },
      at: now,
    });
  });
  return presentSchedule(await loadSchedule(app.store.db, input.workspaceId));
}
