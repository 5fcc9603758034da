import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { prepareReply } from '../conversations/reply.js';
import { appendEvent } from '../events/append.js';
import { conflict, forbidden, invalid } from '../lib/errors.js';
import { wakeSender } from '../outbox/queue-outbound.js';
import type { DB, HeldReplyTable } from '../store/schema.js';
import { loadHeldReply, lockOwnHeldReply } from './load-held.js';
import { releaseInTx, replyInputOf } from './release.js';
import { resolveSendAt, type SendLaterPreset } from './send-later.js';
import { scheduleSend } from './submit-reply.js';

/** Who acts on a held reply: its author, or an approver (who may withdraw anyone's). */
export interface HeldActor {
  workspaceId: string;
  userId: string;
  canApprove: boolean;
}

function mayManage(h: HeldReplyTable, a: HeldActor) {
  if (h.author_user_id !== a.userId && !a.canApprove) throw forbidden('only its author or an approver (replies.approve) can change this reply');
}

/**
 * The author changes a held reply's text and/or time. A proposed or rejected reply is proposed
 * (again) with the new text; a scheduled one stays scheduled at its new time — unless it needed
 * approval and its text changed, which asks for approval again. A failed one is scheduled again
 * at a new time. Only the author edits: an approver edits while accepting (decide.ts).
 */
export async function editHeldReply(
  app: App,
  a: HeldActor,
  input: { id: string; text?: string; sendAt?: number | null; sendLater?: SendLaterPreset | null },
): Promise<HeldReplyTable> {
  const now = app.now();
  const result = await app.store.db.transaction().execute(async (tx) => {
    const h = await lockOwnHeldReply(tx, a.workspaceId, input.id);
    if (h.author_user_id !== a.userId) throw forbidden('only the author can edit a held reply; approvers edit while approving');
    if (h.status === 'sent' || h.status === 'cancelled') throw conflict(`this reply is ${h.status}; it can no longer be changed`);
    const text = input.text ?? h.text;
    const timeGiven = input.sendAt !== undefined || !!input.sendLater;
    const sendAt = timeGiven ? await resolveSendAt(tx, a.workspaceId, { sendAt: input.sendAt, sendLater: input.sendLater, now }) : h.send_at;
    if (!h.needs_approval && sendAt === null) throw invalid('sendAt', 'choose a time, or send it now');
    if (!h.needs_approval && sendAt !== null && sendAt <= now) throw invalid('sendAt', 'must be in the future');
    await prepareReply(app, tx, { ...replyInputOf(h), text });
    const textChanged = text !== h.text;
    const proposeAgain = h.needs_approval === 1 && (h.status !== 'scheduled' || textChanged);
    const next = {
      text,
      send_at: sendAt,
      status: proposeAgain ? ('proposed' as const) : ('scheduled' as const),
      error: null,
      updated_at: now,
      ...(proposeAgain ? { decided_by: null, decided_at: null, reject_reason: null, original_text: null } : {}),
    };
    await moveFrom(tx, h, next);
    const row = { ...h, ...next };
    if (proposeAgain)
      await appendEvent(tx, {
        workspaceId: h.workspace_id,
        type: 'reply.proposed',
        conversationId: h.conversation_id,
        actorUserId: a.userId,
        data: { heldReplyId: h.id, authorUserId: h.author_user_id, reason: h.policy_reason ?? '', sendAt },
        at: now,
      });
    else await scheduleSend(tx, row, { changed: true, actorUserId: a.userId, now });
    return row;
  });
  app.bus.poke(a.workspaceId);
  return result;
}

/** Withdraws a held reply before it is sent (or clears a rejected or failed one from the thread). */
export async function cancelHeldReply(app: App, a: HeldActor, id: string): Promise<HeldReplyTable> {
  const now = app.now();
  const result = await app.store.db.transaction().execute(async (tx) => {
    const h = await lockOwnHeldReply(tx, a.workspaceId, id);
    mayManage(h, a);
    if (h.status === 'sent' || h.status === 'cancelled') throw conflict(`this reply is ${h.status}; it can no longer be cancelled`);
    const next = { status: 'cancelled' as const, updated_at: now };
    await moveFrom(tx, h, next);
    await appendEvent(tx, {
      workspaceId: h.workspace_id,
      type: 'reply.cancelled',
      conversationId: h.conversation_id,
      actorUserId: a.userId,
      data: { heldReplyId: h.id, authorUserId: h.author_user_id },
      at: now,
    });
    return { ...h, ...next };
  });
  app.bus.poke(a.workspaceId);
  return result;
}

/** "Send now": a scheduled reply (or a failed one, once its problem is fixed) goes out at once. A proposed one needs its approval first. */
export async function sendHeldReplyNow(app: App, a: HeldActor, id: string): Promise<HeldReplyTable> {
  const now = app.now();
  const result = await app.store.db.transaction().execute(async (tx) => {
    const h = await lockOwnHeldReply(tx, a.workspaceId, id);
    mayManage(h, a);
    if (h.status === 'proposed' || h.status === 'rejected') throw conflict('this reply needs an approver to accept it before it can be sent');
    if (h.status !== 'scheduled' && h.status !== 'failed') throw conflict(`this reply is ${h.status}; it can no longer be sent`);
    await releaseInTx(app, tx, h, { from: h.status, trigger: 'send_now', approvedBy: h.decided_by, now });
    return loadHeldReply(tx, a.workspaceId, id);
  });
  wakeSender(app, a.workspaceId);
  return result;
}

/** A conditional move: the row must still be in the status it was read in (a worker may have sent it meanwhile). */
async function moveFrom(tx: Kysely<DB>, h: HeldReplyTable, next: Partial<HeldReplyTable>) {
  const r = await tx.updateTable('held_replies').set(next).where('id', '=', h.id).where('status', '=', h.status).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw conflict('this reply changed meanwhile (sent or decided); reload it');
}
