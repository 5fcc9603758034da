import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../store/db.js';
import type { ConversationTable, DB } from '../store/schema.js';
import { prepared } from '../store/prepared.js';
import type { InboundMessage } from '../channels/contract/inbound.js';

/**
 * Threading rules (README "Threading"):
 * - an explicit thread id from the network wins: one conversation per (channel, thread);
 * - dm / chat: one conversation per (channel, customer);
 * - comment / review: one per (channel, public item, commenter);
 * - mention: one per (channel, public item), else per message;
 * - email: the conversation of any message named in In-Reply-To/References, else a new one.
 * A message for a thread whose latest conversation is resolved reopens it when it arrives within
 * REOPEN_WINDOW_MS of the resolution (a "reopen" for the metrics), else starts a new conversation.
 */
export const REOPEN_WINDOW_MS = 7 * 24 * 3600_000;

export function threadKey(channelId: string, m: InboundMessage, customerExternalId: string): string {
  if (m.thread) return `${channelId}:t:${m.thread}`;
  switch (m.kind) {
    case 'dm':
    case 'chat':
      return `${channelId}:dm:${customerExternalId}`;
    case 'comment':
    case 'review':
      return `${channelId}:c:${m.publicItemId ?? '-'}:${customerExternalId}`;
    case 'mention':
      return `${channelId}:m:${m.publicItemId ?? m.externalId}`;
    case 'email':
      return `${channelId}:e:${m.externalId}`;
  }
}

/** Serializes threading of one key across concurrent workers (PostgreSQL); SQLite has one writer. */
export function lockThread(db: Kysely<DB>, dialect: Dialect, key: string): Promise<void> {
  return dialect.lockKey(db, key);
}

/**
 * The columns intake reads from a conversation it threads into (a full row is built only for a
 * new one): fewer columns read back is measurably faster on the hot path of every message.
 */
export const THREAD_COLUMNS = ['id', 'kind', 'status', 'resolved_at', 'last_message_at', 'last_inbound_at', 'waiting_since', 'merged_into_id'] as const;
export type ThreadedConversation = Pick<ConversationTable, (typeof THREAD_COLUMNS)[number]>;

export async function findThread(
  db: Kysely<DB>,
  workspaceId: string,
  channelId: string,
  key: string,
  m: InboundMessage,
): Promise<ThreadedConversation | undefined> {
  // Email threads by headers; X mentions carry the post they answer, so a reply deep in a thread joins it.
  if ((m.kind === 'email' || m.kind === 'mention') && m.references?.length) {
    const ref = await db
      .selectFrom('messages')
      // The thread a message was written in, even after a merge moved it (conversations/merge/).
      .innerJoin('conversations', (j) => j.on('conversations.id', '=', sql<string>`coalesce(messages.origin_conversation_id, messages.conversation_id)`))
      .select(THREAD_COLUMNS.map((c) => `conversations.${c}` as const))
      .where('messages.channel_id', '=', channelId)
      .where('messages.external_id', 'in', m.references)
      .orderBy('conversations.created_at', 'desc')
      .executeTakeFirst();
    if (ref) return ref;
  }
  return (await latestInThread(db, workspaceId, key)).rows[0];
}

/**
 * A thread whose conversation was merged into another (conversations/merge/) lives on in that
 * one: follows the tombstones to the live conversation. Rare, so off the prepared hot path.
 */
export async function followMerge(db: Kysely<DB>, conv: ThreadedConversation): Promise<ThreadedConversation> {
  let c = conv;
  for (let depth = 0; c.merged_into_id && depth < 20; depth++) {
    const next = await db.selectFrom('conversations').select(THREAD_COLUMNS).where('id', '=', c.merged_into_id).executeTakeFirst();
    if (!next) break;
    c = next;
  }
  return c;
}

const latestInThread = prepared((db, workspaceId: string, key: string) =>
  db
    .selectFrom('conversations')
    .select(THREAD_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('thread_key', '=', key)
    .orderBy('created_at', 'desc')
    .limit(1),
);
