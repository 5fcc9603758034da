import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { listSessions, revokeOtherSessions, revokeSession } from '../../auth/account-sessions.js';
import { completePasswordReset } from '../../auth/complete-password-reset.js';
import { loginSecondStep } from '../../auth/login-second-step.js';
import { LoginRateLimited } from '../../auth/login-rate-limit.js';
import { requestPasswordReset } from '../../auth/request-password-reset.js';
import { canSendMail } from '../../auth/system-mail.js';
import { beginTwoFactor, disableTwoFactor, enableTwoFactor, twoFactorStatus } from '../../auth/two-factor-setup.js';
import { getRequireTwoFactor, setRequireTwoFactor } from '../../workspaces/require-two-factor.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';
import { clientIp, setSessionCookie } from './auth.js';

const email = z.string().trim().toLowerCase().pipe(z.email());
const code = z.string().trim().min(6).max(20);
export const secondStepBody = z.object({ challenge: z.string().min(10).max(200), code });
export const forgotBody = z.object({ email });
export const resetBody = z.object({ token: z.string().min(10).max(200), password: z.string().min(10).max(1024) });
export const enableBody = z.object({ code });
export const disableBody = z.object({ password: z.string().min(1).max(1024), code });
export const requireBody = z.object({ requireTwoFactor: z.boolean() });

/** Rate-limited answers carry Retry-After, like sign-in's. */
async function limited<T>(c: Context<HonoEnv>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof LoginRateLimited) c.header('Retry-After', String(err.retryAfterSeconds));
    throw err;
  }
}

/** Two-factor, sessions, "forgot password" and what the sign-in page may offer (issue 20). */
export function mountAccountSecurity(http: Hono<HonoEnv>) {
  describe({
    method: 'get',
    path: '/api/v1/auth/options',
    tag: 'auth',
    summary: 'What the sign-in page can offer: e-mailed reset links, single sign-on',
    auth: 'none',
  });
  http.get('/api/v1/auth/options', (c) => {
    const app = c.get('app');
    return c.json({ mail: canSendMail(app), sso: app.config.oidc ? { name: app.config.oidc.name, url: '/api/v1/auth/oidc/start' } : null });
  });

  describe({
    method: 'post',
    path: '/api/v1/auth/login/2fa',
    tag: 'auth',
    summary: 'Second step of sign-in: the challenge and a code from the authenticator app (or a recovery code); sets the session cookie',
    body: secondStepBody,
    auth: 'none',
    responses: { '200': 'signed in', '401': 'wrong code or expired challenge', '429': 'too many wrong codes (Retry-After)' },
  });
  http.post('/api/v1/auth/login/2fa', async (c) => {
    const body = await parseBody(c, secondStepBody);
    const { sessionToken, ...view } = await limited(c, () =>
      loginSecondStep(c.get('app'), { ...body, ip: clientIp(c), userAgent: c.req.header('user-agent') }),
    );
    setSessionCookie(c, sessionToken);
    return c.json(view);
  });

  describe({
    method: 'post',
    path: '/api/v1/auth/password/forgot',
    tag: 'auth',
    summary: 'Mail a one-hour reset link to this address if it has an account (the answer is the same either way)',
    body: forgotBody,
    auth: 'none',
    responses: { '202': 'accepted; mail: whether Hearken sends mail at all', '429': 'too many requests' },
  });
  http.post('/api/v1/auth/password/forgot', async (c) => {
    const body = await parseBody(c, forgotBody);
    return c.json(await limited(c, () => requestPasswordReset(c.get('app'), { email: body.email, ip: clientIp(c) })), 202);
  });

  describe({
    method: 'post',
    path: '/api/v1/auth/password/reset',
    tag: 'auth',
    summary: 'Set a new password with the token of a reset link (signs the account out everywhere)',
    body: resetBody,
    auth: 'none',
    responses: { '200': 'changed; sign in with it', '400': 'expired or used link, or too short' },
  });
  http.post('/api/v1/auth/password/reset', async (c) => c.json(await completePasswordReset(c.get('app'), await parseBody(c, resetBody))));

  describe({ method: 'get', path: '/api/v1/auth/2fa', tag: 'auth', summary: 'Whether two-factor sign-in is on, and how many recovery codes are left' });
  http.get('/api/v1/auth/2fa', requireAuth, async (c) => c.json(await twoFactorStatus(c.get('app'), c.get('principal'))));

  describe({
    method: 'post',
    path: '/api/v1/auth/2fa/setup',
    tag: 'auth',
    summary: 'Start two-factor enrolment: a new secret as a QR code (SVG data URL) and as text',
  });
  http.post('/api/v1/auth/2fa/setup', requireAuth, async (c) => c.json(await beginTwoFactor(c.get('app'), c.get('principal'))));

  describe({
    method: 'post',
    path: '/api/v1/auth/2fa/enable',
    tag: 'auth',
    summary: 'Confirm enrolment with a current code; answers ten one-time recovery codes (shown once)',
    body: enableBody,
    responses: { '200': 'on', '400': 'wrong code', '409': 'already on' },
  });
  http.post('/api/v1/auth/2fa/enable', requireAuth, async (c) => {
    const body = await parseBody(c, enableBody);
    return c.json(await limited(c, () => enableTwoFactor(c.get('app'), c.get('principal'), body.code)));
  });

  describe({
    method: 'post',
    path: '/api/v1/auth/2fa/disable',
    tag: 'auth',
    summary: 'Turn two-factor off (password and a current or recovery code)',
    body: disableBody,
    responses: { '204': 'off', '400': 'wrong password or code', '409': 'not on' },
  });
  http.post('/api/v1/auth/2fa/disable', requireAuth, async (c) => {
    const body = await parseBody(c, disableBody);
    await limited(c, () => disableTwoFactor(c.get('app'), c.get('principal'), body));
    return c.body(null, 204);
  });

  describe({
    method: 'get',
    path: '/api/v1/auth/sessions',
    tag: 'auth',
    summary: 'Your signed-in browsers (device, address, created, last seen; the current one marked)',
  });
  http.get('/api/v1/auth/sessions', requireAuth, async (c) => c.json({ sessions: await listSessions(c.get('app'), c.get('principal')) }));

  describe({ method: 'post', path: '/api/v1/auth/sessions/sign-out-others', tag: 'auth', summary: 'Sign out everywhere else' });
  http.post('/api/v1/auth/sessions/sign-out-others', requireAuth, async (c) => c.json({ ended: await revokeOtherSessions(c.get('app'), c.get('principal')) }));

  describe({
    method: 'delete',
    path: '/api/v1/auth/sessions/{id}',
    tag: 'auth',
    summary: 'Sign one of your sessions out',
    responses: { '204': 'signed out', '404': 'not yours' },
  });
  http.delete('/api/v1/auth/sessions/:id', requireAuth, async (c) => {
    await revokeSession(c.get('app'), c.get('principal'), c.req.param('id'));
    return c.body(null, 204);
  });

  describe({ method: 'get', path: '/api/v1/workspace/two-factor', tag: 'members', summary: 'Whether this workspace requires two-factor sign-in' });
  http.get('/api/v1/workspace/two-factor', requireAuth, async (c) =>
    c.json({ requireTwoFactor: await getRequireTwoFactor(c.get('app'), c.get('principal').workspaceId) }),
  );

  describe({
    method: 'put',
    path: '/api/v1/workspace/two-factor',
    tag: 'members',
    summary: 'Require two-factor sign-in of every member (owner; their own must be on)',
    body: requireBody,
    responses: { '200': 'set', '403': 'owner only, or the owner has no two-factor' },
  });
  http.put('/api/v1/workspace/two-factor', requireAuth, async (c) => {
    const body = await parseBody(c, requireBody);
    return c.json(await setRequireTwoFactor(c.get('app'), c.get('principal'), body.requireTwoFactor));
  });
}
