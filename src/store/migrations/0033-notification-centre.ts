import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * The notification centre (src/notifications/): notifications come from more than the rule action
 * "notify" now, so each row says what it is about.
 * - kind: 'rule' | 'assigned' | 'mentioned' | 'sla_breached' | 'approval_waiting' (rows written
 *   before this migration were all rule notifications).
 * - params: JSON, the facts a non-rule notification is rendered from in the reader's language
 *   (who assigned, which SLA target…); never customer text. text stays '' for those.
 * - source_event_id: the event a reactor-made notification answers; with user_id unique, so a
 *   replayed event notifies nobody twice. Null for rule notifications.
 * - emailed_at: when its e-mail went out (the job sends it once).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('notifications')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('rule'))
    .execute();
  await db.schema.alterTable('notifications').addColumn('params', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('source_event_id', 'bigint').execute();
  await db.schema.alterTable('notifications').addColumn('emailed_at', 'bigint').execute();
  await db.schema.createIndex('notifications_source_uq').on('notifications').columns(['user_id', 'source_event_id']).unique().execute();
}
