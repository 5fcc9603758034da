import type { Kysely } from 'kysely';
import { invalid } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import type { DB } from '../store/schema.js';
import type { Attributes } from './attributes.js';
import { contactMatches } from './contact-search.js';
import { loadIdentities, type IdentityView } from './load-identities.js';

export interface ContactListItem {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  attributes: Attributes;
  identities: IdentityView[];
  /** Newest message of any of the contact's conversations; null when it has none. */
  lastActivityAt: number | null;
  conversationCount: number;
  createdAt: number;
  updatedAt: number;
}

export interface ContactPage {
  items: ContactListItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

// The cursor is opaque to clients so the ordering can change without breaking them.
const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f]{28}$/.test(id)) throw invalid('query.cursor', 'is not a cursor this API returned');
  return id;
}

/**
 * Contacts of a workspace, newest first, with keyset pagination on the time-ordered id. Contacts
 * merged into another are hidden: their identities and history live on the survivor now.
 * `q` matches the name, e-mail, phone, or any identity's handle or external id (contact-search.ts).
 */
export async function listContacts(db: Kysely<DB>, input: { workspaceId: string; q?: string; limit: number; cursor?: string }): Promise<ContactPage> {
  const { workspaceId, limit } = input;
  let query = db
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'phone', 'attributes', 'created_at', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('merged_into_id', 'is', null);
  if (input.cursor) query = query.where('id', '<', decodeCursor(input.cursor));
  const needle = input.q?.trim();
  if (needle) query = query.where((eb) => contactMatches(eb, workspaceId, needle));
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);

  const identities = await loadIdentities(db, workspaceId, ids);
  const activity = new Map<string, number>();
  const counts = new Map<string, number>();
  if (ids.length) {
    const acts = await db
      .selectFrom('conversations')
      .select((eb) => ['contact_id', eb.fn.max('last_message_at').as('at'), eb.fn.countAll().as('n')])
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', 'in', ids)
      .groupBy('contact_id')
      .execute();
    for (const a of acts) {
      activity.set(a.contact_id, Number(a.at));
      counts.set(a.contact_id, Number(a.n));
    }
  }

  return {
    items: page.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email ?? null,
      phone: r.phone ?? null,
      attributes: parseJson<Attributes>(r.attributes, {}),
      identities: identities.get(r.id) ?? [],
      lastActivityAt: activity.get(r.id) ?? null,
      conversationCount: counts.get(r.id) ?? 0,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null,
  };
}
