import type { Kysely } from 'kysely';
import type { DB, JobTable } from '../store/schema.js';
import type { Dialect } from '../store/db.js';
import { newId } from '../lib/ids.js';
import type { z } from 'zod';
import type { JobDefinition } from './define.js';

/**
 * Named background jobs in the database itself (the same table on SQLite and PostgreSQL), so a
 * job is created in the same transaction as the change that needs it; what it is (name, version,
 * payload schema) comes from its definition (jobs/define.ts). Workers lease a job
 * (locked_until); a worker that dies leaves the lease to expire and another picks the job up —
 * handlers must therefore be idempotent.
 */
export async function enqueueJob<S extends z.ZodType>(
  db: Kysely<DB>,
  definition: JobDefinition<S>,
  job: { payload: z.input<S>; workspaceId: string | null; runAt: number; now: number },
): Promise<string> {
  const id = newId(job.now);
  await db
    .insertInto('jobs')
    .values({
      id,
      workspace_id: job.workspaceId,
      name: definition.name,
      version: definition.version,
      payload: JSON.stringify(job.payload),
      status: 'pending',
      attempts: 0,
      run_at: job.runAt,
      locked_until: null,
      locked_by: null,
      last_error: null,
      created_at: job.now,
      updated_at: job.now,
    })
    .execute();
  return id;
}

/**
 * Leases up to `limit` due jobs: pending and due, or running with an expired lease (its worker died).
 * On PostgreSQL, FOR UPDATE SKIP LOCKED lets many workers claim without waiting on each other.
 */
export async function claimJobs(
  db: Kysely<DB>,
  dialect: Dialect,
  opts: { names: string[]; limit: number; leaseMs: number; workerId: string; now: number },
): Promise<JobTable[]> {
  return db.transaction().execute(async (tx) => {
    const q = tx
      .selectFrom('jobs')
      .selectAll()
      .where('name', 'in', opts.names)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', opts.now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', opts.now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(opts.limit);
    const jobs = await dialect.claimRows(q).execute();
    if (!jobs.length) return [];
    await tx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_until: opts.now + opts.leaseMs,
        locked_by: opts.workerId,
        attempts: eb('attempts', '+', 1),
        updated_at: opts.now,
      }))
      .where(
        'id',
        'in',
        jobs.map((j) => j.id),
      )
      .execute();
    return jobs.map((j) => ({ ...j, status: 'running' as const, attempts: j.attempts + 1, locked_until: opts.now + opts.leaseMs, locked_by: opts.workerId }));
  });
}

export async function finishJob(db: Kysely<DB>, id: string, status: 'done' | 'failed' | 'needs_human', now: number, error: string | null = null) {
  await db.updateTable('jobs').set({ status, last_error: error, locked_until: null, updated_at: now }).where('id', '=', id).execute();
}

export async function retryJob(db: Kysely<DB>, id: string, runAt: number, now: number, error: string) {
  await db
    .updateTable('jobs')
    .set({ status: 'pending', run_at: runAt, last_error: error, locked_until: null, locked_by: null, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/**
 * Puts a claimed job back, untouched, for later (a worker that cannot run it yet): its attempt
 * is not counted, since the job never ran.
 */
export async function deferJob(db: Kysely<DB>, id: string, runAt: number, now: number, reason: string) {
  await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'pending',
      run_at: runAt,
      last_error: reason,
      locked_until: null,
      locked_by: null,
      attempts: eb('attempts', '-', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .execute();
}

/** Exponential backoff with full jitter: 2s, 4s, 8s… capped at 15 min. */
export function backoffMs(attempt: number, random = Math.random()): number {
  const cap = Math.min(15 * 60_000, 2000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (cap / 2) * random);
}
