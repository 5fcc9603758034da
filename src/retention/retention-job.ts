import { z } from 'zod';
import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { keepLease } from '../jobs/keep-lease.js';
import { enqueueJob, finishJob } from '../jobs/queue.js';
import { AppError } from '../lib/errors.js';
import { log } from '../lib/log.js';
import type { JobTable } from '../store/schema.js';
import { runRetention } from './run-retention.js';

const HOUR = 3_600_000;

/**
 * The scheduled retention run (HEARKEN_RETENTION_EVERY_HOURS): every workspace that set a limit,
 * one after the other (run-retention.ts). One job at a time, as with scheduled backups: the
 * scheduler plans one when none is pending or running, and the job plans its successor in the
 * transaction that finishes it.
 */
export const retentionJob = defineJob({ name: 'retention.run', version: 1, payload: z.object({}), handler: startRetentionJob });

const everyMs = (app: App) => app.config.retention.everyHours * HOUR;

/** Makes sure the next run is planned (the scheduler calls this once a minute); brings it forward when the interval was shortened. */
export async function planRetention(app: App): Promise<number | null> {
  if (everyMs(app) <= 0) return null;
  const db = app.store.db;
  const now = app.now();
  const open = await db
    .selectFrom('jobs')
    .select(['id', 'status', 'run_at'])
    .where('status', 'in', ['pending', 'running'])
    .where('name', '=', retentionJob.name)
    .execute();
  if (open.some((j) => j.status === 'running')) return null;
  const latest = now + everyMs(app);
  if (open.length) {
    const late = open.filter((j) => Number(j.run_at) > latest).map((j) => j.id);
    if (late.length) await db.updateTable('jobs').set({ run_at: latest, updated_at: now }).where('id', 'in', late).where('status', '=', 'pending').execute();
    return null;
  }
  await enqueueJob(db, retentionJob, { payload: {}, workspaceId: null, runAt: now, now });
  return now;
}

const inFlight = new Map<string, Promise<void>>();

/**
 * Runs beside the job worker rather than inside its batch (the worker waits for a whole batch
 * before claiming more, and replies must not wait for a retention run), its lease renewed until
 * it ends; if the process dies, the lease runs out, the job is taken again and the interrupted
 * runs are carried on.
 */
async function startRetentionJob(app: App, job: JobTable): Promise<void> {
  if (inFlight.has(job.id)) return;
  const work = runAll(app, job)
    .catch((err) => log.error('retention job failed', { err: String(err) }))
    .finally(() => inFlight.delete(job.id));
  inFlight.set(job.id, work);
}

/** Resolves when the retention jobs this process started are finished (tests, shutdown). */
export async function settleRetentionJobs(): Promise<void> {
  await Promise.all([...inFlight.values()]);
}

async function runAll(app: App, job: JobTable): Promise<void> {
  const db = app.store.db;
  const started = app.now();
  const heartbeat = keepLease(app, job, 'retention');
  let failed = 0;
  try {
    for (const workspaceId of await workspacesWithLimits(app)) {
      try {
        const run = await runRetention(app, { workspaceId, trigger: 'schedule', actor: { userId: null, via: 'system' } });
        log.info('retention run', { workspaceId, ...run.removed });
      } catch (err) {
        // Another run of that workspace is in progress (a "Run now"): it does the same work.
        if (err instanceof AppError && err.code === 'conflict') continue;
        failed++;
        log.error('retention run of a workspace failed', { workspaceId, err: String(err) });
      }
    }
  } finally {
    clearInterval(heartbeat);
  }
  const now = app.now();
  await db.transaction().execute(async (tx) => {
    await finishJob(tx, job.id, failed ? 'failed' : 'done', now, failed ? `${failed} workspace run(s) failed; see the audit log` : null);
    if (everyMs(app) > 0) await enqueueJob(tx, retentionJob, { payload: {}, workspaceId: null, runAt: Math.max(now, started + everyMs(app)), now });
  });
}

/** Workspaces that keep something for a limited time. */
export async function workspacesWithLimits(app: App): Promise<string[]> {
  const rows = await app.store.db
    .selectFrom('retention_settings')
    .select('workspace_id')
    .where((eb) =>
      eb.or([
        eb('journal_days', 'is not', null),
        eb('events_days', 'is not', null),
        eb('media_days', 'is not', null),
        eb('conversations_days', 'is not', null),
      ]),
    )
    .orderBy('workspace_id')
    .execute();
  return rows.map((r) => r.workspace_id);
}
