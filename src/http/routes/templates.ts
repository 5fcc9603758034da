import type { Hono } from 'hono';
import { z } from 'zod';
import { requireConversationPermission, requirePermission } from '../../auth/roles.js';
import { presentMessage } from '../../conversations/present.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';
import { notFound } from '../../lib/errors.js';
import { sendTemplateMessage, TEMPLATE_PARAM_MAX } from '../../conversations/send-template.js';
import { presentTemplate } from '../../channel-admin/present-template.js';
import { syncTemplates } from '../../channel-admin/sync-templates.js';

const listQuery = z.object({ status: z.enum(['approved', 'all']).default('approved') });
const sendBody = z.object({
  templateId: z.string().min(1).max(64),
  params: z.array(z.string().max(TEMPLATE_PARAM_MAX)).max(100).default([]),
});

describe({
  method: 'get',
  path: '/api/v1/channels/{id}/templates',
  tag: 'channels',
  summary: "A channel's synced message templates (WhatsApp; approved only unless status=all)",
  query: listQuery,
});
describe({
  method: 'post',
  path: '/api/v1/channels/{id}/templates/sync',
  tag: 'channels',
  summary: "Read the message templates from the channel's network, e.g. the WhatsApp Business Management API (admin)",
});
describe({
  method: 'post',
  path: '/api/v1/conversations/{id}/template-messages',
  tag: 'conversations',
  summary: 'Send an approved template with its body parameters (WhatsApp: also outside the 24-hour window)',
  body: sendBody,
  responses: { '201': 'queued' },
});

/** Message templates (WhatsApp today): list, sync from the network, send (docs/channels-meta.md "Message templates"). */
export function mountTemplates(http: Hono<HonoEnv>) {
  // Mounted after routes/channels.ts and routes/conversations.ts, whose requireAuth covers these paths.

  http.get('/api/v1/channels/:id/templates', async (c) => {
    const p = c.get('principal');
    const q = parseQuery(c, listQuery);
    const db = c.get('app').store.db;
    const ch = await db
      .selectFrom('channels')
      .select(['id', 'type'])
      .where('workspace_id', '=', p.workspaceId)
      .where('id', '=', c.req.param('id'))
      .executeTakeFirst();
    if (!ch) throw notFound('channel');
    let sel = db.selectFrom('channel_templates').selectAll().where('workspace_id', '=', p.workspaceId).where('channel_id', '=', ch.id);
    if (q.status === 'approved') sel = sel.where('status', '=', 'APPROVED');
    const rows = await sel.orderBy('name').orderBy('language').execute();
    return c.json({ templates: rows.map((r) => presentTemplate(r, ch.type)) });
  });

  http.post('/api/v1/channels/:id/templates/sync', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'channels.manage');
    return c.json(await syncTemplates(c.get('app'), { workspaceId: p.workspaceId, channelId: c.req.param('id'), actorUserId: p.userId }));
  });

  http.post('/api/v1/conversations/:id/template-messages', async (c) => {
    const p = c.get('principal');
    await requireConversationPermission(c.get('app').store.db, p, c.req.param('id'), 'conversations.reply_private');
    const b = await parseBody(c, sendBody);
    const message = await sendTemplateMessage(c.get('app'), { workspaceId: p.workspaceId, conversationId: c.req.param('id'), actorUserId: p.userId, ...b });
    return c.json({ message: presentMessage(message) }, 201);
  });
}
