import type { Gauge } from 'prom-client';
import type { App } from '../app.js';

export interface RetentionGauges {
  removed: Gauge<'kind'>;
  lastRun: Gauge;
}

/**
 * What data retention has removed (src/retention), all time and every workspace together, from
 * the per-workspace totals each run adds to when it finishes (one small row per workspace), and
 * when a run last finished — an operator alerts when it stops running.
 */
export async function collectRetentionGauges(app: App, g: RetentionGauges): Promise<void> {
  const db = app.store.db;
  const t = await db
    .selectFrom('retention_settings')
    .select((eb) => [
      eb.fn.sum<number>('removed_journal').as('journal'),
      eb.fn.sum<number>('removed_events').as('events'),
      eb.fn.sum<number>('removed_media').as('media'),
      eb.fn.sum<number>('removed_conversations').as('conversations'),
      eb.fn.sum<number>('removed_messages').as('messages'),
      eb.fn.sum<number>('removed_files').as('files'),
    ])
    .executeTakeFirstOrThrow();
  for (const kind of ['journal', 'events', 'media', 'conversations', 'messages', 'files'] as const) g.removed.set({ kind }, Number(t[kind] ?? 0));
  const last = await db
    .selectFrom('retention_runs')
    .select((eb) => eb.fn.max('finished_at').as('at'))
    .executeTakeFirstOrThrow();
  g.lastRun.set(last.at === null ? 0 : Number(last.at) / 1000);
}
