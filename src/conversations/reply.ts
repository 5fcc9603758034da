import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { adapterFor, capabilitiesOf } from '../channels/registry.js';
import { parseJson } from '../lib/json.js';
import { appendEvent } from '../events/append.js';
import { conflict, invalid } from '../lib/errors.js';
import { type OutboundAuthorKind, queueOutbound, wakeSender } from '../outbox/queue-outbound.js';
import type { ConversationStatus, ConversationTable, DB, MessageTable, Visibility } from '../store/schema.js';
import { checkReply } from './check-reply.js';
import { checkAttachments, type OutboundAttachment } from './check-attachments.js';
import { guardPublicText } from './privacy-guard.js';
import { loadConversation } from './load-conversation.js';
import { openPrivateFromPublic } from './open-private.js';
import { replyRoute } from './merge/reply-route.js';
import { scheduleSurvey } from '../surveys/schedule-survey.js';

export interface ReplyInput {
  workspaceId: string;
  conversationId: string;
  actorUserId: string | null;
  authorKind: OutboundAuthorKind;
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
 * Queues a reply: the checks, then the message and its outbox job through the outbox door
 * (outbox/queue-outbound.ts) in ONE transaction, so a reply is never lost between "saved" and
 * "sent", and the sender (outbox/send-message.ts) is the only thing that talks to the network.
 */
export async function reply(app: App, input: ReplyInput) {
  const result = await app.store.db.transaction().execute(async (tx) => queueReply(app, tx, input, await prepareReply(app, tx, input)));
  wakeSender(app, input.workspaceId);
  return result;
}

/** What the checks found, for queueReply (and for held-replies/, which checks before holding). */
export interface PreparedReply {
  conv: ConversationTable;
  /** The network thread the reply goes to: in a merged conversation, that of the message answered. */
  net: ConversationTable;
  caps: ReturnType<typeof capabilitiesOf>;
  visibility: Visibility;
  attachments: OutboundAttachment[];
  target: string | null;
  now: number;
}

/**
 * Every check of a reply, inside the caller's transaction, without writing anything: a reply
 * held for approval or for later (held-replies/) is checked now and again when it is released.
 */
export async function prepareReply(app: App, tx: Kysely<DB>, input: ReplyInput): Promise<PreparedReply> {
  const now = app.now();
  const conv = await loadConversation(tx, input.workspaceId, input.conversationId);
  const { route: net, replyTo: target } = await replyRoute(tx, conv, input.replyToMessageId);
  const channel = await tx.selectFrom('channels').select(['type', 'settings']).where('id', '=', net.channel_id).executeTakeFirstOrThrow();
  const caps = capabilitiesOf(channel.type, parseJson(channel.settings, {}));
  const visibility = input.visibility ?? net.visibility;
  checkReply(caps, net, { text: input.text, visibility, now });
  adapterFor(channel.type).checkReply?.(net, { text: input.text, visibility, authorKind: input.authorKind, now }, parseJson(channel.settings, {}));
  if (visibility === 'public') guardPublicText('text', input.text, input.allowPersonalData);
  if (input.publicNote !== undefined) guardPublicText('publicNote', input.publicNote, input.allowPersonalData);
  if (input.ifNoReplySince !== undefined) await checkNoReplySince(tx, conv.id, input.ifNoReplySince, input.actorUserId);
  const attachments = await checkAttachments(tx, caps, net, { workspaceId: input.workspaceId, mediaIds: input.attachments ?? [], visibility });
  if (!attachments.length && !input.text.trim()) throw invalid('text', 'must not be empty');

  if (visibility === 'private' && net.visibility === 'public') {
    if (input.publicNote !== undefined) checkReply(caps, net, { text: input.publicNote, visibility: 'public', now });
  } else if (input.publicNote !== undefined) throw invalid('publicNote', 'only allowed when moving a public conversation to private');
  return { conv, net, caps, visibility, attachments, target, now };
}

/** Queues a prepared reply through the outbox door, in the caller's transaction (call wakeSender after commit). */
export async function queueReply(app: App, tx: Kysely<DB>, input: ReplyInput, prepared: PreparedReply) {
  const { conv, net, visibility, attachments, target, now } = prepared;
  if (visibility === 'private' && net.visibility === 'public') {
    const priv = await openPrivateFromPublic(tx, net, now, input.actorUserId);
    // The files go with the private message (today every channel's files are private-only, so
    // checkAttachments refuses them on a public item; passed anyway so none is ever dropped silently).
    const message = await queueMessage(app, tx, priv, input, { visibility: 'private', replyTo: target, now, attachments });
    const note = input.publicNote
      ? await queueMessage(app, tx, conv, { ...input, text: input.publicNote }, { visibility: 'public', replyTo: target, now, route: net })
      : null;
    await afterReply(tx, conv, input, now);
    return { message, privateConversationId: priv.id, publicNote: note };
  }
  const message = await queueMessage(app, tx, conv, input, { visibility, replyTo: target, now, attachments, route: net });
  await afterReply(tx, conv, input, now);
  return { message, privateConversationId: null, publicNote: null };
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

/** One message of this reply, through the outbox door, with the reply's author. */
function queueMessage(
  app: App,
  tx: Kysely<DB>,
  conv: ConversationTable,
  input: ReplyInput,
  o: { visibility: Visibility; replyTo: string | null; now: number; attachments?: OutboundAttachment[]; route?: ConversationTable },
): Promise<MessageTable> {
  // In a merged conversation the message is posted here but leaves through the thread it answers.
  const route = o.route && o.route.id !== conv.id ? o.route : null;
  return queueOutbound(tx, app.store.dialect, {
    conversation: route ? { id: conv.id, workspace_id: conv.workspace_id, channel_id: route.channel_id } : conv,
    originConversationId: route?.id ?? null,
    authorKind: input.authorKind,
    authorUserId: input.actorUserId,
    text: input.text,
    visibility: o.visibility,
    replyToExternalId: o.replyTo,
    attachments: o.attachments,
    now: o.now,
  });
}

/**
 * "Send and resolve / send and wait": the agent's status choice, applied to the conversation the
 * agent is working (on a move to private, the public one — the message goes to the private one).
 * A command effect, not an outbox one: no other outbound path changes a conversation's status.
 */
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
