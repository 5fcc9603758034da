import { z } from 'zod';

/**
 * Replies that wait before the outbox (src/held-replies/): proposed for approval, scheduled for
 * later. Every one names the held reply and its author, so the author's app can tell them of a
 * decision (the realtime stream carries these events to the web app).
 */

const id = z.string();
const held = { heldReplyId: id, authorUserId: id.nullable() };

export const heldReplyEvents = {
  'reply.proposed': {
    doc: 'a reply waits for approval (the approval policy applied; reason says which rule); sendAt when it is also scheduled',
    payload: z.strictObject({ ...held, reason: z.string(), sendAt: z.number().nullable() }),
  },
  'reply.approved': {
    doc: 'an approver accepted a proposed reply (edited: they changed the text first); it is sent now, or at its scheduled time',
    payload: z.strictObject({ ...held, edited: z.boolean(), messageId: id.nullable(), sendAt: z.number().nullable() }),
  },
  'reply.rejected': { doc: 'an approver rejected a proposed reply, with a reason', payload: z.strictObject({ ...held, reason: z.string() }) },
  'reply.scheduled': {
    doc: 'a reply is scheduled to be sent later, or its time or text is changed',
    payload: z.strictObject({ ...held, sendAt: z.number(), changed: z.boolean() }),
  },
  'reply.cancelled': { doc: 'a proposed or scheduled reply is withdrawn before it was sent', payload: z.strictObject({ ...held }) },
  'reply.released': {
    doc: 'a held reply entered the outbox as a message (scheduled time reached, approved, or "send now")',
    payload: z.strictObject({ ...held, messageId: id, approvedBy: id.nullable(), trigger: z.enum(['due', 'approved', 'send_now']) }),
  },
  'reply.failed': {
    doc: 'a held reply could not be sent when its time came (channel disconnected, window closed…); error is the reason',
    payload: z.strictObject({ ...held, error: z.string() }),
  },
  'approval_policy.updated': {
    doc: "the workspace's reply approval policy is changed",
    payload: z.strictObject({ rules: z.number(), allowSelfApproval: z.boolean(), automationReplies: z.boolean() }),
  },
} as const;
