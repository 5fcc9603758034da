import type { z } from 'zod';
import type { App } from '../app.js';
import type { JobTable } from '../store/schema.js';

/**
 * A named background job, declared once beside its handler and listed in jobs/catalog.ts.
 * `version` is written with every job; when the job runs, its version is checked and its payload
 * parsed with `payload` before the handler sees it (jobs/run-due.ts), so a payload written by
 * older code is either brought up to date by `upgrade` or fails the job with a clear reason —
 * never run as if it were current. Handlers are idempotent: a job may run again after a crash.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly version: number;
  readonly payload: S;
  /**
   * Turns the payload of a job written at an older version (`from`) into the current shape;
   * it is parsed with `payload` afterwards. Without it, such jobs fail.
   */
  readonly upgrade?: (payload: unknown, from: number) => unknown;
  readonly handler: (app: App, job: JobTable, payload: z.output<S>) => Promise<void>;
}

export function defineJob<S extends z.ZodType>(d: JobDefinition<S>): JobDefinition<S> {
  return Object.freeze({ ...d });
}
