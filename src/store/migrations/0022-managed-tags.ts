import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Managed tags (issue 20, src/tags/): a workspace's curated tag list with a colour and a
 * description. Conversations keep their tags by name in conversation_tags, as before, so a tag
 * used ad hoc and never managed still works; managing it adds its colour and description.
 * workspaces.managed_tags_only: 1 = agents may only use managed tags (new ones need tags.manage).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['workspace_id', 'name'])
    .execute();
  await db.schema
    .alterTable('workspaces')
    .addColumn('managed_tags_only', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
