import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { resolveAccess } from '../auth/access.js';
import { findApiToken } from '../auth/api-tokens.js';
import { accountGate } from '../auth/account-gate.js';
import { findSession, touchSession } from '../auth/sessions.js';
import { AppError } from '../lib/errors.js';
import { safeEqual } from '../lib/crypto.js';
import type { HonoEnv } from './context.js';

export const SESSION_COOKIE = 'hearken_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates /api/v1 calls by bearer API token or session cookie. Cookie-authenticated writes
 * must echo the session's CSRF token in X-CSRF-Token (a cross-site form cannot read it); bearer
 * tokens are not sent by browsers automatically, so they need no CSRF check.
 */
export const requireAuth: MiddlewareHandler<HonoEnv> = async (c, next) => {
  const app = c.get('app');
  const authz = c.req.header('authorization');
  if (authz?.toLowerCase().startsWith('bearer ')) {
    const tok = await findApiToken(app.store.db, authz.slice(7).trim());
    if (!tok) throw new AppError('unauthenticated', 'the API token is invalid or revoked');
    const access = await resolveAccess(app.store.db, tok.workspace_id, tok.user_id, tok);
    c.set('principal', { userId: tok.user_id, workspaceId: tok.workspace_id, ...access, via: 'token' });
    await app.store.db.updateTable('api_tokens').set({ last_used_at: app.now() }).where('id', '=', tok.id).execute();
    return next();
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) throw new AppError('unauthenticated', 'sign in first (session cookie or Authorization: Bearer <API token>)');
  const s = await findSession(app.store.db, cookie, app.now());
  if (!s) throw new AppError('unauthenticated', 'the session has expired; sign in again');
  if (!SAFE_METHODS.has(c.req.method)) {
    const sent = c.req.header('x-csrf-token') ?? '';
    if (!safeEqual(sent, s.csrf_token)) throw new AppError('forbidden', 'missing or wrong X-CSRF-Token header for a cookie-authenticated write');
  }
  const owed = accountGate(s, c.req.path);
  if (owed) throw owed;
  await touchSession(app.store.db, s.id, s.last_seen_at, app.now());
  const access = await resolveAccess(app.store.db, s.workspace_id, s.user_id, s);
  c.set('principal', { userId: s.user_id, workspaceId: s.workspace_id, ...access, via: 'session', sessionId: s.id });
  return next();
};

/**
 * For a long-lived response (the realtime stream): a check that the credential this request was
 * authenticated with still resolves to the same user in the same workspace — the token is not
 * revoked, the session not signed out or expired, the membership not removed.
 */
export function credentialCheck(c: Context<HonoEnv>): () => Promise<boolean> {
  const app = c.get('app');
  const p = c.get('principal');
  const authz = c.req.header('authorization');
  const cookie = getCookie(c, SESSION_COOKIE);
  return async () => {
    if (p.via === 'token') {
      const tok = authz ? await findApiToken(app.store.db, authz.slice(7).trim()) : undefined;
      return !!tok && tok.user_id === p.userId && tok.workspace_id === p.workspaceId;
    }
    const s = cookie ? await findSession(app.store.db, cookie, app.now()) : undefined;
    return !!s && s.user_id === p.userId && s.workspace_id === p.workspaceId;
  };
}
