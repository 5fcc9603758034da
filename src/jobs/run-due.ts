import type { App } from '../app.js';
import { jobHandlers } from '../roles/job-worker.js';
import { claimJobs } from './queue.js';

/** Runs every job due now, once (tests, the CLI and the bench use it; workers loop). */
export async function runDueJobs(app: App, workerId = 'inline'): Promise<number> {
  const jobs = await claimJobs(app.store.db, app.store.dialect, { names: [...jobHandlers.keys()], limit: 100, leaseMs: app.config.sendTimeoutMs + app.config.jobLeaseGraceMs, workerId, now: app.now() });
  for (const job of jobs) await jobHandlers.get(job.name)!(app, job);
  return jobs.length;
}
