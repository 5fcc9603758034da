import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Business hours (versioned: rows are only ever added, see hours/schedule.ts) and the two indexes
 * the metrics read through: a conversation's events, and customer messages by network time.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('business_hours')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    // null = the workspace default; else a channel's own hours
    .addColumn('channel_id', 'text')
    .addColumn('effective_from', 'bigint', (c) => c.notNull())
    // JSON WeeklyHours; null = from here on the channel uses the workspace default again
    .addColumn('hours', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('business_hours_ix').on('business_hours').columns(['workspace_id', 'channel_id', 'effective_from']).execute();

  await db.schema.createIndex('events_conv_ix').on('events').columns(['conversation_id', 'id']).execute();
  // Partial: only customer messages, the ones a report's period is chosen by.
  await sql`CREATE INDEX messages_inbound_ts_ix ON messages (workspace_id, network_ts) WHERE direction = 'in'`.execute(db);
}
