import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { getBusinessHours } from '../../hours/get-business-hours.js';
import { weeklyHoursSchema } from '../../hours/schedule.js';
import { setBusinessHours } from '../../hours/set-business-hours.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const effectiveFrom = z.iso
  .datetime({ offset: true })
  .transform((s) => Date.parse(s))
  .optional()
  .describe('when this version takes effect (default now; never in the past)');
const putBody = weeklyHoursSchema.extend({ effectiveFrom });
const deleteQuery = z.object({ effectiveFrom });

const T = 'business hours';
describe({ method: 'get', path: '/api/v1/business-hours', tag: T, summary: 'The workspace default business hours in force now, and every version' });
describe({
  method: 'put',
  path: '/api/v1/business-hours',
  tag: T,
  summary: 'Add a version of the workspace default hours (admin); past reports keep the old hours',
  body: putBody,
});
describe({
  method: 'get',
  path: '/api/v1/channels/{id}/business-hours',
  tag: T,
  summary: "A channel's hours in force now (its own or the workspace default) and its versions",
});
describe({ method: 'put', path: '/api/v1/channels/{id}/business-hours', tag: T, summary: "Add a version of a channel's own hours (admin)", body: putBody });
describe({
  method: 'delete',
  path: '/api/v1/channels/{id}/business-hours',
  tag: T,
  summary: 'From now (or effectiveFrom) the channel uses the workspace default again (admin)',
  query: deleteQuery,
  responses: { '200': 'removed', '404': 'the channel has no hours of its own' },
});

export function mountHours(http: Hono<HonoEnv>) {
  http.use('/api/v1/business-hours', requireAuth);
  // /api/v1/channels/* is authenticated by the channels routes.

  http.get('/api/v1/business-hours', async (c) => c.json(await getBusinessHours(c.get('app'), { workspaceId: c.get('principal').workspaceId })));

  http.put('/api/v1/business-hours', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const { effectiveFrom, ...hours } = await parseBody(c, putBody);
    await setBusinessHours(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, hours, effectiveFrom });
    return c.json(await getBusinessHours(c.get('app'), { workspaceId: p.workspaceId }));
  });

  http.get('/api/v1/channels/:id/business-hours', async (c) =>
    c.json(await getBusinessHours(c.get('app'), { workspaceId: c.get('principal').workspaceId, channelId: c.req.param('id') })),
  );

  http.put('/api/v1/channels/:id/business-hours', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const { effectiveFrom, ...hours } = await parseBody(c, putBody);
    await setBusinessHours(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, channelId: c.req.param('id'), hours, effectiveFrom });
    return c.json(await getBusinessHours(c.get('app'), { workspaceId: p.workspaceId, channelId: c.req.param('id') }));
  });

  http.delete('/api/v1/channels/:id/business-hours', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const { effectiveFrom } = parseQuery(c, deleteQuery);
    await setBusinessHours(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, channelId: c.req.param('id'), hours: null, effectiveFrom });
    return c.json(await getBusinessHours(c.get('app'), { workspaceId: p.workspaceId, channelId: c.req.param('id') }));
  });
}
