import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { App } from '../app.js';
import { defineJob } from '../jobs/define.js';
import { enqueueJob, finishJob } from '../jobs/queue.js';
import { log } from '../lib/log.js';
import type { JobTable } from '../store/schema.js';
import { createBackup } from './create-backup.js';

/**
 * Embedded mode's scheduled backups: every HEARKEN_BACKUP_EVERY_HOURS an archive like
 * `npm run cli -- backup` writes, into HEARKEN_BACKUP_DIR, keeping the newest HEARKEN_BACKUP_KEEP.
 *
 * One job at a time: the scheduler plans one when none is pending or running (planScheduledBackup),
 * the job plans its successor in the same transaction that finishes it, and a failed run is tried
 * again after an hour at most (the error stays on the failed job for an admin to see). The time
 * of the next run comes from the newest archive in the folder, so restarting Hearken does not
 * take an extra backup.
 */
export const scheduledBackupJob = defineJob({ name: 'backup.scheduled', version: 1, payload: z.object({}), handler: runScheduledBackup });

const FILE = /^hearken-(\d{8}T\d{6}Z)\.tar\.gz$/;
/** Leftovers of a run that was killed: a half-written archive and its staging folder. */
const LEFTOVER = /^hearken-\d{8}T\d{6}Z\.tar\.gz\.(partial|staging-[0-9a-f]+)$/;
const HOUR = 3_600_000;

export const backupFileName = (at: number) =>
  `hearken-${new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.tar.gz`;

const fileTime = (name: string): number => {
  const s = FILE.exec(name)![1];
  return Date.parse(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
};

/** The scheduled archives in the folder, newest first. */
export async function listScheduledBackups(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => FILE.test(n)).sort((a, b) => fileTime(b) - fileTime(a));
}

const enabled = (app: App) => app.config.backup.everyHours > 0 && app.config.db.kind === 'sqlite';
const everyMs = (app: App) => app.config.backup.everyHours * HOUR;

/**
 * Makes sure the next backup is planned: called by the scheduler once a minute. Plans one when
 * none is pending or running, and brings a pending one forward when the interval was shortened.
 */
export async function planScheduledBackup(app: App): Promise<number | null> {
  if (!enabled(app)) return null;
  const db = app.store.db;
  const now = app.now();
  const [newest] = await listScheduledBackups(app.config.backup.dir);
  const due = Math.max(now, newest ? fileTime(newest) + everyMs(app) : now);
  const open = await db
    .selectFrom('jobs')
    .select(['id', 'status', 'run_at'])
    .where('status', 'in', ['pending', 'running'])
    .where('name', '=', scheduledBackupJob.name)
    .execute();
  if (open.some((j) => j.status === 'running')) return null;
  if (open.length) {
    const late = open.filter((j) => j.run_at > due);
    if (late.length)
      await db
        .updateTable('jobs')
        .set({ run_at: due, updated_at: now })
        .where(
          'id',
          'in',
          late.map((j) => j.id),
        )
        .where('status', '=', 'pending')
        .execute();
    return null;
  }
  await enqueueJob(db, scheduledBackupJob, { payload: {}, workspaceId: null, runAt: due, now });
  return due;
}

const inFlight = new Map<string, Promise<void>>();

/**
 * Starts the backup beside the job worker rather than inside its batch: the worker waits for a
 * whole batch before claiming more, and a backup of a large media folder takes minutes that
 * replies must not wait. The job stays `running` (its lease renewed) until the backup ends; if
 * the process dies meanwhile, the lease runs out and the job is taken again.
 */
async function runScheduledBackup(app: App, job: JobTable): Promise<void> {
  if (inFlight.has(job.id)) return; // this process is still writing it (the lease was taken again)
  const work = backupThenPlan(app, job)
    .catch((err) => log.error('scheduled backup job failed', { err: String(err) }))
    .finally(() => inFlight.delete(job.id));
  inFlight.set(job.id, work);
}

/** Resolves when the scheduled backups this process has started are finished (tests, shutdown). */
export async function settleScheduledBackups(): Promise<void> {
  await Promise.all([...inFlight.values()]);
}

async function backupThenPlan(app: App, job: JobTable): Promise<void> {
  const db = app.store.db;
  if (!enabled(app)) return finishJob(db, job.id, 'done', app.now(), 'scheduled backups are off');
  const { dir, keep } = app.config.backup;
  const started = app.now();
  const heartbeat = keepLease(app, job);
  let error: string | null = null;
  try {
    const s = await createBackup(app.config, path.join(dir, backupFileName(started)), started);
    const removed = await pruneBackups(dir, keep);
    log.info('scheduled backup written', { file: s.file, bytes: s.bytes, mediaFiles: s.mediaFiles, removed: removed.length });
  } catch (err) {
    error = (err as Error)?.message ?? String(err);
    log.error('scheduled backup failed', { err: error });
  } finally {
    clearInterval(heartbeat);
  }
  const now = app.now();
  const next = error ? now + Math.min(everyMs(app), HOUR) : started + everyMs(app);
  await db.transaction().execute(async (tx) => {
    await finishJob(tx, job.id, error ? 'failed' : 'done', now, error);
    await enqueueJob(tx, scheduledBackupJob, { payload: {}, workspaceId: null, runAt: Math.max(next, now), now });
  });
}

/**
 * A backup can outlast a job's lease (send timeout + grace, ~40 s); without renewing it, the
 * worker would take the same job again and write a second archive beside the first.
 */
function keepLease(app: App, job: JobTable) {
  const lease = app.config.sendTimeoutMs + app.config.jobLeaseGraceMs;
  const timer = setInterval(
    () => {
      app.store.db
        .updateTable('jobs')
        .set({ locked_until: app.now() + lease })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .execute()
        .catch((err) => log.warn('could not renew the backup job lease', { err: String(err) }));
    },
    Math.max(1000, Math.floor(lease / 3)),
  );
  timer.unref();
  return timer;
}

/** Deletes all but the newest `keep` scheduled archives, and what killed runs left behind. Other files in the folder are never touched. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const old = (await listScheduledBackups(dir)).slice(keep);
  const leftovers = (await readdir(dir).catch(() => [] as string[])).filter((n) => LEFTOVER.test(n));
  for (const n of [...old, ...leftovers]) await rm(path.join(dir, n), { recursive: true, force: true });
  return old;
}
