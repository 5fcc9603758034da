import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { enqueueJob } from '../jobs/queue.js';
import { conflict } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import { indexMessage } from '../search/index-message.js';
import type { Dialect } from '../store/dialects/dialect.js';
import { UNANALYSED } from '../store/row-defaults.js';
import type { AuthorKind, ConversationTable, DB, MessageTable, Visibility } from '../store/schema.js';
import { moderateJob } from './moderate.js';
import { sendJob } from './send-message.js';
import type { ModerationAction } from '../channels/contract/moderation.js';
import type { ModerationActionTable } from '../store/schema.js';

/**
 * THE door out (DESIGN.md "One door out"): every message Hearken sends to a network — agent
 * replies, bot and automation replies (auto-replies), WhatsApp templates, survey questions — is
 * queued here, and every retry is requeued here. Nothing else writes an `out` message that is to
 * be sent, and nothing else enqueues the send job (src/outbox/one-door.test.ts checks it).
 *
 * What the door does NOT do: decide whether the message may be sent. Capability, window, length,
 * privacy and tone checks belong to each command (they differ on purpose: a WhatsApp template is
 * the one thing allowed after the 24-hour window closes), and they run before the door, in the
 * same transaction.
 */

/** Who wrote an outbound message. Metrics depend on it: only `human` stops the customer's wait. */
export type OutboundAuthorKind = Extract<AuthorKind, 'human' | 'bot' | 'automation'>;

export interface OutboundMessage {
  /** The conversation the message is posted in (its channel is the one it leaves through). */
  conversation: Pick<ConversationTable, 'id' | 'workspace_id' | 'channel_id'>;
  /**
   * In a merged conversation, the conversation (network thread) the message leaves through when
   * it is not `conversation` (conversations/merge/reply-route.ts): the sender addresses that thread.
   */
  originConversationId?: string | null;
  authorKind: OutboundAuthorKind;
  /** The user who wrote (human) or triggered it; null for automations and bots acting alone. Also the event's actor. */
  authorUserId: string | null;
  /** The text as the customer will read it (also what search finds). */
  text: string;
  visibility: Visibility;
  /** The network item answered (threading); null = a new message in the thread. */
  replyToExternalId?: string | null;
  /**
   * Stored as the message's attachments JSON and read by the sender: uploaded files
   * (conversations/check-attachments.ts) or a WhatsApp template descriptor (channels/meta/templates-payload.ts).
   */
  attachments?: readonly object[];
  /** Answer buttons the sender shows where the network has them (survey questions). */
  buttons?: ReadonlyArray<{ label: string; payload: string }> | null;
  /**
   * Marks on the `message.created` event saying what kind of send this was, for readers of the
   * log (webhooks, the timeline): `template` = the WhatsApp template's name, `survey` = a rating question.
   */
  eventTags?: { template?: string; survey?: true };
  /**
   * Whether the conversation moves: its last activity becomes now (it rises in the inbox) and, for
   * a human author, the customer's wait ends (waiting_since cleared, unread reset). Default true.
   * False for a survey question: asking a resolved conversation for a rating must not move it
   * in anyone's queue.
   */
  touchConversation?: boolean;
  now: number;
}

/**
 * Writes, inside the caller's transaction, everything one outbound message is: the `out` row
 * (delivery "queued"), its send job, its search entry, the conversation's activity and the
 * `message.created` event — so a rollback leaves none of them, and a commit leaves all.
 * The message id is also the sender's idempotency key (outbox/send-message.ts), stable across
 * retries. Call `wakeSender` after the transaction commits.
 */
export async function queueOutbound(tx: Kysely<DB>, dialect: Dialect, m: OutboundMessage): Promise<MessageTable> {
  const { conversation: conv, now } = m;
  const row: MessageTable = {
    id: newId(now),
    workspace_id: conv.workspace_id,
    conversation_id: conv.id,
    channel_id: conv.channel_id,
    direction: 'out',
    author_kind: m.authorKind,
    author_user_id: m.authorUserId,
    visibility: m.visibility,
    body: m.text,
    attachments: JSON.stringify(m.attachments ?? []),
    external_id: null,
    reply_to_external_id: m.replyToExternalId ?? null,
    network_ts: null,
    received_at: now,
    delivery_status: 'queued',
    delivery_error: null,
    edited_at: null,
    deleted_at: null,
    created_at: now,
    ...UNANALYSED,
    ...(m.originConversationId ? { origin_conversation_id: m.originConversationId } : {}),
    // Only when there are any: the returned row is what replies present, and they never had the key.
    ...(m.buttons ? { buttons: JSON.stringify(m.buttons) } : {}),
  };
  await tx.insertInto('messages').values(row).execute();
  await enqueueSend(tx, row, now);
  // Every stored message is searchable (search/index-message.ts), survey questions included.
  await indexMessage(tx, dialect, { id: row.id, workspaceId: conv.workspace_id, text: row.body });
  if (m.touchConversation !== false)
    await tx
      .updateTable('conversations')
      // Only a human answer stops the customer's wait (bots and automations do not: see docs/metrics).
      .set({ last_message_at: now, updated_at: now, ...(m.authorKind === 'human' ? { waiting_since: null, unread: 0 } : {}) })
      .where('id', '=', conv.id)
      .execute();
  await appendEvent(tx, {
    workspaceId: conv.workspace_id,
    type: 'message.created',
    conversationId: conv.id,
    actorUserId: m.authorUserId,
    data: { messageId: row.id, direction: 'out', authorKind: m.authorKind, visibility: row.visibility, ...m.eventTags },
    at: now,
  });
  return row;
}

/**
 * Queues an existing outbound message again (a person's retry of a failed or uncertain send).
 * Same message, same id, so the same idempotency key: a network that deduplicates sees one
 * message. Only `failed` and `needs_human` messages may be requeued — one that is queued,
 * sending or sent would risk going out twice. For `needs_human` the caller vouches that a person
 * checked the network and the message was not posted.
 */
export async function requeueOutbound(
  tx: Kysely<DB>,
  m: Pick<MessageTable, 'id' | 'workspace_id' | 'conversation_id' | 'direction' | 'delivery_status'>,
  o: { actorUserId: string | null; now: number },
): Promise<void> {
  if (m.direction !== 'out') throw conflict('only outbound messages can be sent again');
  if (m.delivery_status !== 'failed' && m.delivery_status !== 'needs_human')
    throw conflict(`message is ${m.delivery_status}; only failed or needs_human messages can be retried`);
  await tx.updateTable('messages').set({ delivery_status: 'queued', delivery_error: null }).where('id', '=', m.id).execute();
  await enqueueSend(tx, m, o.now);
  await appendEvent(tx, {
    workspaceId: m.workspace_id,
    type: 'message.retried',
    conversationId: m.conversation_id,
    actorUserId: o.actorUserId,
    data: { messageId: m.id, previous: m.delivery_status },
    at: o.now,
  });
}

/**
 * Queues one moderation action on a customer's public comment (hide, unhide, delete, like, block
 * the author) through the same door as replies: the action row ("queued") and its job in the
 * caller's transaction, with a `message.moderation_queued` event. Whether the channel allows
 * the action and the message may be moderated is the command's check (conversations/moderate-message.ts),
 * before the door. The action id is the adapter's idempotency key. Call `wakeSender` after commit.
 */
export async function queueModeration(
  tx: Kysely<DB>,
  m: {
    message: Pick<MessageTable, 'id' | 'workspace_id' | 'conversation_id' | 'channel_id'>;
    action: ModerationAction;
    actorUserId: string | null;
    now: number;
  },
): Promise<ModerationActionTable> {
  const row: ModerationActionTable = {
    id: newId(m.now),
    workspace_id: m.message.workspace_id,
    conversation_id: m.message.conversation_id,
    message_id: m.message.id,
    channel_id: m.message.channel_id,
    action: m.action,
    status: 'queued',
    error: null,
    actor_user_id: m.actorUserId,
    created_at: m.now,
    updated_at: m.now,
  };
  await tx.insertInto('moderation_actions').values(row).execute();
  await enqueueJob(tx, moderateJob, { payload: { actionId: row.id }, workspaceId: row.workspace_id, runAt: m.now, now: m.now });
  await appendEvent(tx, {
    workspaceId: row.workspace_id,
    type: 'message.moderation_queued',
    conversationId: row.conversation_id,
    actorUserId: m.actorUserId,
    data: { messageId: row.message_id, actionId: row.id, action: m.action },
    at: m.now,
  });
  return row;
}

/** After the queuing transaction commits: the inbox shows the message, the worker picks the job up now. */
export function wakeSender(app: Pick<App, 'bus'>, workspaceId: string) {
  app.bus.poke(workspaceId);
  app.bus.poke('__jobs__');
}

// The one place the send job is created; due at once (the sender backs off on failures itself).
async function enqueueSend(tx: Kysely<DB>, m: Pick<MessageTable, 'id' | 'workspace_id'>, now: number) {
  await enqueueJob(tx, sendJob, { payload: { messageId: m.id }, workspaceId: m.workspace_id, runAt: now, now });
}
