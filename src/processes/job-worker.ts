import type { App } from '../app.js';
import { runDueJobs } from '../jobs/run-due.js';
import { newId } from '../lib/ids.js';
import { startLoop } from './loop.js';

/** Runs due jobs until stopped; woken at once when a job is enqueued in this process. */
export function startJobWorker(app: App, opts: { concurrency?: number } = {}): () => Promise<void> {
  const workerId = `w-${newId()}`;
  return startLoop(app, { name: 'job', topic: '__jobs__', step: () => runDueJobs(app, { workerId, limit: opts.concurrency ?? 8 }) });
}
