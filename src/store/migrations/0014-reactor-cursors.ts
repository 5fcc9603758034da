import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

/**
 * One durable cursor per reactor (events/reactors.ts): the last event id it has handled. The SLA
 * follower's cursor moves over from sla_follower, so SLA neither replays nor skips a range. The
 * metric rollups were marked by appendEvent itself until now, so every event already in the log
 * has its mark: their reactor starts at the end of the log. (sla_follower stays, unused, so a
 * process of the previous version still running during a rolling upgrade does not fail.)
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('reactor_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_event_id', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO reactor_cursors (name, last_event_id, updated_at) SELECT name, last_event_id, updated_at FROM sla_follower WHERE name = 'sla'`.execute(
    db,
  );
  await sql`INSERT INTO reactor_cursors (name, last_event_id, updated_at) SELECT 'rollup', coalesce(max(id), 0), 0 FROM events`.execute(db);
}
