import type { Gauge } from 'prom-client';
import type { App } from '../app.js';
import { spoolBacklogBytes } from '../intake/spool/drain.js';

export interface QueueGauges {
  intakePending: Gauge;
  intakeLag: Gauge;
  intakeFailed: Gauge;
  intakeSpooled: Gauge;
  jobs: Gauge<'name' | 'state'>;
  jobAge: Gauge<'name'>;
  reactorLag: Gauge<'reactor'>;
}

/**
 * The backlog figures an operator alerts on, read with index-backed queries only (journal by
 * status, jobs by status and run_at, the events' max id): a scrape every 15 s costs a few
 * milliseconds however large the tables grow.
 */
export async function collectQueueGauges(app: App, g: QueueGauges): Promise<void> {
  const db = app.store.db;
  const now = app.now();
  const pending = await db
    .selectFrom('journal')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('received_at').as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  g.intakePending.set(Number(pending.n));
  g.intakeLag.set(pending.oldest === null ? 0 : Math.max(0, now - Number(pending.oldest)) / 1000);
  const failed = await db
    .selectFrom('journal')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'failed')
    .executeTakeFirstOrThrow();
  g.intakeFailed.set(Number(failed.n));
  // Embedded mode: deliveries acknowledged into the spool, not yet journal rows (intake/spool/).
  const file = app.store.file;
  if (file) {
    const positions = await db.selectFrom('intake_spool').select(['segment', 'position']).execute();
    g.intakeSpooled.set(spoolBacklogBytes(file, new Map(positions.map((p) => [p.segment, Number(p.position)]))));
  } else g.intakeSpooled.set(0);

  const jobs = await db
    .selectFrom('jobs')
    .select((eb) => ['name', 'status', eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['pending', 'running', 'failed', 'needs_human'])
    .groupBy(['name', 'status'])
    .execute();
  g.jobs.reset();
  for (const r of jobs) g.jobs.set({ name: r.name, state: r.status }, Number(r.n));
  const due = await db
    .selectFrom('jobs')
    .select((eb) => ['name', eb.fn.min('run_at').as('oldest')])
    .where('status', '=', 'pending')
    .where('run_at', '<=', now)
    .groupBy('name')
    .execute();
  g.jobAge.reset();
  for (const r of jobs) if (r.status === 'pending') g.jobAge.set({ name: r.name }, 0);
  for (const r of due) g.jobAge.set({ name: r.name }, Math.max(0, now - Number(r.oldest)) / 1000);

  const head = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  const cursors = await db
    .withTables<{ reactor_cursors: { name: string; last_event_id: number } }>()
    .selectFrom('reactor_cursors')
    .select(['name', 'last_event_id'])
    .execute();
  g.reactorLag.reset();
  for (const c of cursors) g.reactorLag.set({ reactor: c.name }, Math.max(0, Number(head.id ?? 0) - Number(c.last_event_id)));
}
