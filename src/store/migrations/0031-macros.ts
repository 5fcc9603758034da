import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Macros (issue 13, src/macros/): a named bundle of actions an agent applies to one conversation
 * or to many. user_id null = visible to the whole workspace; else personal to that member.
 * actions: JSON text, the rule action schema restricted to what an agent may do by hand.
 * applied_count / last_applied_at feed the "most used first" order of the menus.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('macros')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('applied_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_applied_at', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macros_workspace_idx').on('macros').columns(['workspace_id', 'user_id']).execute();
}
