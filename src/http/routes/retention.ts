import type { Hono } from 'hono';
import { requirePermission } from '../../auth/roles.js';
import { runRetention } from '../../retention/run-retention.js';
import { getRetention, retentionSchema, saveRetention } from '../../retention/settings.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const T = 'retention';
describe({
  method: 'get',
  path: '/api/v1/retention',
  tag: T,
  summary: 'Days kept per kind (null = forever), their limits, the last run and the totals removed (admin)',
  responses: { '200': 'settings', '403': 'needs admin' },
});
describe({
  method: 'put',
  path: '/api/v1/retention',
  tag: T,
  summary: 'Set how long raw deliveries, events, media and resolved conversations are kept (admin); a kind left out stays as it is',
  body: retentionSchema,
  responses: { '200': 'settings', '400': 'a value out of range, with the field', '403': 'needs admin' },
});
describe({
  method: 'post',
  path: '/api/v1/retention/run',
  tag: T,
  summary: 'Apply the settings now (admin); answers what was removed per kind',
  responses: { '200': '{run}', '403': 'needs admin', '409': 'a run of this workspace is in progress' },
});

/** Data retention (docs/retention.md): admins set it and may run it at once. */
export function mountRetention(http: Hono<HonoEnv>) {
  http.use('/api/v1/retention', requireAuth);
  http.use('/api/v1/retention/*', requireAuth);

  http.get('/api/v1/retention', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    return c.json(await getRetention(c.get('app'), p.workspaceId));
  });

  http.put('/api/v1/retention', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const change = await parseBody(c, retentionSchema);
    return c.json(await saveRetention(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, change }));
  });

  http.post('/api/v1/retention/run', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const run = await runRetention(c.get('app'), { workspaceId: p.workspaceId, trigger: 'manual', actor: { userId: p.userId, via: p.via } });
    return c.json({ run });
  });
}
