import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Intake works a delivery event by event (issue 17, intake/processor.ts). `journal.next_event` is
 * how far it has got: events before it are settled (applied, or failed and recorded below), so a
 * transaction may end in the middle of a big delivery and the next one — after a crash too —
 * carries on from there. `journal_event_failures` keeps each event that failed on its own, with
 * its reason: retried with its delivery until MAX_ATTEMPTS, then kept as failed for admins to read
 * and replay; the other events of the delivery are stored regardless. Deleting a journal entry
 * deletes its event failures.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('journal')
    .addColumn('next_event', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('journal_event_failures')
    .addColumn('journal_id', 'bigint', (c) => c.notNull().references('journal.id').onDelete('cascade'))
    .addColumn('event_index', 'integer', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('journal_event_failures_pk', ['journal_id', 'event_index'])
    .execute();
}
