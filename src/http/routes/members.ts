import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { addMember } from '../../workspaces/add-member.js';
import { changeMemberRole } from '../../workspaces/change-member-role.js';
import { listMembers } from '../../workspaces/list-members.js';
import { removeMember } from '../../workspaces/remove-member.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const role = z.enum(['owner', 'admin', 'agent', 'viewer']);

export const addMemberBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(1).max(200),
  role,
  password: z.string().min(10).max(1024).optional(),
});
/** A built-in role by name, or one of the workspace's own roles by id (GET /api/v1/roles). */
export const changeRoleBody = z
  .object({ role: role.optional(), roleId: z.string().min(1).max(64).optional() })
  .refine((b) => (b.role === undefined) !== (b.roleId === undefined), { message: 'give either role (built-in) or roleId (custom)', path: ['role'] });

export function mountMembers(http: Hono<HonoEnv>) {
  http.use('/api/v1/members/*', requireAuth);

  describe({ method: 'get', path: '/api/v1/members', tag: 'members', summary: 'The people of this workspace, with role and teams' });
  http.get('/api/v1/members', async (c) => {
    return c.json({ members: await listMembers(c.get('app').store.db, c.get('principal').workspaceId) });
  });

  describe({
    method: 'post',
    path: '/api/v1/members',
    tag: 'members',
    summary:
      'Add a person: a new email gets an account here (a generated password is shown once); an email that already has an account gets an invitation it accepts or declines',
    body: addMemberBody,
    responses: {
      '201': 'added: the member, newUser and maybe generatedPassword',
      '202': 'invited: {invited: true, invitation}',
      '400': 'bad input',
      '403': 'needs members.manage (an owner to add an owner)',
      '409': 'already a member',
    },
  });
  http.post('/api/v1/members', async (c) => {
    const body = await parseBody(c, addMemberBody);
    requirePermission(c.get('principal'), 'members.manage');
    const r = await addMember(c.get('app'), c.get('principal'), body);
    return c.json(r, 'invited' in r ? 202 : 201);
  });

  describe({
    method: 'patch',
    path: '/api/v1/members/{userId}',
    tag: 'members',
    summary: "Change a member's role: a built-in role, or a custom one by roleId (only owners grant or remove owner; nobody grants permissions they lack)",
    body: changeRoleBody,
    responses: {
      '200': 'changed',
      '400': 'bad input, or roleId is not a role of this workspace',
      '403': 'not allowed',
      '404': 'not a member',
      '409': 'last owner',
    },
  });
  http.patch('/api/v1/members/:userId', async (c) => {
    const body = await parseBody(c, changeRoleBody);
    requirePermission(c.get('principal'), 'members.manage');
    const ref = body.roleId !== undefined ? { roleId: body.roleId } : { role: body.role! };
    return c.json(await changeMemberRole(c.get('app'), c.get('principal'), c.req.param('userId'), ref));
  });

  describe({
    method: 'delete',
    path: '/api/v1/members/{userId}',
    tag: 'members',
    summary: 'Remove a member (their sessions and tokens here end)',
    responses: { '204': 'removed', '403': 'not allowed', '404': 'not a member', '409': 'last owner' },
  });
  http.delete('/api/v1/members/:userId', async (c) => {
    requirePermission(c.get('principal'), 'members.manage');
    await removeMember(c.get('app'), c.get('principal'), c.req.param('userId'));
    return c.body(null, 204);
  });
}
