import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

/**
 * Migration 0016 (issue #17):
 * - rate_limits: every fixed-window counter (sign-in, password change, the site widget's visitor
 *   API), shared by all web processes. A counter is reserved before the work it limits
 *   (auth/login-rate-limit.ts), so parallel requests cannot all slip through. expires_at lets one
 *   purge serve windows of any length. login_attempts stays, unused, so a process of the previous
 *   version still running during a rolling upgrade does not fail.
 * - invitations: an admin asks an existing account to join; the account's owner accepts or
 *   declines (workspaces/invitations/). One pending invitation per workspace and account.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_expires_ix').on('rate_limits').column('expires_at').execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('invitations_ws_user_uq', ['workspace_id', 'user_id'])
    .execute();
  await db.schema.createIndex('invitations_user_ix').on('invitations').column('user_id').execute();
}
