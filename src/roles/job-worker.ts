import type { App } from '../app.js';
import { claimJobs } from '../jobs/queue.js';
import { newId } from '../lib/ids.js';
import { log } from '../lib/log.js';
import type { JobTable } from '../store/schema.js';
import { SEND_JOB, runSendJob } from '../outbox/send-message.js';

type Handler = (app: App, job: JobTable) => Promise<void>;

/** Job handlers by name. Each is idempotent: a job may run again after a crash. */
export const jobHandlers = new Map<string, Handler>([[SEND_JOB, runSendJob]]);

/** Runs due jobs until stopped; woken at once when a job is enqueued in this process. */
export function startJobWorker(app: App, opts: { concurrency?: number } = {}): () => Promise<void> {
  const workerId = `w-${newId()}`;
  const concurrency = opts.concurrency ?? 8;
  let stopped = false;
  let wake: (() => void) | null = null;
  const unsubscribe = app.bus.subscribe('__jobs__', () => wake?.());
  const loop = (async () => {
    while (!stopped) {
      let jobs: JobTable[] = [];
      try {
        jobs = await claimJobs(app.store.db, app.store.dialect, { names: [...jobHandlers.keys()], limit: concurrency, leaseMs: app.config.sendTimeoutMs + app.config.jobLeaseGraceMs, workerId, now: app.now() });
        await Promise.all(
          jobs.map((job) =>
            jobHandlers.get(job.name)!(app, job).catch((err) => log.error('job handler error', { jobId: job.id, name: job.name, err: String(err) })),
          ),
        );
      } catch (err) {
        log.error('job worker error', { err: String(err) });
      }
      if (jobs.length === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, app.config.workerPollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  })();
  return async () => {
    stopped = true;
    wake?.();
    unsubscribe();
    await loop;
  };
}
