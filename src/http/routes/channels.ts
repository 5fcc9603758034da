import type { Hono } from 'hono';
import { checkChannels } from '../../channel-admin/check-channels.js';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { createChannel } from '../../channel-admin/create-channel.js';
import { presentChannel } from '../../channel-admin/present-channel.js';
import { channelTypes } from '../../channels/registry.js';
import { updateChannel } from '../../channel-admin/update-channel.js';
import { listIntakeFailures } from '../../intake/list-failures.js';
import { replayJournal } from '../../intake/processor.js';
import { notFound } from '../../lib/errors.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const createBody = z.object({
  type: z.string().min(1).max(40),
  name: z.string().trim().min(1).max(100),
  settings: z.record(z.string(), z.unknown()).optional(),
});
const patchBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
const failuresQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().positive().optional() });
const replayBody = z.object({ ids: z.array(z.number().int().positive()).max(1000).optional() });

describe({ method: 'get', path: '/api/v1/channels', tag: 'channels', summary: 'Connected channels with their capabilities and webhook URL' });
describe({
  method: 'post',
  path: '/api/v1/channels',
  tag: 'channels',
  summary: 'Connect a channel (admin); secrets are returned once',
  body: createBody,
  responses: { '201': 'created' },
});
describe({
  method: 'patch',
  path: '/api/v1/channels/{id}',
  tag: 'channels',
  summary: 'Rename, configure, disable or enable a channel (admin)',
  body: patchBody,
});
describe({
  method: 'post',
  path: '/api/v1/channels/{id}/check',
  tag: 'channels',
  summary: "Verify a channel against its network (admin): credentials, account, webhook subscription — with the network's own error text",
  responses: { '200': '{status: ok|failed|skipped, detail}', '404': 'no such channel' },
});
describe({ method: 'post', path: '/api/v1/channels/{id}/rotate-secret', tag: 'channels', summary: 'Issue new channel secrets (admin); returned once' });
describe({
  method: 'get',
  path: '/api/v1/intake/failures',
  tag: 'intake',
  summary: 'Deliveries that could not be parsed, or some of whose events could not be stored (failedEvents), with the reasons (admin)',
  query: failuresQuery,
});
describe({ method: 'post', path: '/api/v1/intake/replay', tag: 'intake', summary: 'Re-process failed deliveries (admin)', body: replayBody });

export function mountChannels(http: Hono<HonoEnv>) {
  for (const p of ['/api/v1/channels', '/api/v1/channels/*', '/api/v1/intake/*']) http.use(p, requireAuth);

  http.get('/api/v1/channels', async (c) => {
    const app = c.get('app');
    const rows = await app.store.db
      .selectFrom('channels')
      .selectAll()
      .where('workspace_id', '=', c.get('principal').workspaceId)
      .orderBy('created_at')
      .execute();
    return c.json({ channels: rows.map((r) => presentChannel(r, app.config)), types: channelTypes() });
  });

  http.post('/api/v1/channels', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'channels.manage');
    const b = await parseBody(c, createBody);
    const ch = await createChannel(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, ...b });
    return c.json(ch, 201);
  });

  http.patch('/api/v1/channels/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'channels.manage');
    const b = await parseBody(c, patchBody);
    const { row } = await updateChannel(c.get('app'), { workspaceId: p.workspaceId, channelId: c.req.param('id'), actorUserId: p.userId, ...b });
    return c.json(presentChannel(row, c.get('app').config));
  });

  http.post('/api/v1/channels/:id/check', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'channels.manage');
    const [result] = await checkChannels(c.get('app'), { workspaceId: p.workspaceId, channelId: c.req.param('id') });
    if (!result) throw notFound('channel');
    return c.json(result);
  });

  http.post('/api/v1/channels/:id/rotate-secret', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'channels.manage');
    const { row, secrets } = await updateChannel(c.get('app'), {
      workspaceId: p.workspaceId,
      channelId: c.req.param('id'),
      actorUserId: p.userId,
      rotateSecrets: true,
    });
    if (!secrets) throw notFound('channel');
    return c.json({ ...presentChannel(row, c.get('app').config), secrets });
  });

  http.get('/api/v1/intake/failures', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'channels.manage');
    const q = parseQuery(c, failuresQuery);
    return c.json({ failures: await listIntakeFailures(c.get('app'), { workspaceId: p.workspaceId, ...q }) });
  });

  http.post('/api/v1/intake/replay', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'channels.manage');
    const b = await parseBody(c, replayBody);
    const requeued = await replayJournal(c.get('app'), { workspaceId: p.workspaceId, ids: b.ids });
    c.get('app').bus.poke('__journal__');
    return c.json({ requeued });
  });
}
