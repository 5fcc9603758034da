import type { App } from '../app.js';
import { backoffMs, finishJob, retryJob } from '../jobs/queue.js';
import type { JobTable } from '../store/schema.js';

const MAX_ATTEMPTS = 5;

/** Runs a routing job's work and records the outcome: done, or retried with backoff (then failed). */
export async function settle(app: App, job: JobTable, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    await finishJob(app.store.db, job.id, 'done', app.now());
  } catch (err) {
    const message = String((err as Error)?.message ?? err);
    if (job.attempts >= MAX_ATTEMPTS) await finishJob(app.store.db, job.id, 'failed', app.now(), message);
    else await retryJob(app.store.db, job.id, app.now() + backoffMs(job.attempts), app.now(), message);
  }
}
