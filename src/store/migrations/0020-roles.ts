import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Roles made of permissions (issue 17, auth/permissions.ts):
 * - roles: a workspace's own roles, each a named set of permissions (JSON array). Names are unique
 *   within a workspace.
 * - memberships.role_id: the custom role of a member whose role is 'custom'; null for the
 *   built-in roles, so every existing membership keeps exactly the role it had.
 * - team_roles: a member's role inside one of their teams (built-in name, or 'custom' with
 *   role_id), adding its conversation permissions on that team's conversations.
 * No foreign key from role_id to roles: deleting a role in use is refused in code (409
 * role_in_use) under the workspace lock, the same lock every role assignment takes.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('roles_ws_name_uq', ['workspace_id', 'name'])
    .execute();

  await db.schema.alterTable('memberships').addColumn('role_id', 'text').execute();

  await db.schema
    .createTable('team_roles')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text')
    .addPrimaryKeyConstraint('team_roles_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_roles_ws_user_ix').on('team_roles').columns(['workspace_id', 'user_id']).execute();
}
