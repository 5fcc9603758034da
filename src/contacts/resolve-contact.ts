import type { Kysely } from 'kysely';
import { newId } from '../lib/ids.js';
import { prepared } from '../store/prepared.js';
import type { DB } from '../store/schema.js';

// Runs for every inbound message: compiled once (see store/prepared.ts).
const findIdentity = prepared((db, workspaceId: string, network: string, externalId: string) =>
  db
    .selectFrom('identities')
    .innerJoin('contacts', 'contacts.id', 'identities.contact_id')
    .select(['identities.id', 'identities.handle', 'contacts.id as contactId', 'contacts.merged_into_id', 'contacts.name'])
    .where('identities.workspace_id', '=', workspaceId)
    .where('identities.network', '=', network)
    .where('identities.external_id', '=', externalId),
);

/**
 * The lock key of one network account's contact: intake workers on PostgreSQL take it (with the
 * thread's) before applying a message (intake/processor.ts lockAhead), so two of them never create
 * the same contact at once.
 */
export const contactKey = (workspaceId: string, network: string, externalId: string) => `contact:${workspaceId}:${network}:${externalId}`;

/**
 * Finds the contact behind a network identity, creating both on first sight. Follows merges
 * (merged_into_id) so messages from any merged identity land on the surviving contact.
 */
export async function resolveContact(
  db: Kysely<DB>,
  input: { workspaceId: string; network: string; externalId: string; name?: string; handle?: string; now: number },
): Promise<string> {
  const found = (await findIdentity(db, input.workspaceId, input.network, input.externalId)).rows[0];
  if (found) {
    if (input.handle && input.handle !== found.handle) {
      await db.updateTable('identities').set({ handle: input.handle }).where('id', '=', found.id).execute();
    }
    if (input.name && !found.name) {
      await db.updateTable('contacts').set({ name: input.name, updated_at: input.now }).where('id', '=', found.contactId).execute();
    }
    return found.merged_into_id ? followMerges(db, found.merged_into_id) : found.contactId;
  }
  const contactId = newId(input.now);
  await db
    .insertInto('contacts')
    .values({
      id: contactId,
      workspace_id: input.workspaceId,
      name: input.name ?? input.handle ?? null,
      attributes: '{}',
      merged_into_id: null,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
  await db
    .insertInto('identities')
    .values({
      id: newId(input.now),
      workspace_id: input.workspaceId,
      contact_id: contactId,
      network: input.network,
      external_id: input.externalId,
      handle: input.handle ?? null,
      created_at: input.now,
    })
    .execute();
  return contactId;
}

async function followMerges(db: Kysely<DB>, id: string): Promise<string> {
  let current = id;
  for (let i = 0; i < 20; i++) {
    const row = await db.selectFrom('contacts').select('merged_into_id').where('id', '=', current).executeTakeFirst();
    if (!row?.merged_into_id) return current;
    current = row.merged_into_id;
  }
  return current;
}
