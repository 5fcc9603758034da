import type { App } from '../app.js';
import { log } from '../lib/log.js';
import type { JobTable } from '../store/schema.js';

/**
 * Renews a running job's lease while work started beside the job worker goes on (a job's lease is
 * the send timeout plus a grace, ~40 s; without renewing it, another worker would take the same
 * job again). Returns the timer; clear it when the work ends.
 */
export function keepLease(app: App, job: Pick<JobTable, 'id'>, what: string): NodeJS.Timeout {
  const lease = app.config.sendTimeoutMs + app.config.jobLeaseGraceMs;
  const timer = setInterval(
    () => {
      app.store.db
        .updateTable('jobs')
        .set({ locked_until: app.now() + lease })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .execute()
        .catch((err) => log.warn(`could not renew the ${what} job lease`, { err: String(err) }));
    },
    Math.max(1000, Math.floor(lease / 3)),
  );
  timer.unref();
  return timer;
}
