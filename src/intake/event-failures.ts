import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

/**
 * The events of a delivery that failed on their own (journal_event_failures, migration 0017):
 * what the processor records, retries and gives up on, one event at a time, while the other
 * events of the delivery are stored. A row in 'retry' is tried again with its delivery; after
 * MAX_ATTEMPTS it is 'failed', kept with its reason for admins (list-failures.ts) until a replay.
 */

/** Tries of one event (and of a whole delivery that fails outside its events) before it is given up. */
export const MAX_ATTEMPTS = 5;

/** Kept of a failed event's JSON for admins to read: as much as the failures list shows of a delivery. */
const EVENT_TEXT_LIMIT = 20_000;

/**
 * What is written as a failure's reason. A database's error text can quote what it refused, and
 * the failure's own row must never be refused in turn (PostgreSQL refuses U+0000 in text).
 */
export function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\u0000/g, '\\u0000').slice(0, 2000);
}

export async function recordEventFailure(
  db: Kysely<DB>,
  f: { journalId: number; index: number; workspaceId: string; reason: string; event: unknown; now: number },
): Promise<'retry' | 'failed'> {
  const status = MAX_ATTEMPTS > 1 ? 'retry' : 'failed';
  // JSON.stringify escapes U+0000 and lone surrogates, so this text is storable on both databases.
  const text = JSON.stringify(f.event) ?? 'null';
  await db
    .insertInto('journal_event_failures')
    .values({
      journal_id: f.journalId,
      event_index: f.index,
      workspace_id: f.workspaceId,
      status,
      attempts: 1,
      error: f.reason,
      event: text.length > EVENT_TEXT_LIMIT ? `${text.slice(0, EVENT_TEXT_LIMIT)}…` : text,
      created_at: f.now,
      updated_at: f.now,
    })
    .execute();
  return status;
}

/** The events of a delivery waiting for another try, in delivery order. */
export async function eventsToRetry(db: Kysely<DB>, journalId: number) {
  return db
    .selectFrom('journal_event_failures')
    .select(['event_index', 'attempts'])
    .where('journal_id', '=', journalId)
    .where('status', '=', 'retry')
    .orderBy('event_index')
    .execute();
}

/** A retried event failed again: given up once it has had MAX_ATTEMPTS tries. */
export async function retryFailed(db: Kysely<DB>, journalId: number, index: number, attempts: number, reason: string, now: number) {
  await db
    .updateTable('journal_event_failures')
    .set({ attempts, error: reason, status: attempts >= MAX_ATTEMPTS ? 'failed' : 'retry', updated_at: now })
    .where('journal_id', '=', journalId)
    .where('event_index', '=', index)
    .execute();
}

/** A retried event went through: it is no longer a failure. */
export async function retrySucceeded(db: Kysely<DB>, journalId: number, index: number) {
  await db.deleteFrom('journal_event_failures').where('journal_id', '=', journalId).where('event_index', '=', index).execute();
}

/** Where a delivery's failed events stand: how many wait for a retry, how many were given up, and the first reason. */
export async function failureSummary(db: Kysely<DB>, journalId: number) {
  const rows = await db
    .selectFrom('journal_event_failures')
    .select(['event_index', 'status', 'attempts', 'error'])
    .where('journal_id', '=', journalId)
    .orderBy('event_index')
    .execute();
  const retrying = rows.filter((r) => r.status === 'retry');
  const failed = rows.filter((r) => r.status === 'failed');
  const first = failed[0] ?? retrying[0];
  return { retrying: retrying.length, failed: failed.length, first };
}

/**
 * Puts the given-up events of a workspace's failed deliveries (all, or those of `ids`) back to be
 * tried again, as a replay does; run it before the deliveries themselves are set back to pending.
 */
export async function requeueFailedEvents(db: Kysely<DB>, workspaceId: string, ids?: number[]): Promise<number> {
  const r = await db
    .updateTable('journal_event_failures')
    .set({ status: 'retry', attempts: 0 })
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'failed')
    .where('journal_id', 'in', (eb) => {
      let q = eb.selectFrom('journal').select('id').where('workspace_id', '=', workspaceId).where('status', '=', 'failed');
      if (ids?.length) q = q.where('id', 'in', ids);
      return q;
    })
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The given-up events of these deliveries, for the failures list. */
export async function failedEventsOf(db: Kysely<DB>, workspaceId: string, journalIds: number[]) {
  if (!journalIds.length) return [];
  return db
    .selectFrom('journal_event_failures')
    .select(['journal_id', 'event_index', 'error', 'attempts', 'event'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'failed')
    .where('journal_id', 'in', journalIds)
    .orderBy('journal_id')
    .orderBy('event_index')
    .execute();
}
