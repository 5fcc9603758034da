import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { applyMacro } from '../../macros/apply-macro.js';
import { deleteMacro } from '../../macros/delete-macro.js';
import { listMacros } from '../../macros/list-macros.js';
import { macroInputSchema, macroPatchSchema } from '../../macros/model.js';
import { saveMacro } from '../../macros/save-macro.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const createBody = macroInputSchema;
const patchBody = macroPatchSchema;
const applyBody = z.strictObject({
  conversationIds: z.array(z.string().min(1).max(64)).min(1, 'select at least one conversation').max(100),
});

const T = 'macros';
describe({ method: 'get', path: '/api/v1/macros', tag: T, summary: 'Macros you can apply: shared with the workspace and your own, most used first' });
describe({
  method: 'post',
  path: '/api/v1/macros',
  tag: T,
  summary: 'Create a macro: a name and actions (assign, add_tags, remove_tags, set_priority, set_status, add_note, send_saved_reply); shared: settings.manage',
  body: createBody,
  responses: { '201': 'created', '409': 'name taken' },
});
describe({ method: 'patch', path: '/api/v1/macros/{id}', tag: T, summary: 'Change a macro (your own; shared ones need settings.manage)', body: patchBody });
describe({ method: 'delete', path: '/api/v1/macros/{id}', tag: T, summary: 'Delete a macro', responses: { '204': 'deleted' } });
describe({
  method: 'post',
  path: '/api/v1/macros/{id}/apply',
  tag: T,
  summary: "Apply a macro to 1–100 conversations as you: each action needs your own permission on the conversation's team; one result per conversation",
  body: applyBody,
});

export function mountMacros(http: Hono<HonoEnv>) {
  http.use('/api/v1/macros', requireAuth);
  http.use('/api/v1/macros/*', requireAuth);
  http.get('/api/v1/macros', async (c) => c.json({ macros: await listMacros(c.get('app'), c.get('principal')) }));
  http.post('/api/v1/macros', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    const b = await parseBody(c, createBody);
    return c.json(await saveMacro(c.get('app'), p, b), 201);
  });
  http.patch('/api/v1/macros/:id', async (c) => {
    const p = c.get('principal');
    const b = await parseBody(c, patchBody);
    return c.json(await saveMacro(c.get('app'), p, { ...b, id: c.req.param('id') }));
  });
  http.delete('/api/v1/macros/:id', async (c) => {
    await deleteMacro(c.get('app'), c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });
  http.post('/api/v1/macros/:id/apply', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.view');
    const b = await parseBody(c, applyBody);
    return c.json(await applyMacro(c.get('app'), p, { macroId: c.req.param('id'), conversationIds: b.conversationIds }));
  });
}
