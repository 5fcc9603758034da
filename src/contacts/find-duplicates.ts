import { sql, type Kysely } from 'kysely';
import { notFound } from '../lib/errors.js';
import type { DB } from '../store/schema.js';
import { loadIdentities, type IdentityView } from './load-identities.js';

export type DuplicateReason = 'email' | 'phone' | 'name' | 'handle';

export interface DuplicateCandidate {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Why it may be the same person. */
  reasons: DuplicateReason[];
  /** What tells the two apart: accounts (channels), age, how much history, the last word. */
  identities: IdentityView[];
  createdAt: number;
  conversationCount: number;
  lastMessageAt: number | null;
  lastMessagePreview: string | null;
}

const MAX = 10;

/**
 * Other live contacts of the workspace that may be the same person as `id`: the same e-mail or
 * phone, the same name (case aside), or an identity with the same handle on another network.
 * Exact matches only, so the list stays short and each entry is worth a look.
 */
export async function findDuplicates(db: Kysely<DB>, input: { workspaceId: string; id: string }): Promise<DuplicateCandidate[]> {
  const { workspaceId, id } = input;
  const me = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!me || me.merged_into_id) throw notFound('contact');
  const handles = (await loadIdentities(db, workspaceId, [id])).get(id)!.flatMap((i) => (i.handle ? [i.handle.toLowerCase()] : []));
  const name = me.name?.trim().toLowerCase() || null;
  if (!me.email && !me.phone && !name && !handles.length) return [];

  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'phone', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('merged_into_id', 'is', null)
    .where('erased_at', 'is', null)
    .where('id', '!=', id)
    .where((eb) => {
      const ors = [];
      if (me.email) ors.push(eb('email', '=', me.email));
      if (me.phone) ors.push(eb('phone', '=', me.phone));
      if (name) ors.push(eb(sql<string>`lower(name)`, '=', name));
      if (handles.length)
        ors.push(
          eb.exists(
            eb
              .selectFrom('identities')
              .select(sql.lit(1).as('one'))
              .whereRef('identities.contact_id', '=', 'contacts.id')
              .where('identities.workspace_id', '=', workspaceId)
              .where(sql<string>`lower(identities.handle)`, 'in', handles),
          ),
        );
      return eb.or(ors);
    })
    .orderBy('id', 'desc')
    .limit(MAX)
    .execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const idents = await loadIdentities(db, workspaceId, ids);
  const stats = await db
    .selectFrom('conversations')
    .select((eb) => ['contact_id', eb.fn.countAll().as('n'), eb.fn.max('last_message_at').as('at')])
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', 'in', ids)
    .groupBy('contact_id')
    .execute();
  const statOf = new Map(stats.map((s) => [s.contact_id, { n: Number(s.n), at: Number(s.at) }]));
  const out: DuplicateCandidate[] = [];
  for (const r of rows) {
    const theirs = idents.get(r.id) ?? [];
    const reasons: DuplicateReason[] = [];
    if (me.email && r.email === me.email) reasons.push('email');
    if (me.phone && r.phone === me.phone) reasons.push('phone');
    if (name && r.name?.trim().toLowerCase() === name) reasons.push('name');
    if (theirs.some((i) => i.handle && handles.includes(i.handle.toLowerCase()))) reasons.push('handle');
    const last = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select('messages.body')
      .where('conversations.workspace_id', '=', workspaceId)
      .where('conversations.contact_id', '=', r.id)
      .where('messages.direction', 'in', ['in', 'out'])
      .where('messages.deleted_at', 'is', null)
      .orderBy('messages.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const stat = statOf.get(r.id);
    out.push({
      id: r.id,
      name: r.name,
      email: r.email ?? null,
      phone: r.phone ?? null,
      reasons,
      identities: theirs,
      createdAt: Number(r.created_at),
      conversationCount: stat?.n ?? 0,
      lastMessageAt: stat?.at ?? null,
      lastMessagePreview: last ? Array.from(last.body.replace(/\s+/g, ' ').trim()).slice(0, 140).join('') : null,
    });
  }
  return out;
}
