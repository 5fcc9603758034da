import type { TestApp } from '../test/app.js';

/** Test helper: signs in through the API and returns what a browser would keep. */
export async function signIn(t: TestApp, email: string, password: string, workspaceId?: string) {
  const res = await t.req('POST', '/api/v1/auth/login', { body: { email, password, ...(workspaceId ? { workspaceId } : {}) } });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const body = await res.json();
  const cookie = /hearken_session=([^;]*)/.exec(setCookie)?.[1] ?? '';
  return { res, body, setCookie, cookie, csrf: body.csrfToken as string };
}

/** Headers for a cookie-authenticated call, with the CSRF token when given. */
export function browser(cookie: string, csrf?: string): Record<string, string> {
  return { cookie: `hearken_session=${cookie}`, ...(csrf ? { 'x-csrf-token': csrf } : {}) };
}
