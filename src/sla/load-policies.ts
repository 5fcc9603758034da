import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { toPolicy, type Policy } from './policy.js';

/** A workspace's SLA policies in order (first match wins). */
export async function loadPolicies(db: Kysely<DB>, workspaceId: string): Promise<Policy[]> {
  const rows = await db.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('created_at').execute();
  return rows.map(toPolicy);
}
