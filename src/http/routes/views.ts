import type { Hono } from 'hono';
import { z } from 'zod';
import { conversationFilterSchema } from '../../conversations/filter-schema.js';
import { getSettings, settingsPatchSchema, updateSettings } from '../../me/settings.js';
import { createView, deleteView, listViews, updateView, viewCounts } from '../../views/saved-views.js';
import { requirePermission } from '../../auth/roles.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { zodToAppError } from '../../lib/zod-error.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const viewFilters = conversationFilterSchema.omit({ cursor: true, limit: true });
const createBody = z.object({ name: z.string().trim().min(1).max(60), filters: z.record(z.string(), z.string()), shared: z.boolean().default(false) });
const updateBody = z
  .object({ name: z.string().trim().min(1).max(60).optional(), filters: z.record(z.string(), z.string()).optional(), shared: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.filters !== undefined || b.shared !== undefined, { message: 'give name, filters and/or shared' });

describe({ method: 'get', path: '/api/v1/views', tag: 'views', summary: 'Saved queue views: yours and shared ones' });
describe({
  method: 'post',
  path: '/api/v1/views',
  tag: 'views',
  summary: 'Save a view: a name and GET /conversations query parameters (shared: admin+)',
  body: createBody,
  responses: { '201': 'created' },
});
describe({
  method: 'get',
  path: '/api/v1/views/counts',
  tag: 'views',
  summary: 'How many conversations each of your views holds (open ones unless the view names a status)',
});
describe({
  method: 'patch',
  path: '/api/v1/views/{id}',
  tag: 'views',
  summary: 'Rename a view, replace its filters, share it (shared: admin+)',
  body: updateBody,
});
describe({ method: 'delete', path: '/api/v1/views/{id}', tag: 'views', summary: 'Delete a view', responses: { '204': 'deleted' } });
describe({
  method: 'get',
  path: '/api/v1/me/settings',
  tag: 'me',
  summary: 'Your preferences in this workspace (notifications, signature, light or dark theme)',
});
describe({ method: 'patch', path: '/api/v1/me/settings', tag: 'me', summary: 'Change your preferences', body: settingsPatchSchema });

export function mountViews(http: Hono<HonoEnv>) {
  for (const p of ['/api/v1/views', '/api/v1/views/*', '/api/v1/me/*']) http.use(p, requireAuth);
  http.get('/api/v1/views', async (c) => c.json({ views: await listViews(c.get('app'), c.get('principal')) }));
  http.post('/api/v1/views', async (c) => {
    const p = c.get('principal');
    const b = await parseBody(c, createBody);
    const check = viewFilters.strict().safeParse(b.filters);
    if (!check.success) throw zodToAppError(check.error, 'filters.');
    return c.json(await createView(c.get('app'), p, b), 201);
  });
  http.get('/api/v1/views/counts', async (c) => {
    requirePermission(c.get('principal'), 'conversations.view');
    return c.json({ counts: await viewCounts(c.get('app'), c.get('principal')) });
  });
  http.patch('/api/v1/views/:id', async (c) => {
    const b = await parseBody(c, updateBody);
    if (b.filters) {
      const check = viewFilters.strict().safeParse(b.filters);
      if (!check.success) throw zodToAppError(check.error, 'filters.');
    }
    return c.json(await updateView(c.get('app'), c.get('principal'), c.req.param('id'), b));
  });
  http.delete('/api/v1/views/:id', async (c) => {
    await deleteView(c.get('app'), c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });
  http.get('/api/v1/me/settings', async (c) => c.json(await getSettings(c.get('app'), c.get('principal'))));
  http.patch('/api/v1/me/settings', async (c) => {
    const b = await parseBody(c, settingsPatchSchema);
    return c.json(await updateSettings(c.get('app'), c.get('principal'), b));
  });
}
