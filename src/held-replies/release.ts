import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { prepareReply, queueReply, type ReplyInput } from '../conversations/reply.js';
import { appendEvent } from '../events/append.js';
import { AppError, conflict } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { wakeSender } from '../outbox/queue-outbound.js';
import type { DB, HeldReplyTable } from '../store/schema.js';
import { lockHeldReply } from './load-held.js';

export type ReleaseTrigger = 'due' | 'approved' | 'send_now';

/** The reply the author asked for, as reply.ts takes it (the collision check was theirs to see when they wrote it). */
export function replyInputOf(h: HeldReplyTable): ReplyInput {
  return {
    workspaceId: h.workspace_id,
    conversationId: h.conversation_id,
    actorUserId: h.author_user_id,
    authorKind: h.author_kind,
    text: h.text,
    visibility: h.visibility ?? undefined,
    replyToMessageId: h.reply_to_message_id ?? undefined,
    publicNote: h.public_note ?? undefined,
    thenStatus: h.then_status ?? undefined,
    allowPersonalData: h.allow_personal_data === 1,
    attachments: parseJson<string[]>(h.attachments, []),
  };
}

/**
 * Turns a held reply into a real one, in the caller's transaction: the held row moves from
 * `from` to sent by a conditional update (0 rows = someone else got there first: 409), then the
 * reply's checks run again (the window may have closed, the channel been disabled) and the
 * message goes through the outbox door, attributed to its author. Throws the checks' AppError.
 */
export async function releaseInTx(
  app: App,
  tx: Kysely<DB>,
  h: HeldReplyTable,
  o: { from: HeldReplyTable['status']; trigger: ReleaseTrigger; approvedBy: string | null; text?: string; now: number },
): Promise<string> {
  const text = o.text ?? h.text;
  const moved = await tx
    .updateTable('held_replies')
    .set({ status: 'sent', updated_at: o.now, error: null, ...(o.text !== undefined && o.text !== h.text ? { text, original_text: h.text } : {}) })
    .where('id', '=', h.id)
    .where('status', '=', o.from)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw conflict('this reply was already sent, withdrawn or decided by someone else');
  const channel = await tx
    .selectFrom('channels')
    .innerJoin('conversations', 'conversations.channel_id', 'channels.id')
    .select(['channels.status', 'channels.name'])
    .where('conversations.id', '=', h.conversation_id)
    .executeTakeFirstOrThrow();
  if (channel.status !== 'active') throw conflict(`the channel ${channel.name} is disabled, so nothing can be sent through it`);
  const input = { ...replyInputOf(h), text };
  const r = await queueReply(app, tx, input, await prepareReply(app, tx, input));
  await tx.updateTable('held_replies').set({ message_id: r.message.id }).where('id', '=', h.id).execute();
  await appendEvent(tx, {
    workspaceId: h.workspace_id,
    type: 'reply.released',
    conversationId: h.conversation_id,
    actorUserId: o.trigger === 'due' ? null : (o.approvedBy ?? h.author_user_id),
    data: { heldReplyId: h.id, authorUserId: h.author_user_id, messageId: r.message.id, approvedBy: o.approvedBy ?? h.decided_by, trigger: o.trigger },
    at: o.now,
  });
  return r.message.id;
}

/**
 * The scheduled job's release: does nothing unless the reply is scheduled and due. When the
 * checks refuse it now, the reply is marked failed with their reason, visibly, like any reply
 * that cannot go out — never silently dropped, never retried behind the author's back.
 */
export async function releaseHeldReply(app: App, id: string, o: { trigger: 'due'; actorUserId: null }): Promise<'sent' | 'failed' | 'noop'> {
  const now = app.now();
  let outcome: { kind: 'noop' } | { kind: 'sent'; ws: string } | { kind: 'failed'; h: HeldReplyTable; error: string };
  try {
    outcome = await app.store.db.transaction().execute(async (tx) => {
      const h = await lockHeldReply(tx, null, id);
      if (!h || h.status !== 'scheduled' || h.send_at === null || h.send_at > now) return { kind: 'noop' as const };
      try {
        await releaseInTx(app, tx, h, { from: 'scheduled', trigger: o.trigger, approvedBy: h.decided_by, now });
      } catch (err) {
        // Thrown on, so the transaction rolls back whatever the release wrote before the refusal.
        if (err instanceof AppError) throw new Refused(h, err);
        throw err;
      }
      return { kind: 'sent' as const, ws: h.workspace_id };
    });
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    if (err.cause.code === 'conflict' && err.cause.message.startsWith('this reply was already')) return 'noop';
    outcome = { kind: 'failed', h: err.held, error: err.cause.message };
  }
  if (outcome.kind === 'sent') wakeSender(app, outcome.ws);
  if (outcome.kind !== 'failed') return outcome.kind;
  // The release's transaction saw the checks refuse; this one records why (the row stays
  // "scheduled" until then, so a crash in between only means the job tries again).
  const h = outcome.h;
  await app.store.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('held_replies')
      .set({ status: 'failed', error: outcome.error, updated_at: now })
      .where('id', '=', h.id)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return;
    await appendEvent(tx, {
      workspaceId: h.workspace_id,
      type: 'reply.failed',
      conversationId: h.conversation_id,
      data: { heldReplyId: h.id, authorUserId: h.author_user_id, error: outcome.error },
      at: now,
    });
  });
  app.bus.poke(h.workspace_id);
  return 'failed';
}

class Refused extends Error {
  constructor(
    readonly held: HeldReplyTable,
    override readonly cause: AppError,
  ) {
    super(cause.message);
  }
}
