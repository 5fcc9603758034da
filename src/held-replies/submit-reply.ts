import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { type PreparedReply, prepareReply, queueReply, type ReplyInput } from '../conversations/reply.js';
import { appendEvent } from '../events/append.js';
import { enqueueJob } from '../jobs/queue.js';
import { newId } from '../lib/ids.js';
import { wakeSender } from '../outbox/queue-outbound.js';
import type { DB, HeldReplyTable } from '../store/schema.js';
import { loadPolicy, loadPolicyAuthor, matchPolicy } from './policy.js';
import { heldReplySendJob } from './send-job.js';
import { resolveSendAt, type SendLaterPreset } from './send-later.js';

export interface SubmitReplyInput extends ReplyInput {
  /** Send at this instant (epoch ms) instead of now. */
  sendAt?: number | null;
  /** Or one of the composer's choices, in the workspace's business time zone. */
  sendLater?: SendLaterPreset | null;
}

export type SubmitResult =
  | ({ held: null } & Awaited<ReturnType<typeof queueReply>>)
  | { held: HeldReplyTable; message: null; privateConversationId: null; publicNote: null };

/**
 * A reply as a person (or an automation) submits it: checked like any reply, then either queued
 * through the outbox at once, or held — proposed when the approval policy applies to its author,
 * channel and visibility, scheduled when a later time was asked for (or both). Everything in one
 * transaction, so a reply is never half held and half sent.
 */
export async function submitReply(app: App, input: SubmitReplyInput): Promise<SubmitResult> {
  const r = await app.store.db.transaction().execute(async (tx): Promise<SubmitResult> => {
    const prepared = await prepareReply(app, tx, input);
    const sendAt = await resolveSendAt(tx, input.workspaceId, { sendAt: input.sendAt, sendLater: input.sendLater, now: prepared.now });
    const reason = await policyReason(tx, input, prepared);
    if (reason === null && sendAt === null) return { held: null, ...(await queueReply(app, tx, input, prepared)) };
    return { held: await hold(tx, input, prepared, { reason, sendAt }), message: null, privateConversationId: null, publicNote: null };
  });
  if (r.held) app.bus.poke(input.workspaceId);
  else wakeSender(app, input.workspaceId);
  return r;
}

/** Why the policy holds this reply, or null. A move to private with a public note is also a public reply. */
async function policyReason(tx: Kysely<DB>, input: ReplyInput, p: PreparedReply): Promise<string | null> {
  const policy = await loadPolicy(tx, input.workspaceId);
  if (!policy.rules.length && !policy.automationReplies) return null;
  const author = await loadPolicyAuthor(tx, input.workspaceId, input.authorKind, input.actorUserId);
  const at = { channelId: p.conv.channel_id, now: p.now };
  return (
    matchPolicy(policy, author, { ...at, visibility: p.visibility }) ?? (input.publicNote ? matchPolicy(policy, author, { ...at, visibility: 'public' }) : null)
  );
}

async function hold(tx: Kysely<DB>, input: ReplyInput, p: PreparedReply, o: { reason: string | null; sendAt: number | null }): Promise<HeldReplyTable> {
  const row: HeldReplyTable = {
    id: newId(p.now),
    workspace_id: input.workspaceId,
    conversation_id: p.conv.id,
    author_user_id: input.actorUserId,
    author_kind: input.authorKind,
    status: o.reason !== null ? 'proposed' : 'scheduled',
    needs_approval: o.reason !== null ? 1 : 0,
    policy_reason: o.reason,
    text: input.text,
    original_text: null,
    visibility: input.visibility ?? null,
    reply_to_message_id: input.replyToMessageId ?? null,
    public_note: input.publicNote ?? null,
    then_status: input.thenStatus ?? null,
    allow_personal_data: input.allowPersonalData ? 1 : 0,
    attachments: JSON.stringify(input.attachments ?? []),
    send_at: o.sendAt,
    decided_by: null,
    decided_at: null,
    reject_reason: null,
    message_id: null,
    error: null,
    created_at: p.now,
    updated_at: p.now,
  };
  await tx.insertInto('held_replies').values(row).execute();
  const base = { workspaceId: row.workspace_id, conversationId: row.conversation_id, actorUserId: input.actorUserId, at: p.now };
  const data = { heldReplyId: row.id, authorUserId: row.author_user_id };
  if (row.status === 'proposed') await appendEvent(tx, { ...base, type: 'reply.proposed', data: { ...data, reason: o.reason!, sendAt: o.sendAt } });
  else await scheduleSend(tx, row, { changed: false, actorUserId: input.actorUserId, now: p.now });
  return row;
}

/** A scheduled reply's job at its time, and the event saying so (also when the time or text changes). */
export async function scheduleSend(tx: Kysely<DB>, h: HeldReplyTable, o: { changed: boolean; actorUserId: string | null; now: number }) {
  if (h.send_at === null) return;
  await enqueueJob(tx, heldReplySendJob, { payload: { heldReplyId: h.id }, workspaceId: h.workspace_id, runAt: h.send_at, now: o.now });
  await appendEvent(tx, {
    workspaceId: h.workspace_id,
    type: 'reply.scheduled',
    conversationId: h.conversation_id,
    actorUserId: o.actorUserId,
    data: { heldReplyId: h.id, authorUserId: h.author_user_id, sendAt: h.send_at, changed: o.changed },
    at: o.now,
  });
}
