import type { Hono } from 'hono';
import { z } from 'zod';
import { requireAnyPermission, requireConversationPermission, requirePermission, requireReplyPermission, requireRetryPermission } from '../../auth/roles.js';
import { addNote } from '../../conversations/add-note.js';
import { bulkUpdate } from '../../conversations/bulk-update.js';
import { countOpen } from '../../conversations/counts.js';
import { assignConversation } from '../../conversations/assign.js';
import { getConversation } from '../../conversations/get-conversation.js';
import { listActivity } from '../../conversations/list-activity.js';
import { listConversations } from '../../conversations/list-conversations.js';
import { markRead } from '../../conversations/mark-read.js';
import { loadConversation } from '../../conversations/load-conversation.js';
import { presentConversation, presentMessage } from '../../conversations/present.js';
import { setStatus } from '../../conversations/set-status.js';
import { updateConversation } from '../../conversations/update-conversation.js';
import { updateTags } from '../../conversations/update-tags.js';
import { retryMessage } from '../../outbox/retry-message.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';
import { conversationFilterSchema, toQueueFilter } from '../../conversations/filter-schema.js';
import { priorityInput } from '../../lib/priority.js';
import { submitReply } from '../../held-replies/submit-reply.js';
import { presentHeldReply } from '../../held-replies/present.js';
import { sendLaterFields } from './held-replies.js';

const listQuery = conversationFilterSchema;

const getQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.string().max(64).optional() });

const replyBody = z.object({
  // May be empty when files are attached (reply.ts checks that a reply carries one or the other).
  text: z.string().trim().max(20_000).default(''),
  visibility: z.enum(['public', 'private']).optional(),
  replyToMessageId: z.string().max(64).optional(),
  publicNote: z.string().trim().min(1).max(2000).optional(),
  thenStatus: z.enum(['open', 'pending', 'resolved']).optional(),
  allowPersonalData: z.boolean().optional().describe('confirm that personal details in a public reply are meant to be public'),
  ifNoReplySince: z.iso
    .datetime({ offset: true })
    .transform((s) => Date.parse(s))
    .optional()
    .describe('409 if another person replied after this time'),
  attachments: z
    .array(z.string().min(1).max(64))
    .max(10)
    .optional()
    .describe('ids from POST /api/v1/media (the channel must carry files: capabilities.outboundAttachments)'),
  ...sendLaterFields,
});
const noteBody = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(20_000),
  mentions: z.array(z.string().max(64)).max(20).optional().describe('user ids to notify'),
});
const bulkBody = z
  .object({
    ids: z.array(z.string().max(64)).min(1).max(100),
    assigneeId: z.string().max(64).nullable().optional(),
    teamId: z.string().max(64).nullable().optional(),
    addTags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
    removeTags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
    status: z.enum(['open', 'pending', 'resolved']).optional(),
    spam: z.boolean().optional().describe('true: mark spam; false: not spam'),
  })
  .refine((b) => b.assigneeId !== undefined || b.teamId !== undefined || b.addTags?.length || b.removeTags?.length || b.status || b.spam !== undefined, {
    message: 'nothing to change',
  });
const assignBody = z
  .object({ assigneeId: z.string().max(64).nullable().optional(), teamId: z.string().max(64).nullable().optional() })
  .refine((b) => b.assigneeId !== undefined || b.teamId !== undefined, { message: 'give assigneeId and/or teamId (null to unassign)' });
const statusBody = z.object({
  status: z.enum(['open', 'pending', 'snoozed', 'resolved']),
  snoozedUntil: z.iso
    .datetime({ offset: true })
    .transform((s) => Date.parse(s))
    .optional(),
});
const tagsBody = z
  .object({ add: z.array(z.string().trim().min(1).max(64)).max(50).default([]), remove: z.array(z.string().trim().min(1).max(64)).max(50).default([]) })
  .refine((b) => b.add.length + b.remove.length > 0, { message: 'give tags to add and/or remove' });
const patchBody = z
  .object({
    priority: z
      .union([z.literal('auto'), priorityInput], { error: 'must be auto or one of urgent, high, normal, low, none (or the old number 0–4, 4 = urgent)' })
      .optional()
      .describe('urgent, high, normal, low or none pins the level by hand (the old numbers 0–4 still work); auto gives it back to the computed priority'),
    subject: z.string().max(500).nullable().optional(),
  })
  .refine((b) => b.priority !== undefined || b.subject !== undefined, { message: 'nothing to change' });

const presenceBody = z.object({ state: z.enum(['viewing', 'typing', 'left']) });

const T = 'conversations';
describe({
  method: 'post',
  path: '/api/v1/conversations/{id}/presence',
  tag: T,
  summary: 'Say you are viewing, typing or have left (heartbeat every ~10 s; expires after 30 s); returns the others present',
  body: presenceBody,
});
describe({ method: 'get', path: '/api/v1/conversations/{id}/presence', tag: T, summary: 'Who else is viewing or typing' });
describe({ method: 'get', path: '/api/v1/conversations', tag: T, summary: 'List the queue with filters, sorts and cursor pagination', query: listQuery });
describe({
  method: 'get',
  path: '/api/v1/conversations/counts',
  tag: T,
  summary: 'Open conversations per queue view (mine, unassigned, all, per team, channel, kind)',
});
describe({
  method: 'post',
  path: '/api/v1/conversations/bulk',
  tag: T,
  summary: 'Assign, tag, change status of, or mark spam / not spam up to 100 conversations',
  body: bulkBody,
});
describe({
  method: 'get',
  path: '/api/v1/conversations/{id}',
  tag: T,
  summary: 'A conversation with its messages, contact, tags and channel capabilities',
  query: getQuery,
});
describe({ method: 'patch', path: '/api/v1/conversations/{id}', tag: T, summary: 'Set priority or subject', body: patchBody });
describe({
  method: 'post',
  path: '/api/v1/conversations/{id}/replies',
  tag: T,
  summary: 'Reply (public, or private — on a public item this moves to private)',
  body: replyBody,
  responses: { '201': 'queued for sending', '422': 'the channel cannot do this (capability, window)' },
});
describe({
  method: 'post',
  path: '/api/v1/conversations/{id}/notes',
  tag: T,
  summary: 'Add an internal note',
  body: noteBody,
  responses: { '201': 'created' },
});
describe({ method: 'post', path: '/api/v1/conversations/{id}/assign', tag: T, summary: 'Assign to an agent and/or team (null unassigns)', body: assignBody });
describe({
  method: 'post',
  path: '/api/v1/conversations/{id}/status',
  tag: T,
  summary: 'Open, pending, snooze until, resolve',
  body: statusBody,
  responses: { '200': 'changed', '409': 'already in that status' },
});
describe({
  method: 'get',
  path: '/api/v1/conversations/{id}/activity',
  tag: T,
  summary: 'What happened to a conversation, oldest first: assignments, tags, priority, status, moves to private, SLA breaches, with who did it',
});
describe({ method: 'post', path: '/api/v1/conversations/{id}/tags', tag: T, summary: 'Add and remove tags', body: tagsBody });
describe({ method: 'post', path: '/api/v1/conversations/{id}/read', tag: T, summary: 'Mark as read' });
describe({
  method: 'post',
  path: '/api/v1/messages/{id}/retry',
  tag: T,
  summary: 'Send a failed reply again',
  responses: { '202': 'queued', '409': 'not failed' },
});

export function mountConversations(http: Hono<HonoEnv>) {
  http.use('/api/v1/conversations', requireAuth);
  http.use('/api/v1/conversations/*', requireAuth);
  http.use('/api/v1/messages/*', requireAuth);

  http.get('/api/v1/conversations', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    const q = parseQuery(c, listQuery);
    const { sort, limit, cursor, ...filters } = q;
    return c.json(await listConversations(c.get('app'), { ...toQueueFilter(filters), sort, limit, cursor, workspaceId: p.workspaceId, userId: p.userId }));
  });

  http.get('/api/v1/conversations/counts', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    return c.json(await countOpen(c.get('app'), { workspaceId: p.workspaceId, userId: p.userId }));
  });

  http.post('/api/v1/conversations/bulk', async (c) => {
    const p = c.get('principal');
    requireAnyPermission(p, ['conversations.assign', 'conversations.triage']);
    const b = await parseBody(c, bulkBody);
    const db = c.get('app').store.db;
    if (b.assigneeId !== undefined || b.teamId !== undefined) await requireConversationPermission(db, p, b.ids, 'conversations.assign');
    if (b.addTags?.length || b.removeTags?.length || b.status || b.spam !== undefined)
      await requireConversationPermission(db, p, b.ids, 'conversations.triage');
    return c.json(await bulkUpdate(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b }));
  });

  http.get('/api/v1/conversations/:id', async (c) => {
    requirePermission(c.get('principal'), 'conversations.view');
    const q = parseQuery(c, getQuery);
    return c.json(await getConversation(c.get('app'), { workspaceId: c.get('principal').workspaceId, conversationId: c.req.param('id'), ...q }));
  });

  http.get('/api/v1/conversations/:id/activity', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    return c.json({ activity: await listActivity(c.get('app'), { workspaceId: p.workspaceId, conversationId: c.req.param('id') }) });
  });

  http.patch('/api/v1/conversations/:id', async (c) => {
    const p = c.get('principal');
    await requireConversationPermission(c.get('app').store.db, p, c.req.param('id'), 'conversations.triage');
    const b = await parseBody(c, patchBody);
    const conv = await updateConversation(c.get('app'), { workspaceId: p.workspaceId, conversationId: c.req.param('id'), actorUserId: p.userId, ...b });
    return c.json(presentConversation(conv));
  });

  http.post('/api/v1/conversations/:id/replies', async (c) => {
    const p = c.get('principal');
    requireAnyPermission(p, ['conversations.reply_public', 'conversations.reply_private']);
    const b = await parseBody(c, replyBody);
    await requireReplyPermission(c.get('app').store.db, p, c.req.param('id'), b);
    const r = await submitReply(c.get('app'), {
      workspaceId: p.workspaceId,
      conversationId: c.req.param('id'),
      actorUserId: p.userId,
      authorKind: 'human',
      ...b,
    });
    // Held (proposed for approval, or scheduled): no message yet, the held reply instead.
    if (r.held) return c.json({ message: null, privateConversationId: null, publicNote: null, held: presentHeldReply(r.held) }, 201);
    return c.json(
      {
        message: presentMessage(r.message),
        privateConversationId: r.privateConversationId,
        publicNote: r.publicNote ? presentMessage(r.publicNote) : null,
        held: null,
      },
      201,
    );
  });

  http.post('/api/v1/conversations/:id/notes', async (c) => {
    const p = c.get('principal');
    await requireConversationPermission(c.get('app').store.db, p, c.req.param('id'), 'conversations.note');
    const b = await parseBody(c, noteBody);
    const m = await addNote(c.get('app'), {
      workspaceId: p.workspaceId,
      conversationId: c.req.param('id'),
      actorUserId: p.userId,
      text: b.text,
      mentions: b.mentions,
    });
    return c.json(presentMessage(m), 201);
  });

  http.post('/api/v1/conversations/:id/assign', async (c) => {
    const p = c.get('principal');
    await requireConversationPermission(c.get('app').store.db, p, c.req.param('id'), 'conversations.assign');
    const b = await parseBody(c, assignBody);
    const conv = await assignConversation(c.get('app'), { workspaceId: p.workspaceId, conversationId: c.req.param('id'), actorUserId: p.userId, ...b });
    return c.json(presentConversation(conv));
  });

  http.post('/api/v1/conversations/:id/status', async (c) => {
    const p = c.get('principal');
    await requireConversationPermission(c.get('app').store.db, p, c.req.param('id'), 'conversations.triage');
    const b = await parseBody(c, statusBody);
    const conv = await setStatus(c.get('app'), { workspaceId: p.workspaceId, conversationId: c.req.param('id'), actorUserId: p.userId, ...b });
    return c.json(presentConversation(conv));
  });

  http.post('/api/v1/conversations/:id/tags', async (c) => {
    const p = c.get('principal');
    await requireConversationPermission(c.get('app').store.db, p, c.req.param('id'), 'conversations.triage');
    const b = await parseBody(c, tagsBody);
    const tags = await updateTags(c.get('app'), { workspaceId: p.workspaceId, conversationId: c.req.param('id'), actorUserId: p.userId, ...b });
    return c.json({ tags });
  });

  http.post('/api/v1/conversations/:id/read', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    const conv = await markRead(c.get('app'), { workspaceId: p.workspaceId, conversationId: c.req.param('id') });
    return c.json(presentConversation(conv));
  });

  http.post('/api/v1/conversations/:id/presence', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    const b = await parseBody(c, presenceBody);
    const app = c.get('app');
    await loadConversation(app.store.db, p.workspaceId, c.req.param('id'), { merged: 'allow' });
    const user = await app.store.db.selectFrom('users').select('name').where('id', '=', p.userId).executeTakeFirstOrThrow();
    const viewers = app.presence.update({ workspaceId: p.workspaceId, conversationId: c.req.param('id'), userId: p.userId, name: user.name, state: b.state });
    return c.json({ viewers });
  });

  http.get('/api/v1/conversations/:id/presence', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    const app = c.get('app');
    await loadConversation(app.store.db, p.workspaceId, c.req.param('id'), { merged: 'allow' });
    return c.json({ viewers: app.presence.viewers(c.req.param('id'), p.userId) });
  });

  http.post('/api/v1/messages/:id/retry', async (c) => {
    const p = c.get('principal');
    await requireRetryPermission(c.get('app').store.db, p, c.req.param('id'));
    await retryMessage(c.get('app'), { workspaceId: p.workspaceId, messageId: c.req.param('id'), actorUserId: p.userId });
    return c.json({ ok: true }, 202);
  });
}
