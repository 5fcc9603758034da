import type { Hono } from 'hono';
import { requirePermission } from '../../auth/roles.js';
import { acceptInvitation } from '../../workspaces/invitations/accept-invitation.js';
import { declineInvitation } from '../../workspaces/invitations/decline-invitation.js';
import { listInvitations } from '../../workspaces/invitations/list-invitations.js';
import { listMyInvitations } from '../../workspaces/invitations/list-my-invitations.js';
import { revokeInvitation } from '../../workspaces/invitations/revoke-invitation.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';

/**
 * Invitations, from both sides: the workspace's admins see and withdraw what they sent (under
 * /members, whose middleware authenticates); the invited person lists, accepts and declines
 * theirs (under /me, authenticated by views.ts's `/api/v1/me/*`).
 */
export function mountInvitations(http: Hono<HonoEnv>) {
  describe({ method: 'get', path: '/api/v1/members/invitations', tag: 'members', summary: 'Pending invitations of this workspace (admin+)' });
  http.get('/api/v1/members/invitations', async (c) => {
    requirePermission(c.get('principal'), 'members.manage');
    return c.json({ invitations: await listInvitations(c.get('app'), c.get('principal')) });
  });

  describe({
    method: 'delete',
    path: '/api/v1/members/invitations/{id}',
    tag: 'members',
    summary: 'Withdraw a pending invitation (admin+; an invitation to be owner: owner)',
    responses: { '204': 'withdrawn', '403': 'not allowed', '404': 'no such invitation here' },
  });
  http.delete('/api/v1/members/invitations/:id', async (c) => {
    requirePermission(c.get('principal'), 'members.manage');
    await revokeInvitation(c.get('app'), c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });

  describe({ method: 'get', path: '/api/v1/me/invitations', tag: 'me', summary: 'Invitations waiting for you, from any workspace' });
  http.get('/api/v1/me/invitations', async (c) => c.json({ invitations: await listMyInvitations(c.get('app'), c.get('principal')) }));

  describe({
    method: 'post',
    path: '/api/v1/me/invitations/{id}/accept',
    tag: 'me',
    summary: 'Join the workspace that invited you, with the role it offered (then POST /auth/switch to go there)',
    responses: { '200': 'joined: the workspace and your role', '404': 'no such invitation for you (or expired)' },
  });
  http.post('/api/v1/me/invitations/:id/accept', async (c) => c.json(await acceptInvitation(c.get('app'), c.get('principal'), c.req.param('id'))));

  describe({
    method: 'post',
    path: '/api/v1/me/invitations/{id}/decline',
    tag: 'me',
    summary: 'Decline an invitation',
    responses: { '204': 'declined', '404': 'no such invitation for you' },
  });
  http.post('/api/v1/me/invitations/:id/decline', async (c) => {
    await declineInvitation(c.get('app'), c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });
}
