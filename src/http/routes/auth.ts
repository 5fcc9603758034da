import type { Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { changePassword } from '../../auth/change-password.js';
import { login } from '../../auth/login.js';
import { LoginRateLimited } from '../../auth/login-rate-limit.js';
import { deleteSession } from '../../auth/sessions.js';
import { switchWorkspace } from '../../auth/switch-workspace.js';
import { whoAmI } from '../../auth/who-am-i.js';
import { requireAuth, SESSION_COOKIE } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody } from '../validate.js';

const email = z.string().trim().toLowerCase().pipe(z.email());
const id = z.string().min(1).max(64);

export const loginBody = z.object({ email, password: z.string().min(1).max(1024), workspaceId: id.optional() });
export const switchBody = z.object({ workspaceId: id });
export const passwordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(10).max(1024) });

/**
 * The socket's address from @hono/node-server. Behind a proxy every client shares the proxy's
 * address, which only makes the per-IP limit stricter; app.request() in tests has no socket.
 */
export function clientIp(c: Context<HonoEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress || 'unknown';
}

export function setSessionCookie(c: Context<HonoEnv>, token: string) {
  const cfg = c.get('app').config;
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: cfg.cookieSecure, maxAge: cfg.sessionDays * 86_400 });
}

export function mountAuth(http: Hono<HonoEnv>) {
  describe({
    method: 'post',
    path: '/api/v1/auth/login',
    tag: 'auth',
    summary: 'Sign in with email and password; sets the session cookie (or answers twoFactorRequired and a challenge)',
    body: loginBody,
    auth: 'none',
    responses: {
      '200': 'signed in',
      '400': 'bad input',
      '401': 'wrong email or password',
      '404': 'not a member of that workspace',
      '429': 'too many failures (Retry-After)',
    },
  });
  http.post('/api/v1/auth/login', async (c) => {
    const body = await parseBody(c, loginBody);
    try {
      const result = await login(c.get('app'), { ...body, ip: clientIp(c), userAgent: c.req.header('user-agent') });
      // Two-factor: no cookie yet; the code goes to POST /auth/login/2fa with the challenge.
      if ('twoFactorRequired' in result) return c.json(result);
      const { sessionToken, ...view } = result;
      setSessionCookie(c, sessionToken);
      return c.json(view);
    } catch (err) {
      if (err instanceof LoginRateLimited) c.header('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  });

  describe({ method: 'post', path: '/api/v1/auth/logout', tag: 'auth', summary: 'Sign out: ends the session and clears the cookie' });
  http.post('/api/v1/auth/logout', requireAuth, async (c) => {
    const p = c.get('principal');
    if (p.sessionId) await deleteSession(c.get('app').store.db, p.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });

  describe({ method: 'get', path: '/api/v1/auth/me', tag: 'auth', summary: 'Who is signed in, the current workspace and role, and the other workspaces' });
  http.get('/api/v1/auth/me', requireAuth, async (c) => {
    return c.json(await whoAmI(c.get('app').store.db, c.get('principal')));
  });

  describe({
    method: 'post',
    path: '/api/v1/auth/switch',
    tag: 'auth',
    summary: 'Move the browser session to another workspace of yours',
    body: switchBody,
    responses: { '200': 'new session', '404': 'not your workspace' },
  });
  http.post('/api/v1/auth/switch', requireAuth, async (c) => {
    const body = await parseBody(c, switchBody);
    const { sessionToken, ...view } = await switchWorkspace(c.get('app'), c.get('principal'), body.workspaceId);
    setSessionCookie(c, sessionToken);
    return c.json(view);
  });

  describe({
    method: 'post',
    path: '/api/v1/auth/password',
    tag: 'auth',
    summary: 'Change your password (signs out your other sessions)',
    body: passwordBody,
    responses: { '200': 'changed', '400': 'wrong current password or too short', '429': 'too many wrong guesses' },
  });
  http.post('/api/v1/auth/password', requireAuth, async (c) => {
    const body = await parseBody(c, passwordBody);
    try {
      await changePassword(c.get('app'), c.get('principal'), body);
    } catch (err) {
      if (err instanceof LoginRateLimited) c.header('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
    return c.json({ ok: true });
  });
}
