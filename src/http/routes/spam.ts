import type { Hono } from 'hono';
import { requireConversationPermission, requirePermission } from '../../auth/roles.js';
import { presentConversation } from '../../conversations/present.js';
import { markSpam } from '../../conversations/spam/mark-spam.js';
import { notSpam } from '../../conversations/spam/not-spam.js';
import { spamCounts } from '../../conversations/spam/spam-counts.js';
import { resolvePeriod } from '../../metrics/period.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseQuery } from '../validate.js';
import { z } from 'zod';

const countsQuery = z.object({
  from: z.string().max(40).optional().describe('YYYY-MM-DD (start of day, UTC) or ISO time; default 30 days before to'),
  to: z.string().max(40).optional().describe('YYYY-MM-DD (end of day, UTC) or ISO time; default now'),
});

const T = 'conversations';
describe({
  method: 'post',
  path: '/api/v1/conversations/{id}/spam',
  tag: T,
  summary: 'Mark spam: it leaves the queue for the Spam folder and its SLA clocks stop',
  responses: { '200': 'marked', '409': 'already spam' },
});
describe({
  method: 'post',
  path: '/api/v1/conversations/{id}/not-spam',
  tag: T,
  summary: 'Not spam: back in the queue in the status it kept',
  responses: { '200': 'restored', '409': 'not spam' },
});
describe({
  method: 'get',
  path: '/api/v1/metrics/spam',
  tag: 'metrics',
  summary: 'Spam marked (by agents, by triage) and "not spam" (false positives) in a period; the Spam folder now',
  query: countsQuery,
});

/** Spam by hand and the spam counts (conversations/spam/); triage marks through its reactor. */
export function mountSpam(http: Hono<HonoEnv>) {
  http.use('/api/v1/metrics/spam', requireAuth);

  http.post('/api/v1/conversations/:id/spam', async (c) => {
    const p = c.get('principal');
    await requireConversationPermission(c.get('app').store.db, p, c.req.param('id'), 'conversations.triage');
    const conv = await markSpam(c.get('app'), { workspaceId: p.workspaceId, conversationId: c.req.param('id'), actorUserId: p.userId });
    return c.json(presentConversation(conv));
  });

  http.post('/api/v1/conversations/:id/not-spam', async (c) => {
    const p = c.get('principal');
    await requireConversationPermission(c.get('app').store.db, p, c.req.param('id'), 'conversations.triage');
    const conv = await notSpam(c.get('app'), { workspaceId: p.workspaceId, conversationId: c.req.param('id'), actorUserId: p.userId });
    return c.json(presentConversation(conv));
  });

  http.get('/api/v1/metrics/spam', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'reports.view');
    const q = parseQuery(c, countsQuery);
    const app = c.get('app');
    const period = resolvePeriod(q, 'UTC', app.now());
    return c.json({
      from: new Date(period.from).toISOString(),
      to: new Date(period.to).toISOString(),
      ...(await spamCounts(app, { workspaceId: p.workspaceId, ...period })),
    });
  });
}
