import type { App } from '../app.js';
import { SEND_JOB, runSendJob } from '../outbox/send-message.js';
import type { JobTable } from '../store/schema.js';

type Handler = (app: App, job: JobTable) => Promise<void>;

/** Job handlers by name. Each is idempotent: a job may run again after a crash. */
export const jobHandlers = new Map<string, Handler>([[SEND_JOB, runSendJob]]);
