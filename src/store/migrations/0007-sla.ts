import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * SLA policies and clocks, auto-reply settings and what they sent (src/sla, src/auto-replies),
 * the event-log cursor the SLA follower keeps, and the conversation's nearest SLA due time that
 * the queue sorts by ("sla_due").
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Ordered: the first enabled policy that matches a conversation wins.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    // JSON { channelIds?, kinds?, priorities? }: an absent or empty list matches everything.
    .addColumn('match', 'text', (c) => c.notNull())
    .addColumn('time_mode', 'text', (c) => c.notNull())
    .addColumn('first_response_ms', 'bigint')
    .addColumn('next_response_ms', 'bigint')
    .addColumn('resolution_ms', 'bigint')
    .addColumn('warn_percent', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_policies_ws_ix').on('sla_policies').columns(['workspace_id', 'position']).execute();

  await db.schema
    .createTable('sla_clocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    // first_response | next_response | resolution
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('target_ms', 'bigint', (c) => c.notNull())
    .addColumn('time_mode', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    // null: the schedule does not open within five years (never due)
    .addColumn('due_at', 'bigint')
    .addColumn('warn_at', 'bigint')
    .addColumn('stopped_at', 'bigint')
    // running | met | breached | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('warned_at', 'bigint')
    .addColumn('breached_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One clock per target and start: re-evaluating a conversation twice (two workers) adds nothing.
  await db.schema.createIndex('sla_clocks_uq').on('sla_clocks').columns(['conversation_id', 'target', 'started_at']).unique().execute();
  await db.schema.createIndex('sla_clocks_ws_ix').on('sla_clocks').columns(['workspace_id', 'started_at']).execute();

  await db.schema.alterTable('conversations').addColumn('sla_due_at', 'bigint').execute();
  // "SLA due" sort: nulls (no running clock) last, as the query writes it.
  await sql`CREATE INDEX conv_sla_due_ix ON conversations (workspace_id, status, (coalesce(sla_due_at, 9007199254740991)), id)`.execute(db);

  await db.schema
    .createTable('sla_follower')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_event_id', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('auto_reply_settings')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    // "workspace" = the default; else a channel id (its override)
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('auto_reply_settings_pk', ['workspace_id', 'scope'])
    .execute();

  await db.schema
    .createTable('auto_reply_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    // ack | away
    .addColumn('kind', 'text', (c) => c.notNull())
    // ack: the customer cycle's first message; away: the instant the hours open again
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    // sent (queued in the outbox) | skipped (with why)
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auto_reply_sends_uq').on('auto_reply_sends').columns(['conversation_id', 'kind', 'period_key']).unique().execute();
}
