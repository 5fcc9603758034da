import type { App } from '../app.js';
import { log } from '../lib/log.js';
import { jobHandlers } from './handlers.js';
import { claimJobs } from './queue.js';

/**
 * Leases the jobs due now (up to `limit`) and runs them concurrently. One job's failure is logged
 * and leaves its lease to expire, so another attempt picks it up. The job worker loops on this;
 * tests and the CLI call it directly.
 */
export async function runDueJobs(app: App, o: { workerId?: string; limit?: number } = {}): Promise<number> {
  const jobs = await claimJobs(app.store.db, app.store.dialect, {
    names: [...jobHandlers.keys()],
    limit: o.limit ?? 100,
    leaseMs: app.config.sendTimeoutMs + app.config.jobLeaseGraceMs,
    workerId: o.workerId ?? 'inline',
    now: app.now(),
  });
  await Promise.all(
    jobs.map((job) => jobHandlers.get(job.name)!(app, job).catch((err) => log.error('job handler error', { jobId: job.id, name: job.name, err: String(err) }))),
  );
  return jobs.length;
}
