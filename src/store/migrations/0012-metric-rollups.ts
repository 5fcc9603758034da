import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Metric rollups (src/metrics/rollup): one row per customer cycle with everything the metric
 * rules derived from it, kept current by a background projector, and the set of conversations
 * whose rows are out of date ("stale"), marked in the same transaction as the change.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const table = db.schema
    .createTable('metric_cycles')
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('team_id', 'text')
    // JSON array of tags
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    // The latest moment attributed to the cycle (its last customer message): with long_span, the
    // cycles a period touches are found by an index range (see rollup/load-rollup-facts.ts).
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addColumn('long_span', 'integer', (c) => c.notNull())
    // Customer messages: "msFromStart:sentiment" comma-separated (sentiment p/u/n, "-" unanalysed)
    .addColumn('inbound', 'text', (c) => c.notNull())
    .addColumn('fr_at', 'bigint')
    .addColumn('fr_by', 'text')
    .addColumn('fr_cal', 'bigint')
    .addColumn('fr_biz', 'bigint')
    // JSON [[msFromStart, calMs, bizMs], …]: answered later waits
    .addColumn('next', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('res_cal', 'bigint')
    .addColumn('res_biz', 'bigint')
    .addColumn('reopened', 'integer', (c) => c.notNull())
    .addColumn('survey_kind', 'text')
    .addColumn('survey_score', 'integer')
    // JSON [[target, status, dueAt, stoppedAt], …]: SLA clocks started in the cycle
    .addColumn('sla', 'text', (c) => c.notNull())
    // Keyed (and on SQLite stored: WITHOUT ROWID) in the order reports read: a period's cycles
    // are one contiguous range of the table, not thousands of scattered row lookups.
    .addPrimaryKeyConstraint('metric_cycles_pk', ['workspace_id', 'start_at', 'conversation_id', 'idx']);
  await dialect.ddl.clustered(table).execute();
  await db.schema.createIndex('metric_cycles_conv_ix').on('metric_cycles').columns(['conversation_id']).execute();
  await sql`CREATE INDEX metric_cycles_long_ix ON metric_cycles (workspace_id, last_at) WHERE long_span = 1`.execute(db);

  // Per UTC day and dimension value (dim "all" with value "", channel, kind, agent, team, tag —
  // "none" for no agent/team/tag): JSON { "<UTC hour>": summary } of what the cycles' moments in
  // that hour add to a report (rollup/buckets.ts). A report takes whole hours from here.
  const buckets = db.schema
    .createTable('metric_buckets')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    // The business-time durations apart: a calendar report (the default) never parses them.
    .addColumn('data_biz', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_buckets_pk', ['workspace_id', 'dim', 'day', 'value']);
  await dialect.ddl.clustered(buckets).execute();

  // Bumped by every projection: a report that read rows of two generations reads again.
  await db.schema
    .createTable('metric_versions')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('metric_stale')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    // Changes with every new mark: the projector writes a conversation only if it is unchanged.
    .addColumn('mark', 'bigint', (c) => c.notNull())
    // The first mark since the last projection: the projector waits a moment to coalesce changes.
    .addColumn('marked_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('metric_stale_ws_ix').on('metric_stale').columns(['workspace_id']).execute();
  // Oldest marks first; among equal marks in id (≈ time) order, so a batch touches few days.
  await db.schema.createIndex('metric_stale_at_ix').on('metric_stale').columns(['marked_at', 'conversation_id']).execute();
  // A database upgraded to this version builds its rollups in the background.
  await sql`INSERT INTO metric_stale (conversation_id, workspace_id, mark, marked_at) SELECT id, workspace_id, 0, 0 FROM conversations`.execute(db);
}
