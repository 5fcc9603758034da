import type { App } from '../app.js';
import { prepareReply } from '../conversations/reply.js';
import { appendEvent } from '../events/append.js';
import { conflict, forbidden, invalid } from '../lib/errors.js';
import { wakeSender } from '../outbox/queue-outbound.js';
import type { HeldReplyTable } from '../store/schema.js';
import { loadHeldReply, lockOwnHeldReply } from './load-held.js';
import { loadPolicy } from './policy.js';
import { releaseInTx, replyInputOf } from './release.js';
import { scheduleSend } from './submit-reply.js';

/**
 * An approver accepts a proposed reply, as written or edited (`text`). It is sent now through
 * the outbox, attributed to its author, with the approver recorded — or, when it is scheduled for
 * later, it waits for its time. The route checks replies.approve; the policy decides whether an
 * approver may accept their own reply.
 */
export async function approveReply(app: App, input: { workspaceId: string; id: string; approverId: string; text?: string; allowPersonalData?: boolean }) {
  const now = app.now();
  const result = await app.store.db.transaction().execute(async (tx) => {
    const h = await lockOwnHeldReply(tx, input.workspaceId, input.id);
    if (h.status !== 'proposed') throw conflict(`this reply is ${h.status}; only a proposed reply can be approved`);
    if (h.author_user_id === input.approverId && !(await loadPolicy(tx, input.workspaceId)).allowSelfApproval)
      throw forbidden('you cannot approve your own reply: the approval policy asks for someone else');
    const text = input.text ?? h.text;
    const edited = text !== h.text;
    if (edited && !text.trim()) throw invalid('text', 'must not be empty');
    const decided = { decided_by: input.approverId, decided_at: now, ...(input.allowPersonalData ? { allow_personal_data: 1 } : {}) };
    const approved: HeldReplyTable = { ...h, ...decided };
    let messageId: string | null = null;
    if (h.send_at !== null && h.send_at > now) {
      // Checked now, so the approver hears of a problem they can fix while the author is still around.
      await prepareReply(app, tx, { ...replyInputOf(approved), text });
      const next = { ...decided, status: 'scheduled' as const, updated_at: now, ...(edited ? { text, original_text: h.text } : {}) };
      const r = await tx.updateTable('held_replies').set(next).where('id', '=', h.id).where('status', '=', 'proposed').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw conflict('this reply was decided by someone else');
      await scheduleSend(tx, { ...h, ...next }, { changed: false, actorUserId: input.approverId, now });
    } else {
      await tx.updateTable('held_replies').set(decided).where('id', '=', h.id).execute();
      messageId = await releaseInTx(app, tx, approved, { from: 'proposed', trigger: 'approved', approvedBy: input.approverId, text, now });
    }
    await appendEvent(tx, {
      workspaceId: h.workspace_id,
      type: 'reply.approved',
      conversationId: h.conversation_id,
      actorUserId: input.approverId,
      data: { heldReplyId: h.id, authorUserId: h.author_user_id, edited, messageId, sendAt: h.send_at },
      at: now,
    });
    return loadHeldReply(tx, input.workspaceId, h.id);
  });
  if (result.message_id) wakeSender(app, input.workspaceId);
  else app.bus.poke(input.workspaceId);
  return result;
}

/** An approver turns a proposed reply down, saying why; the author sees the reason beside it and may edit and propose again. */
export async function rejectReply(app: App, input: { workspaceId: string; id: string; approverId: string; reason: string }) {
  const now = app.now();
  const result = await app.store.db.transaction().execute(async (tx) => {
    const h = await lockOwnHeldReply(tx, input.workspaceId, input.id);
    if (h.status !== 'proposed') throw conflict(`this reply is ${h.status}; only a proposed reply can be rejected`);
    const r = await tx
      .updateTable('held_replies')
      .set({ status: 'rejected', reject_reason: input.reason, decided_by: input.approverId, decided_at: now, updated_at: now })
      .where('id', '=', h.id)
      .where('status', '=', 'proposed')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('this reply was decided by someone else');
    await appendEvent(tx, {
      workspaceId: h.workspace_id,
      type: 'reply.rejected',
      conversationId: h.conversation_id,
      actorUserId: input.approverId,
      data: { heldReplyId: h.id, authorUserId: h.author_user_id, reason: input.reason },
      at: now,
    });
    return loadHeldReply(tx, input.workspaceId, h.id);
  });
  app.bus.poke(input.workspaceId);
  return result;
}
