import type { Kysely } from 'kysely';
import { notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import type { ConversationKind, ConversationStatus, DB, Visibility } from '../store/schema.js';
import type { Attributes } from './attributes.js';
import { loadIdentities, type IdentityView } from './load-identities.js';

/** How many conversations the history shows; more than this is rare for one person. */
export const HISTORY_LIMIT = 100;
const PREVIEW_CHARS = 140;

export interface HistoryItem {
  id: string;
  channelId: string;
  channelName: string;
  channelType: string;
  kind: ConversationKind;
  visibility: Visibility;
  status: ConversationStatus;
  subject: string | null;
  lastMessageAt: number;
  /** The newest customer or reply message (not notes, not deleted), shortened. */
  lastMessagePreview: string | null;
  createdAt: number;
}

export interface ContactDetail {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  attributes: Attributes;
  identities: IdentityView[];
  /** Every conversation on every channel, newest activity first: the person's history. */
  conversations: HistoryItem[];
  hasMoreConversations: boolean;
  /** Contacts that were merged into this one (kept for audit). */
  mergedFrom: Array<{ id: string; name: string | null; mergedAt: number; mergeId: string | null }>;
  createdAt: number;
  updatedAt: number;
  /** When the person's data was erased at their request (privacy/erase-contact.ts); null otherwise. */
  erasedAt: number | null;
}

/** A contact that was merged away answers with where it went, so clients can follow it. */
export type ContactLookup = { contact: ContactDetail } | { mergedInto: string };

export async function getContact(db: Kysely<DB>, input: { workspaceId: string; id: string }): Promise<ContactLookup> {
  const { workspaceId } = input;
  const row = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', input.id).executeTakeFirst();
  if (!row) throw notFound('contact');
  if (row.merged_into_id) return { mergedInto: await finalSurvivor(db, workspaceId, row.merged_into_id) };

  const identities = await loadIdentities(db, workspaceId, [row.id]);
  const convs = await db
    .selectFrom('conversations')
    .innerJoin('channels', 'channels.id', 'conversations.channel_id')
    .select((eb) => [
      'conversations.id',
      'conversations.channel_id',
      'channels.name as channel_name',
      'channels.type as channel_type',
      'conversations.kind',
      'conversations.visibility',
      'conversations.status',
      'conversations.subject',
      'conversations.last_message_at',
      'conversations.created_at',
      eb
        .selectFrom('messages')
        .select('messages.body')
        .whereRef('messages.conversation_id', '=', 'conversations.id')
        .whereRef('messages.workspace_id', '=', 'conversations.workspace_id')
        .where('messages.direction', 'in', ['in', 'out'])
        .where('messages.deleted_at', 'is', null)
        .orderBy('messages.created_at', 'desc')
        .orderBy('messages.id', 'desc')
        .limit(1)
        .as('preview'),
    ])
    .where('conversations.workspace_id', '=', workspaceId)
    .where('channels.workspace_id', '=', workspaceId)
    .where('conversations.contact_id', '=', row.id)
    .orderBy('conversations.last_message_at', 'desc')
    .orderBy('conversations.id', 'desc')
    .limit(HISTORY_LIMIT + 1)
    .execute();
  const merged = await db
    .selectFrom('contacts')
    .select(['id', 'name', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('merged_into_id', '=', row.id)
    .orderBy('id')
    .execute();
  // The merge records that can still be undone (contacts/unmerge-contact.ts), by merged contact.
  const undoable = new Map<string, string>();
  if (merged.length) {
    const recs = await db
      .selectFrom('contact_merges')
      .select(['id', 'merged_id'])
      .where('workspace_id', '=', workspaceId)
      .where('survivor_id', '=', row.id)
      .where('undone_at', 'is', null)
      .execute();
    for (const r of recs) undoable.set(r.merged_id, r.id);
  }

  return {
    contact: {
      id: row.id,
      name: row.name,
      email: row.email ?? null,
      phone: row.phone ?? null,
      attributes: parseJson<Attributes>(row.attributes, {}),
      identities: identities.get(row.id) ?? [],
      conversations: convs.slice(0, HISTORY_LIMIT).map((c) => ({
        id: c.id,
        channelId: c.channel_id,
        channelName: c.channel_name,
        channelType: c.channel_type,
        kind: c.kind,
        visibility: c.visibility,
        status: c.status,
        subject: c.subject,
        lastMessageAt: c.last_message_at,
        lastMessagePreview: c.preview == null ? null : shorten(c.preview),
        createdAt: c.created_at,
      })),
      hasMoreConversations: convs.length > HISTORY_LIMIT,
      mergedFrom: merged.map((m) => ({ id: m.id, name: m.name, mergedAt: m.updated_at, mergeId: undoable.get(m.id) ?? null })),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      erasedAt: row.erased_at ?? null,
    },
  };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= PREVIEW_CHARS ? flat : chars.slice(0, PREVIEW_CHARS - 1).join('') + '…';
}

/** Merges flatten pointers, but a chain can exist from before; follow it a bounded number of hops. */
async function finalSurvivor(db: Kysely<DB>, workspaceId: string, id: string): Promise<string> {
  let current = id;
  for (let i = 0; i < 20; i++) {
    const r = await db.selectFrom('contacts').select('merged_into_id').where('workspace_id', '=', workspaceId).where('id', '=', current).executeTakeFirst();
    if (!r?.merged_into_id) return current;
    current = r.merged_into_id;
  }
  return current;
}
