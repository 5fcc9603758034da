import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { approveReply, rejectReply } from '../../held-replies/decide.js';
import { listApprovals, countApprovals, listConversationHeld } from '../../held-replies/list-held.js';
import { cancelHeldReply, editHeldReply, type HeldActor, sendHeldReplyNow } from '../../held-replies/manage-held.js';
import { approvalPolicySchema, loadPolicy } from '../../held-replies/policy.js';
import { presentHeldReply } from '../../held-replies/present.js';
import { saveApprovalPolicy } from '../../held-replies/save-policy.js';
import { presetTimes, SEND_LATER_PRESETS, workspaceTimeZone } from '../../held-replies/send-later.js';
import type { Principal } from '../../auth/principal.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

/** "Send later" on a reply or an edit: an instant (ISO 8601 with offset) or one of the presets. */
export const sendLaterFields = {
  sendAt: z.iso
    .datetime({ offset: true })
    .transform((s) => Date.parse(s))
    .nullable()
    .optional()
    .describe('send at this time instead of now (held as scheduled; within a year)'),
  sendLater: z
    .enum(SEND_LATER_PRESETS as ['tomorrow_morning', 'next_monday'])
    .optional()
    .describe("tomorrow_morning = tomorrow 9:00, next_monday = Monday 9:00, in the workspace's business time zone"),
};

const editBody = z.object({ text: z.string().trim().min(1, 'must not be empty').max(20_000).optional(), ...sendLaterFields });
const approveBody = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(20_000).optional().describe("the approver's edit; absent = as proposed"),
  allowPersonalData: z.boolean().optional(),
});
const rejectBody = z.object({ reason: z.string().trim().min(1, 'say why, so the author can fix it').max(1000) });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

const A = 'approvals';
describe({ method: 'get', path: '/api/v1/approvals/policy', tag: A, summary: 'The reply approval policy' });
describe({
  method: 'put',
  path: '/api/v1/approvals/policy',
  tag: A,
  summary: 'Replace the reply approval policy (settings.manage)',
  body: approvalPolicySchema,
});
describe({
  method: 'get',
  path: '/api/v1/approvals',
  tag: A,
  summary: 'Proposed replies waiting for an approver, oldest first, with the count (replies.approve)',
  query: listQuery,
});
describe({ method: 'get', path: '/api/v1/approvals/count', tag: A, summary: 'How many replies wait for an approver (replies.approve)' });
describe({
  method: 'post',
  path: '/api/v1/held-replies/{id}/approve',
  tag: A,
  summary: 'Accept a proposed reply, as written or edited (replies.approve)',
  body: approveBody,
});
describe({
  method: 'post',
  path: '/api/v1/held-replies/{id}/reject',
  tag: A,
  summary: 'Reject a proposed reply with a reason (replies.approve)',
  body: rejectBody,
});
const S = 'scheduled replies';
describe({
  method: 'get',
  path: '/api/v1/conversations/{id}/held-replies',
  tag: S,
  summary: 'Proposed, scheduled, failed and rejected replies of a conversation',
});
describe({
  method: 'get',
  path: '/api/v1/send-later',
  tag: S,
  summary: "The composer's send-later choices as instants, in the workspace's business time zone",
});
describe({ method: 'patch', path: '/api/v1/held-replies/{id}', tag: S, summary: "Change a held reply's text or time (its author)", body: editBody });
describe({ method: 'post', path: '/api/v1/held-replies/{id}/cancel', tag: S, summary: 'Withdraw a held reply (its author or an approver)' });
describe({ method: 'post', path: '/api/v1/held-replies/{id}/send-now', tag: S, summary: 'Send a scheduled (or failed) reply now (its author or an approver)' });

const actor = (p: Principal): HeldActor => ({ workspaceId: p.workspaceId, userId: p.userId, canApprove: p.permissions.has('replies.approve') });

export function mountHeldReplies(http: Hono<HonoEnv>) {
  http.use('/api/v1/approvals', requireAuth);
  http.use('/api/v1/approvals/*', requireAuth);
  http.use('/api/v1/held-replies/*', requireAuth);
  http.use('/api/v1/send-later', requireAuth);
  // /api/v1/conversations/* is authenticated by the conversations routes.

  http.get('/api/v1/approvals/policy', async (c) => c.json(await loadPolicy(c.get('app').store.db, c.get('principal').workspaceId)));

  http.put('/api/v1/approvals/policy', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const policy = await parseBody(c, approvalPolicySchema);
    return c.json(await saveApprovalPolicy(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, policy }));
  });

  http.get('/api/v1/approvals', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'replies.approve');
    const q = parseQuery(c, listQuery);
    return c.json(await listApprovals(c.get('app'), { workspaceId: p.workspaceId, limit: q.limit }));
  });

  http.get('/api/v1/approvals/count', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'replies.approve');
    return c.json({ count: await countApprovals(c.get('app'), p.workspaceId) });
  });

  http.post('/api/v1/held-replies/:id/approve', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'replies.approve');
    const b = await parseBody(c, approveBody);
    const h = await approveReply(c.get('app'), { workspaceId: p.workspaceId, id: c.req.param('id'), approverId: p.userId, ...b });
    return c.json(presentHeldReply(h));
  });

  http.post('/api/v1/held-replies/:id/reject', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'replies.approve');
    const b = await parseBody(c, rejectBody);
    const h = await rejectReply(c.get('app'), { workspaceId: p.workspaceId, id: c.req.param('id'), approverId: p.userId, reason: b.reason });
    return c.json(presentHeldReply(h));
  });

  http.get('/api/v1/conversations/:id/held-replies', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    return c.json({ heldReplies: await listConversationHeld(c.get('app'), { workspaceId: p.workspaceId, conversationId: c.req.param('id') }) });
  });

  http.get('/api/v1/send-later', async (c) => {
    const p = c.get('principal');
    const app = c.get('app');
    const now = app.now();
    const timeZone = await workspaceTimeZone(app.store.db, p.workspaceId, now);
    const t = presetTimes(now, timeZone);
    return c.json({ timeZone, tomorrowMorning: new Date(t.tomorrow_morning).toISOString(), nextMonday: new Date(t.next_monday).toISOString() });
  });

  http.patch('/api/v1/held-replies/:id', async (c) => {
    const p = c.get('principal');
    const b = await parseBody(c, editBody);
    return c.json(presentHeldReply(await editHeldReply(c.get('app'), actor(p), { id: c.req.param('id'), ...b })));
  });

  http.post('/api/v1/held-replies/:id/cancel', async (c) => {
    const p = c.get('principal');
    return c.json(presentHeldReply(await cancelHeldReply(c.get('app'), actor(p), c.req.param('id'))));
  });

  http.post('/api/v1/held-replies/:id/send-now', async (c) => {
    const p = c.get('principal');
    return c.json(presentHeldReply(await sendHeldReplyNow(c.get('app'), actor(p), c.req.param('id'))));
  });
}
