import type { Kysely } from 'kysely';
import { invalid } from '../../lib/errors.js';
import type { ConversationTable, DB } from '../../store/schema.js';

export interface ReplyRoute {
  /**
   * The conversation whose network thread the reply goes to: the conversation itself, or — after
   * a merge — the thread the answered message came from (its tombstone keeps the channel, thread
   * key, public item and subject the network needs).
   */
  route: ConversationTable;
  /** The network item answered (threading); null = a new message in the thread. */
  replyTo: string | null;
}

/**
 * Where a reply goes: the given message, else the customer's latest message, decides both the
 * network item answered and — in a merged conversation — the network thread (README "Merging
 * conversations": a reply goes to the thread of the message it answers).
 */
export async function replyRoute(db: Kysely<DB>, conv: ConversationTable, messageId?: string): Promise<ReplyRoute> {
  let q = db.selectFrom('messages').select(['external_id', 'origin_conversation_id']).where('conversation_id', '=', conv.id);
  let answered: { external_id: string | null; origin_conversation_id?: string | null } | undefined;
  if (messageId) {
    answered = await q.where('id', '=', messageId).executeTakeFirst();
    if (!answered) throw invalid('replyToMessageId', 'is not a message of this conversation');
  } else {
    q = q.where('direction', '=', 'in').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1);
    answered = await q.executeTakeFirst();
  }
  const replyTo = answered?.external_id ?? null;
  const origin = answered?.origin_conversation_id ?? null;
  if (!origin || origin === conv.id) return { route: conv, replyTo };
  const route = await db.selectFrom('conversations').selectAll().where('workspace_id', '=', conv.workspace_id).where('id', '=', origin).executeTakeFirst();
  return { route: route ?? conv, replyTo };
}
