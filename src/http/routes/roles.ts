import type { Hono } from 'hono';
import { z } from 'zod';
import { ALL_PERMISSIONS, type Permission } from '../../auth/permissions.js';
import { requirePermission } from '../../auth/roles.js';
import { createRole } from '../../workspaces/roles/create-role.js';
import { deleteRole } from '../../workspaces/roles/delete-role.js';
import { rolesCatalog } from '../../workspaces/roles/list-roles.js';
import { updateRole } from '../../workspaces/roles/update-role.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const permissions = z.array(z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]])).max(ALL_PERMISSIONS.length * 2);
export const roleBody = z.object({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500).default(''),
  permissions,
});
export const rolePatchBody = z
  .object({ name: z.string().trim().min(1).max(80).optional(), description: z.string().trim().max(500).optional(), permissions: permissions.optional() })
  .refine((b) => b.name !== undefined || b.description !== undefined || b.permissions !== undefined, { message: 'nothing to change' });

/** Custom roles: any member reads them (and what each permission allows); members.manage changes them. */
export function mountRoles(http: Hono<HonoEnv>) {
  http.use('/api/v1/roles', requireAuth);
  http.use('/api/v1/roles/*', requireAuth);

  describe({
    method: 'get',
    path: '/api/v1/roles',
    tag: 'roles',
    summary: "The workspace's custom roles, the built-in roles' permissions, and the permission catalog",
  });
  http.get('/api/v1/roles', async (c) => c.json(await rolesCatalog(c.get('app').store.db, c.get('principal').workspaceId)));

  describe({
    method: 'post',
    path: '/api/v1/roles',
    tag: 'roles',
    summary: 'Create a custom role from permissions (only permissions you hold yourself)',
    body: roleBody,
    responses: { '201': 'created', '400': 'bad input', '403': 'needs members.manage', '409': 'name taken' },
  });
  http.post('/api/v1/roles', async (c) => {
    const body = await parseBody(c, roleBody);
    requirePermission(c.get('principal'), 'members.manage');
    return c.json(await createRole(c.get('app'), c.get('principal'), body), 201);
  });

  describe({
    method: 'patch',
    path: '/api/v1/roles/{id}',
    tag: 'roles',
    summary: 'Rename, describe or change the permissions of a custom role (its members get them on their next request)',
    body: rolePatchBody,
    responses: { '200': 'changed', '400': 'bad input', '403': 'needs members.manage', '404': 'no such role', '409': 'name taken' },
  });
  http.patch('/api/v1/roles/:id', async (c) => {
    const body = await parseBody(c, rolePatchBody);
    requirePermission(c.get('principal'), 'members.manage');
    return c.json(await updateRole(c.get('app'), c.get('principal'), c.req.param('id'), body));
  });

  describe({
    method: 'delete',
    path: '/api/v1/roles/{id}',
    tag: 'roles',
    summary: 'Delete a custom role nobody has',
    responses: { '204': 'deleted', '403': 'needs members.manage', '404': 'no such role', '409': 'role_in_use: still given to members or in teams' },
  });
  http.delete('/api/v1/roles/:id', async (c) => {
    requirePermission(c.get('principal'), 'members.manage');
    await deleteRole(c.get('app'), c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });
}
