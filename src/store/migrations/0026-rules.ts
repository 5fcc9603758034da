import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Automation rules (issue 13, src/rules/):
 * - rules: per workspace, ordered by `position`; trigger, conditions and actions as JSON
 *   (src/rules/model.ts); `trigger_type` copied out so the reactor and the time scan find the
 *   rules they need without parsing every rule.
 * - rule_firings: the log of each firing, and the guard that makes it happen once: one row per
 *   rule and `event_key` (an event id, or a time trigger's waiting period), unique, so two
 *   workers can never both fire one rule for one event.
 * - notifications: in-app notifications (the rule action "notify").
 * - events.actor_rule_id / rule_depth: a change made by a rule names it (the activity log shows
 *   "rule N", not a person), and how deep in a chain of rule-made changes it is (loop guard).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('trigger_type', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('stop_processing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('triggers_other_rules', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rules_workspace_ix').on('rules').columns(['workspace_id', 'position']).execute();

  await db.schema
    .createTable('rule_firings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('event_id', 'bigint')
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('rule_firings_once_ux').on('rule_firings').columns(['rule_id', 'event_key']).unique().execute();
  await db.schema.createIndex('rule_firings_workspace_ix').on('rule_firings').columns(['workspace_id', 'created_at']).execute();
  await db.schema.createIndex('rule_firings_conversation_ix').on('rule_firings').columns(['conversation_id', 'created_at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('rule_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema.createIndex('notifications_user_ix').on('notifications').columns(['workspace_id', 'user_id', 'created_at']).execute();

  await db.schema.alterTable('events').addColumn('actor_rule_id', 'text').execute();
  await db.schema.alterTable('events').addColumn('rule_depth', 'integer').execute();
}
