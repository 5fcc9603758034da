import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Routing and availability (issue 13, src/routing/):
 * - team_routing: a team's mode (manual, round_robin, load_balanced), its capacity per
 *   conversation kind (JSON), the channels whose new conversations join it, when an assignment
 *   goes back to the queue (no answer within N minutes, assignee offline for N minutes), and the
 *   round-robin counter.
 * - team_routing_members: per team member, a capacity override and skills (languages, channels,
 *   tags, JSON arrays), and the counter value of their last routed conversation (round robin).
 * - member_availability: online / busy / away per member and workspace: what they chose, what
 *   holds now, and when the app last heard from them (a tab alive) and saw them active.
 * - routing_returns: who a conversation was taken back from, so routing offers it to someone else.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('team_routing')
    .addColumn('team_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('capacity', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('intake_channels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('no_answer_minutes', 'integer')
    .addColumn('offline_minutes', 'integer')
    .addColumn('rr_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('team_routing_ws_ix').on('team_routing').column('workspace_id').execute();

  await db.schema
    .createTable('team_routing_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('capacity', 'text')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('channels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('team_routing_members_pk', ['team_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('member_availability')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('chosen', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('last_seen_at', 'bigint')
    .addColumn('last_active_at', 'bigint')
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_availability_pk', ['workspace_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('routing_returns')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('routing_returns_pk', ['conversation_id', 'user_id'])
    .execute();

  // The team queue routing reads: unassigned conversations of a team, oldest first.
  // (Loads per assignee use conv_assignee_ix.)
  await db.schema.createIndex('conv_team_queue_ix').on('conversations').columns(['team_id', 'assignee_id', 'status']).execute();
}
