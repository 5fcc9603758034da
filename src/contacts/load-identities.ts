import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

export interface IdentityView {
  id: string;
  network: string;
  externalId: string;
  handle: string | null;
  createdAt: number;
}

/** The identities of several contacts at once (one query per page, not one per contact). */
export async function loadIdentities(db: Kysely<DB>, workspaceId: string, contactIds: string[]): Promise<Map<string, IdentityView[]>> {
  const out = new Map<string, IdentityView[]>(contactIds.map((id) => [id, []]));
  if (!contactIds.length) return out;
  const rows = await db
    .selectFrom('identities')
    .select(['id', 'contact_id', 'network', 'external_id', 'handle', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', 'in', contactIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) out.get(r.contact_id)?.push({ id: r.id, network: r.network, externalId: r.external_id, handle: r.handle, createdAt: r.created_at });
  return out;
}
