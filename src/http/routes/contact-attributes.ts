import type { Hono } from 'hono';
import { requirePermission } from '../../auth/roles.js';
import { attributeDefSchema, listAttributeDefs } from '../../contacts/attribute-defs.js';
import { deleteAttributeDef } from '../../contacts/delete-attribute-def.js';
import { saveAttributeDef } from '../../contacts/save-attribute-def.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

/** Custom contact attribute definitions: any member reads them (the editor needs them); settings.manage changes them. */
export function mountContactAttributes(http: Hono<HonoEnv>) {
  http.use('/api/v1/contact-attributes', requireAuth);
  http.use('/api/v1/contact-attributes/*', requireAuth);

  describe({
    method: 'get',
    path: '/api/v1/contact-attributes',
    tag: 'contacts',
    summary: 'The workspace’s contact attribute definitions',
    responses: { '200': '{items}' },
  });
  http.get('/api/v1/contact-attributes', async (c) => c.json({ items: await listAttributeDefs(c.get('app').store.db, c.get('principal').workspaceId) }));

  describe({
    method: 'post',
    path: '/api/v1/contact-attributes',
    tag: 'contacts',
    summary: 'Define an attribute: key, label, type (text, number, date, boolean, select), options (select), description',
    body: attributeDefSchema,
    responses: { '200': 'the definition', '400': 'bad input', '403': 'needs settings.manage', '409': 'key exists, or too many' },
  });
  http.post('/api/v1/contact-attributes', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const def = await parseBody(c, attributeDefSchema);
    return c.json(await saveAttributeDef(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, def }));
  });

  describe({
    method: 'put',
    path: '/api/v1/contact-attributes/{id}',
    tag: 'contacts',
    summary: 'Change a definition (the key stays)',
    body: attributeDefSchema,
    responses: { '200': 'the definition', '400': 'bad input', '403': 'needs settings.manage', '404': 'no such definition' },
  });
  http.put('/api/v1/contact-attributes/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const def = await parseBody(c, attributeDefSchema);
    return c.json(await saveAttributeDef(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id'), def }));
  });

  describe({
    method: 'delete',
    path: '/api/v1/contact-attributes/{id}',
    tag: 'contacts',
    summary: 'Delete a definition; values stay on contacts as untyped attributes',
    responses: { '204': 'deleted', '403': 'needs settings.manage', '404': 'no such definition' },
  });
  http.delete('/api/v1/contact-attributes/:id', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    await deleteAttributeDef(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, id: c.req.param('id') });
    return c.body(null, 204);
  });
}
