import type { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../../auth/roles.js';
import { addTeamMember } from '../../workspaces/teams/add-team-member.js';
import { createTeam } from '../../workspaces/teams/create-team.js';
import { deleteTeam } from '../../workspaces/teams/delete-team.js';
import { listTeams } from '../../workspaces/teams/list-teams.js';
import { removeTeamMember } from '../../workspaces/teams/remove-team-member.js';
import { renameTeam } from '../../workspaces/teams/rename-team.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

export const teamBody = z.object({ name: z.string().trim().min(1).max(80) });
export const teamMemberBody = z.object({ userId: z.string().min(1).max(64) });

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
    responses: { '201': 'created', '403': 'admin needed', '409': 'name taken' },
  });
  http.post('/api/v1/teams', async (c) => {
    const body = await parseBody(c, teamBody);
    requireRole(c.get('principal'), 'admin');
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
    requireRole(c.get('principal'), 'admin');
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
    requireRole(c.get('principal'), 'admin');
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
    requireRole(c.get('principal'), 'admin');
    return c.json(await addTeamMember(c.get('app'), c.get('principal'), c.req.param('id'), body.userId));
  });

  describe({
    method: 'delete',
    path: '/api/v1/teams/{id}/members/{userId}',
    tag: 'teams',
    summary: 'Take a member out of a team',
    responses: { '204': 'removed', '404': 'not in that team' },
  });
  http.delete('/api/v1/teams/:id/members/:userId', async (c) => {
    requireRole(c.get('principal'), 'admin');
    await removeTeamMember(c.get('app'), c.get('principal'), c.req.param('id'), c.req.param('userId'));
    return c.body(null, 204);
  });
}
