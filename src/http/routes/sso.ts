import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { finishSso, SsoError } from '../../auth/oidc/finish-sso.js';
import { SSO_TRIP_MS, ssoRedirectUri, startSso } from '../../auth/oidc/start-sso.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { clientIp, setSessionCookie } from './auth.js';

const TRIP_COOKIE = 'hearken_sso';
const TRIP_PATH = '/api/v1/auth/oidc';

/**
 * Single sign-on with OpenID Connect: start sends the browser to the provider, the provider sends
 * it back to callback. Both are browser navigations, so failures land on the sign-in page with a
 * stable code (?sso_error=…) instead of a JSON answer.
 */
export function mountSso(http: Hono<HonoEnv>) {
  describe({ method: 'get', path: '/api/v1/auth/oidc/start', tag: 'auth', summary: 'Sign in with the OpenID Connect provider (redirects)', auth: 'none' });
  http.get('/api/v1/auth/oidc/start', async (c) => {
    const app = c.get('app');
    const trip = await startSso(app);
    // Lax: the provider's redirect back is a top-level GET, which Lax cookies accompany.
    setCookie(c, TRIP_COOKIE, trip.cookie, { httpOnly: true, sameSite: 'Lax', path: TRIP_PATH, secure: app.config.cookieSecure, maxAge: SSO_TRIP_MS / 1000 });
    return c.redirect(trip.url, 302);
  });

  describe({ method: 'get', path: '/api/v1/auth/oidc/callback', tag: 'auth', summary: "The provider's redirect back; sets the session cookie", auth: 'none' });
  http.get('/api/v1/auth/oidc/callback', async (c) => {
    const app = c.get('app');
    const tripCookie = getCookie(c, TRIP_COOKIE);
    deleteCookie(c, TRIP_COOKIE, { path: TRIP_PATH });
    // The URL openid-client checks must be the registered redirect URI plus this request's query.
    const query = new URL(c.req.url).search;
    try {
      const { sessionToken } = await finishSso(app, {
        callbackUrl: ssoRedirectUri(app) + query,
        tripCookie,
        ip: clientIp(c),
        userAgent: c.req.header('user-agent'),
      });
      setSessionCookie(c, sessionToken);
      return c.redirect('/', 302);
    } catch (err) {
      const reason = err instanceof SsoError ? err.reason : 'sso_rejected';
      return c.redirect(`/login?sso_error=${reason}`, 302);
    }
  });
}
