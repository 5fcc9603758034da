import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { capabilitiesOf } from '../channels/capabilities-of.js';
import { adapterFor } from '../channels/registry.js';
import { parseJson } from '../lib/json.js';
import { appendEvent } from '../events/append.js';
import { enqueueJob } from '../jobs/queue.js';
import { conflict, invalid } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { UNANALYSED } from '../store/row-defaults.js';
import { sendJob } from '../outbox/send-message.js';
import { indexMessage } from '../search/index-message.js';
import type { AuthorKind, ConversationStatus, ConversationTable, DB, MessageTable, Visibility } from '../store/schema.js';
import { checkReply } from './check-reply.js';
import { checkAttachments, type OutboundAttachment } from './check-attachments.js';
import { guardPublicText } from './privacy-guard.js';
import { loadConversation } from './load-conversation.js';
import { openPrivateFromPublic } from './open-private.js';
import { scheduleSurvey } from '../surveys/schedule-survey.js';

export interface ReplyInput {
  workspaceId: string;
  conversationId: string;
  actorUserId: string | null;
  authorKind: Extract<AuthorKind, 'human' | 'bot' | 'automation'>;
  text: string;
  /** Defaults to the conversation's own visibility. "private" on a public item = move to private. */
  visibility?: Visibility;
  replyToMessageId?: string;
  /** Move to private only: a short public answer on the original item ("We've sent you a message"). */
  publicNote?: string;
  /** Status to set once the reply is queued (send and resolve, send and wait). */
  thenStatus?: Extract<ConversationStatus, 'open' | 'pending' | 'resolved'>;
  /** Collision check: refuse (409) if someone else replied after this time (when the agent opened it). */
  ifNoReplySince?: number;
  /** The agent confirmed that personal details in a PUBLIC reply are meant to be public. */
  allowPersonalData?: boolean;
  /** Uploaded files (POST /api/v1/media ids) to send with the reply; checked against the channel first. */
  attachments?: string[];
}

/**
 * Queues a reply: the message and its outbox job are written in ONE transaction, so a reply is
 * never lost between "saved" and "sent", and the sender (outbox/send-message.ts) is the only
 * thing that talks to the network.
 */
export async function reply(app: App, input: ReplyInput) {
  const now = app.now();
  const result = await app.store.db.transaction().execute(async (tx) => {
    const conv = await loadConversation(tx, input.workspaceId, input.conversationId);
    const channel = await tx.selectFrom('channels').select(['type', 'settings']).where('id', '=', conv.channel_id).executeTakeFirstOrThrow();
    const caps = capabilitiesOf(channel.type, parseJson(channel.settings, {}));
    const visibility = input.visibility ?? conv.visibility;
    checkReply(caps, conv, { text: input.text, visibility, now });
    adapterFor(channel.type).checkReply?.(conv, { text: input.text, visibility, authorKind: input.authorKind, now }, parseJson(channel.settings, {}));
    if (visibility === 'public') guardPublicText('text', input.text, input.allowPersonalData);
    if (input.publicNote !== undefined) guardPublicText('publicNote', input.publicNote, input.allowPersonalData);
    if (input.ifNoReplySince !== undefined) await checkNoReplySince(tx, conv.id, input.ifNoReplySince, input.actorUserId);
    const attachments = await checkAttachments(tx, caps, conv, { workspaceId: input.workspaceId, mediaIds: input.attachments ?? [], visibility });
    if (!attachments.length && !input.text.trim()) throw invalid('text', 'must not be empty');

    const target = await replyTarget(tx, conv, input.replyToMessageId);
    if (visibility === 'private' && conv.visibility === 'public') {
      if (input.publicNote !== undefined) checkReply(caps, conv, { text: input.publicNote, visibility: 'public', now });
      const priv = await openPrivateFromPublic(tx, conv, now, input.actorUserId);
      const message = await queueMessage(app, tx, priv, input, { visibility: 'private', replyTo: target, now });
      const note = input.publicNote
        ? await queueMessage(app, tx, conv, { ...input, text: input.publicNote }, { visibility: 'public', replyTo: target, now })
        : null;
      await afterReply(tx, conv, input, now);
      return { message, privateConversationId: priv.id, publicNote: note };
    }
    if (input.publicNote !== undefined) throw invalid('publicNote', 'only allowed when moving a public conversation to private');
    const message = await queueMessage(app, tx, conv, input, { visibility, replyTo: target, now, attachments });
    await afterReply(tx, conv, input, now);
    return { message, privateConversationId: null, publicNote: null };
  });
  app.bus.poke(input.workspaceId);
  app.bus.poke('__jobs__');
  return result;
}

/** Two agents on one conversation: the second is told before sending, not after the customer gets two answers. */
async function checkNoReplySince(db: Kysely<DB>, conversationId: string, since: number, actorUserId: string | null) {
  let q = db
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.author_user_id')
    .select(['users.name', 'messages.author_kind'])
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.direction', '=', 'out')
    .where('messages.created_at', '>', since)
    .orderBy('messages.created_at', 'desc');
  if (actorUserId) q = q.where((eb) => eb.or([eb('messages.author_user_id', 'is', null), eb('messages.author_user_id', '!=', actorUserId)]));
  const other = await q.executeTakeFirst();
  if (other)
    throw conflict(`${other.name ?? (other.author_kind === 'outside' ? 'Someone outside Hearken' : 'Someone')} replied since you opened this conversation`);
}

/** The network item being answered: the given message, else the customer's latest message. */
async function replyTarget(db: Kysely<DB>, conv: ConversationTable, messageId?: string): Promise<string | null> {
  let q = db.selectFrom('messages').select(['external_id']).where('conversation_id', '=', conv.id);
  if (messageId) {
    const m = await q.where('id', '=', messageId).executeTakeFirst();
    if (!m) throw invalid('replyToMessageId', 'is not a message of this conversation');
    return m.external_id;
  }
  q = q.where('direction', '=', 'in').orderBy('created_at', 'desc').limit(1);
  return (await q.executeTakeFirst())?.external_id ?? null;
}

async function queueMessage(
  app: App,
  tx: Kysely<DB>,
  conv: ConversationTable,
  input: ReplyInput,
  o: { visibility: Visibility; replyTo: string | null; now: number; attachments?: OutboundAttachment[] },
): Promise<MessageTable> {
  const row: MessageTable = {
    id: newId(o.now),
    workspace_id: conv.workspace_id,
    conversation_id: conv.id,
    channel_id: conv.channel_id,
    direction: 'out',
    author_kind: input.authorKind,
    author_user_id: input.actorUserId,
    visibility: o.visibility,
    body: input.text,
    attachments: JSON.stringify(o.attachments ?? []),
    external_id: null,
    reply_to_external_id: o.replyTo,
    network_ts: null,
    received_at: o.now,
    delivery_status: 'queued',
    delivery_error: null,
    edited_at: null,
    deleted_at: null,
    created_at: o.now,
    ...UNANALYSED,
  };
  await tx.insertInto('messages').values(row).execute();
  await enqueueJob(tx, sendJob, { payload: { messageId: row.id }, workspaceId: conv.workspace_id, runAt: o.now, now: o.now });
  await indexMessage(tx, app.store.dialect, { id: row.id, workspaceId: conv.workspace_id, text: row.body });
  // Only a human answer stops the customer's wait (bots and automations do not: see docs/metrics).
  await tx
    .updateTable('conversations')
    .set({ last_message_at: o.now, updated_at: o.now, ...(input.authorKind === 'human' ? { waiting_since: null, unread: 0 } : {}) })
    .where('id', '=', conv.id)
    .execute();
  await appendEvent(tx, {
    workspaceId: conv.workspace_id,
    type: 'message.created',
    conversationId: conv.id,
    actorUserId: input.actorUserId,
    data: { messageId: row.id, direction: 'out', authorKind: input.authorKind, visibility: row.visibility },
    at: o.now,
  });
  return row;
}

async function afterReply(tx: Kysely<DB>, conv: ConversationTable, input: ReplyInput, now: number) {
  if (!input.thenStatus || input.thenStatus === conv.status) return;
  await tx
    .updateTable('conversations')
    .set({ status: input.thenStatus, resolved_at: input.thenStatus === 'resolved' ? now : null, snoozed_until: null, updated_at: now })
    .where('id', '=', conv.id)
    .execute();
  await appendEvent(tx, {
    workspaceId: conv.workspace_id,
    type: 'conversation.status_changed',
    conversationId: conv.id,
    actorUserId: input.actorUserId,
    data: { from: conv.status, to: input.thenStatus, reason: 'agent' },
    at: now,
  });
  if (input.thenStatus === 'resolved') await scheduleSurvey(tx, conv, now);
}
