import type { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { acceptInviteLink, describeInviteLink } from '../../workspaces/invitations/accept-invite-link.js';
import { inviteByEmail, revokeInviteLink } from '../../workspaces/invitations/invite-by-email.js';
import { listInviteLinks } from '../../workspaces/invitations/invite-links.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';
import { clientIp, setSessionCookie } from './auth.js';

export const inviteBody = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()), role: z.enum(['owner', 'admin', 'agent', 'viewer']) });
const token = z.string().min(10).max(200);
export const lookupBody = z.object({ token });
export const acceptBody = z.object({ token, name: z.string().trim().min(1).max(200).optional(), password: z.string().min(1).max(1024) });

/**
 * Invitations by e-mail with a link (issue 20). The admin side lives under /members (its
 * middleware authenticates); the invited side is public and takes the token in the body, never
 * in a URL that access logs would keep.
 */
export function mountInviteLinks(http: Hono<HonoEnv>) {
  describe({ method: 'get', path: '/api/v1/members/invite-links', tag: 'members', summary: 'Pending e-mail invitations (admin+)' });
  http.get('/api/v1/members/invite-links', async (c) => {
    requirePermission(c.get('principal'), 'members.manage');
    return c.json({ invitations: await listInviteLinks(c.get('app').store.db, c.get('principal').workspaceId, c.get('app').now()) });
  });

  describe({
    method: 'post',
    path: '/api/v1/members/invite-links',
    tag: 'members',
    summary: 'Invite an e-mail address with a role: mailed when SMTP is configured; the link comes back for "Copy link"',
    body: inviteBody,
    responses: { '201': 'invitation, link and mailed', '403': 'not allowed', '409': 'already a member' },
  });
  http.post('/api/v1/members/invite-links', async (c) => {
    const body = await parseBody(c, inviteBody);
    requirePermission(c.get('principal'), 'members.manage');
    return c.json(await inviteByEmail(c.get('app'), c.get('principal'), body), 201);
  });

  describe({
    method: 'delete',
    path: '/api/v1/members/invite-links/{id}',
    tag: 'members',
    summary: 'Revoke a pending e-mail invitation',
    responses: { '204': 'revoked', '404': 'not pending here' },
  });
  http.delete('/api/v1/members/invite-links/:id', async (c) => {
    requirePermission(c.get('principal'), 'members.manage');
    await revokeInviteLink(c.get('app'), c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });

  describe({
    method: 'post',
    path: '/api/v1/auth/invite/lookup',
    tag: 'auth',
    summary: 'What an invitation link offers (workspace, e-mail, role, whether the account exists)',
    body: lookupBody,
    auth: 'none',
  });
  http.post('/api/v1/auth/invite/lookup', async (c) => c.json(await describeInviteLink(c.get('app'), (await parseBody(c, lookupBody)).token)));

  describe({
    method: 'post',
    path: '/api/v1/auth/invite/accept',
    tag: 'auth',
    summary:
      'Accept an invitation link: a new account sets name and password; an existing one gives its password. Signs in (unless two-factor is on: then sign in as usual)',
    body: acceptBody,
    auth: 'none',
    responses: { '200': 'joined', '400': 'missing name or short password', '401': 'wrong password', '404': 'expired, used or revoked' },
  });
  http.post('/api/v1/auth/invite/accept', async (c) => {
    const body = await parseBody(c, acceptBody);
    const out = await acceptInviteLink(c.get('app'), { ...body, ip: clientIp(c), userAgent: c.req.header('user-agent') });
    if (!out.signedIn) return c.json({ signedIn: false, reason: out.reason });
    const { sessionToken, ...view } = out.session;
    setSessionCookie(c, sessionToken);
    return c.json({ signedIn: true, ...view });
  });
}
