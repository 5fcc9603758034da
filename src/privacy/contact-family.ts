import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

/**
 * A contact and every contact merged into it, directly or through a chain: one person. Their
 * tombstones still hold the names and attributes they had before the merge, so whatever is
 * done for the person (export, erasure) is done for all of them.
 */
export async function contactFamily(db: Kysely<DB>, workspaceId: string, contactId: string): Promise<string[]> {
  const family = [contactId];
  let frontier = [contactId];
  while (frontier.length) {
    const next = (await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('merged_into_id', 'in', frontier).execute()).map(
      (r) => r.id,
    );
    const fresh = next.filter((id) => !family.includes(id));
    family.push(...fresh);
    frontier = fresh;
  }
  return family;
}

/** Splits a list for IN (…) clauses: SQLite allows 32,766 variables, but smaller statements keep locks short. */
export function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
