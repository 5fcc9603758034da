import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * The language Hearken writes to a workspace's customers when a conversation's own language is
 * unknown (lib/customer-texts): null = English. Set by admins (PATCH /api/v1/workspace).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('workspaces').addColumn('default_language', 'text').execute();
}
