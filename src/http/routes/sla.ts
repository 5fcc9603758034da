import type { Hono } from 'hono';

import { requirePermission } from '../../auth/roles.js';
import { conversationSla } from '../../sla/conversation-sla.js';
import { policyCreateSchema, policyPatchSchema } from '../../sla/policy.js';
import { createPolicy } from '../../sla/create-policy.js';
import { deletePolicy } from '../../sla/delete-policy.js';
import { getPolicy, listPolicies } from '../../sla/get-policy.js';
import { updatePolicy } from '../../sla/update-policy.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const T = 'SLA policies';
describe({ method: 'get', path: '/api/v1/sla-policies', tag: T, summary: 'SLA policies in order (the first enabled match wins)' });
describe({
  method: 'post',
  path: '/api/v1/sla-policies',
  tag: T,
  summary: 'Create a policy (admin); waiting conversations are evaluated again',
  body: policyCreateSchema,
});
describe({ method: 'get', path: '/api/v1/sla-policies/{id}', tag: T, summary: 'One policy' });
describe({
  method: 'patch',
  path: '/api/v1/sla-policies/{id}',
  tag: T,
  summary: 'Change a policy or its position (admin); running clocks keep their targets',
  body: policyPatchSchema,
});
describe({ method: 'delete', path: '/api/v1/sla-policies/{id}', tag: T, summary: 'Delete a policy (admin)' });
describe({
  method: 'get',
  path: '/api/v1/conversations/{id}/sla',
  tag: T,
  summary: "A conversation's SLA clocks: target, due time, status (running, met, breached, cancelled)",
});

export function mountSla(http: Hono<HonoEnv>) {
  http.use('/api/v1/sla-policies', requireAuth);
  http.use('/api/v1/sla-policies/*', requireAuth);
  // /api/v1/conversations/* is authenticated by the conversations routes.

  http.get('/api/v1/sla-policies', async (c) => c.json({ policies: await listPolicies(c.get('app'), c.get('principal').workspaceId) }));
  http.get('/api/v1/sla-policies/:id', async (c) => c.json(await getPolicy(c.get('app'), c.get('principal').workspaceId, c.req.param('id'))));

  http.post('/api/v1/sla-policies', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const policy = await parseBody(c, policyCreateSchema);
    return c.json(await createPolicy(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, policy }), 201);
  });

  http.patch('/api/v1/sla-policies/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const patch = await parseBody(c, policyPatchSchema);
    return c.json(await updatePolicy(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id'), patch }));
  });

  http.delete('/api/v1/sla-policies/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    await deletePolicy(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id') });
    return c.body(null, 204);
  });

  http.get('/api/v1/conversations/:id/sla', async (c) => {
    requirePermission(c.get('principal'), 'conversations.view');
    return c.json(await conversationSla(c.get('app'), c.get('principal').workspaceId, c.req.param('id')));
  });
}
