import type { App } from '../app.js';
import { log } from '../lib/log.js';
import { describeIssues } from '../lib/zod-error.js';
import type { JobTable } from '../store/schema.js';
import { jobCatalog } from './catalog.js';
import type { JobDefinition } from './define.js';
import { claimJobs, deferJob, finishJob } from './queue.js';

/** A job written by a newer version than this worker knows is looked at again this much later. */
export const NEWER_VERSION_RETRY_MS = 60_000;

/**
 * Leases the jobs due now (up to `limit`) and runs them concurrently. One job's failure is logged
 * and leaves its lease to expire, so another attempt picks it up. The job worker loops on this;
 * tests and the CLI call it directly (tests may pass their own definitions).
 */
export async function runDueJobs(app: App, o: { workerId?: string; limit?: number; jobs?: ReadonlyMap<string, JobDefinition> } = {}): Promise<number> {
  const defs = o.jobs ?? jobCatalog;
  const jobs = await claimJobs(app.store.db, app.store.dialect, {
    names: [...defs.keys()],
    limit: o.limit ?? 100,
    leaseMs: app.config.sendTimeoutMs + app.config.jobLeaseGraceMs,
    workerId: o.workerId ?? 'inline',
    now: app.now(),
  });
  await Promise.all(
    jobs.map((job) =>
      runJob(app, defs.get(job.name)!, job).catch((err) => log.error('job handler error', { jobId: job.id, name: job.name, err: String(err) })),
    ),
  );
  return jobs.length;
}

/** Checks a claimed job's version and payload, then hands the parsed payload to its handler. */
async function runJob(app: App, def: JobDefinition, job: JobTable): Promise<void> {
  const checked = checkJob(def, job);
  if ('payload' in checked) return def.handler(app, job, checked.payload);
  const now = app.now();
  if ('defer' in checked) {
    log.warn('job written by a newer version; left for a newer worker', { jobId: job.id, name: job.name, version: job.version });
    return deferJob(app.store.db, job.id, now + NEWER_VERSION_RETRY_MS, now, checked.defer);
  }
  log.error('job cannot run', { jobId: job.id, name: job.name, version: job.version, error: checked.fail });
  await finishJob(app.store.db, job.id, 'failed', now, checked.fail);
}

type Checked = { payload: unknown } | { fail: string } | { defer: string };

/** What a job's stored version and payload allow: run it (with the payload parsed), fail it, or leave it. */
export function checkJob(def: JobDefinition, job: Pick<JobTable, 'name' | 'version' | 'payload'>): Checked {
  const at = `${def.name} v${job.version}`;
  if (job.version > def.version) return { defer: `${at} was written by a newer Hearken; this worker knows v${def.version}` };
  let raw: unknown;
  try {
    raw = JSON.parse(job.payload);
  } catch {
    return { fail: `${at}: the payload is not JSON` };
  }
  if (job.version < def.version) {
    if (!def.upgrade) return { fail: `${at} is older than v${def.version}, and ${def.name} has no upgrade from it` };
    try {
      raw = def.upgrade(raw, job.version);
    } catch (err) {
      return { fail: `${at}: the upgrade to v${def.version} failed: ${(err as Error)?.message ?? err}` };
    }
  }
  const parsed = def.payload.safeParse(raw);
  if (!parsed.success) return { fail: `${at}: the payload does not match the job's schema: ${describeIssues(parsed.error, '', '(payload)')}` };
  return { payload: parsed.data };
}
