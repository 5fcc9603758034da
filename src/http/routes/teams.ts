import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { addTeamMember } from '../../workspaces/teams/add-team-member.js';
import { createTeam } from '../../workspaces/teams/create-team.js';
import { deleteTeam } from '../../workspaces/teams/delete-team.js';
import { listTeams } from '../../workspaces/teams/list-teams.js';
import { removeTeamMember } from '../../workspaces/teams/remove-team-member.js';
import { setTeamRole } from '../../workspaces/teams/set-team-role.js';
import { renameTeam } from '../../workspaces/teams/rename-team.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

export const teamBody = z.object({ name: z.string().trim().min(1).max(80) });
export const teamMemberBody = z.object({ userId: z.string().min(1).max(64) });
/** A built-in role by name (null clears the team role), or a custom role by id. */
export const teamRoleBody = z
  .object({ role: z.enum(['admin', 'agent', 'viewer']).nullable().optional(), roleId: z.string().min(1).max(64).optional() })
  .refine((b) => (b.role === undefined) !== (b.roleId === undefined), {
    message: 'give either role (built-in, or null to clear) or roleId (custom)',
    path: ['role'],
  });

export function mountTeams(http: Hono<HonoEnv>) {
  http.use('/api/v1/teams/*', requireAuth);

  describe({ method: 'get', path: '/api/v1/teams', tag: 'teams', summary: 'Teams of this workspace with their members' });
  http.get('/api/v1/teams', async (c) => {
    return c.json({ teams: await listTeams(c.get('app').store.db, c.get('principal').workspaceId) });
  });

  describe({
    method: 'post',
    path: '/api/v1/teams',
    tag: 'teams',
    summary: 'Create a team',
    body: teamBody,
    responses: { '201': 'created', '403': 'needs members.manage', '409': 'name taken' },
  });
  http.post('/api/v1/teams', async (c) => {
    const body = await parseBody(c, teamBody);
    requirePermission(c.get('principal'), 'members.manage');
    return c.json(await createTeam(c.get('app'), c.get('principal'), body.name), 201);
  });

  describe({
    method: 'patch',
    path: '/api/v1/teams/{id}',
    tag: 'teams',
    summary: 'Rename a team',
    body: teamBody,
    responses: { '200': 'renamed', '404': 'no such team', '409': 'name taken' },
  });
  http.patch('/api/v1/teams/:id', async (c) => {
    const body = await parseBody(c, teamBody);
    requirePermission(c.get('principal'), 'members.manage');
    return c.json(await renameTeam(c.get('app'), c.get('principal'), c.req.param('id'), body.name));
  });

  describe({
    method: 'delete',
    path: '/api/v1/teams/{id}',
    tag: 'teams',
    summary: 'Delete a team (its conversations keep no team)',
    responses: { '204': 'deleted', '404': 'no such team' },
  });
  http.delete('/api/v1/teams/:id', async (c) => {
    requirePermission(c.get('principal'), 'members.manage');
    await deleteTeam(c.get('app'), c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });

  describe({
    method: 'post',
    path: '/api/v1/teams/{id}/members',
    tag: 'teams',
    summary: 'Put a member in a team',
    body: teamMemberBody,
    responses: { '200': 'the team', '404': 'no such team or member' },
  });
  http.post('/api/v1/teams/:id/members', async (c) => {
    const body = await parseBody(c, teamMemberBody);
    requirePermission(c.get('principal'), 'members.manage');
    return c.json(await addTeamMember(c.get('app'), c.get('principal'), c.req.param('id'), body.userId));
  });

  describe({
    method: 'patch',
    path: '/api/v1/teams/{id}/members/{userId}',
    tag: 'teams',
    summary: "Set a member's role inside the team (its conversation permissions apply to the team's conversations); role null clears it",
    body: teamRoleBody,
    responses: { '200': 'the team', '400': 'bad input, or roleId is not a role of this workspace', '404': 'no such team, or not in it' },
  });
  http.patch('/api/v1/teams/:id/members/:userId', async (c) => {
    const body = await parseBody(c, teamRoleBody);
    requirePermission(c.get('principal'), 'members.manage');
    const ref = body.roleId !== undefined ? { roleId: body.roleId } : body.role ? { role: body.role } : null;
    return c.json(await setTeamRole(c.get('app'), c.get('principal'), c.req.param('id'), c.req.param('userId'), ref));
  });

  describe({
    method: 'delete',
    path: '/api/v1/teams/{id}/members/{userId}',
    tag: 'teams',
    summary: 'Take a member out of a team',
    responses: { '204': 'removed', '404': 'not in that team' },
  });
  http.delete('/api/v1/teams/:id/members/:userId', async (c) => {
    requirePermission(c.get('principal'), 'members.manage');
    await removeTeamMember(c.get('app'), c.get('principal'), c.req.param('id'), c.req.param('userId'));
    return c.body(null, 204);
  });
}
