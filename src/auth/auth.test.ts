import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { browser, signIn } from './testing.js';

let t: TestApp;
let w: TestWorkspace;
let ownerEmail: string;
const PW = 'correct horse battery';

beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_LOGIN_MAX_ATTEMPTS: '3', HEARKEN_LOGIN_WINDOW_SECONDS: '60', HEARKEN_SESSION_DAYS: '7' });
  w = await buildWorkspace(t, { name: 'Acme' });
  ownerEmail = (await t.app.store.db.selectFrom('users').select('email').where('id', '=', w.ownerId).executeTakeFirstOrThrow()).email;
});
afterAll(() => t.close());

describe(`auth: sessions (${testDialect})`, () => {
  it('signs in: HttpOnly SameSite=Lax cookie, csrf token, user, workspace and role', async () => {
    const s = await signIn(t, ownerEmail.toUpperCase(), PW);
    expect(s.res.status).toBe(200);
    expect(s.setCookie).toMatch(/hearken_session=[^;]+/);
    expect(s.setCookie).toMatch(/HttpOnly/i);
    expect(s.setCookie).toMatch(/SameSite=Lax/i);
    expect(s.setCookie).toMatch(/Path=\//);
    expect(s.setCookie).toMatch(/Max-Age=604800/);
    expect(s.setCookie).not.toMatch(/Secure/);
    expect(s.body).toMatchObject({
      user: { id: w.ownerId, email: ownerEmail, name: 'Olivia Owner' },
      workspace: { id: w.workspaceId, name: 'Acme' },
      role: 'owner',
    });
    expect(s.body.workspaces).toEqual([{ id: w.workspaceId, name: 'Acme', role: 'owner' }]);
    expect(s.csrf.length).toBeGreaterThan(20);
    expect(s.body.sessionToken).toBeUndefined();

    const me = await t.req('GET', '/api/v1/auth/me', { headers: browser(s.cookie) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { id: w.ownerId }, role: 'owner', csrfToken: s.csrf });
  });

  it('sets Secure on the cookie when configured', async () => {
    // The cookie is built from the live config on every login, so flipping it here is enough.
    t.app.config.cookieSecure = true;
    try {
      const s = await signIn(t, ownerEmail, PW);
      expect(s.res.status).toBe(200);
      expect(s.setCookie).toMatch(/;\s*Secure/);
    } finally {
      t.app.config.cookieSecure = false;
    }
  });

  it('a cookie-authenticated write needs X-CSRF-Token', async () => {
    const s = await signIn(t, ownerEmail, PW);
    const without = await t.req('POST', '/api/v1/teams', { headers: browser(s.cookie), body: { name: 'CSRF probe' } });
    expect(without.status).toBe(403);
    expect((await without.json()).error.code).toBe('forbidden');
    const wrong = await t.req('POST', '/api/v1/teams', { headers: browser(s.cookie, 'not-the-token'), body: { name: 'CSRF probe' } });
    expect(wrong.status).toBe(403);
    const ok = await t.req('POST', '/api/v1/teams', { headers: browser(s.cookie, s.csrf), body: { name: 'CSRF probe' } });
    expect(ok.status).toBe(201);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const a = await t.req('POST', '/api/v1/auth/login', { body: { email: ownerEmail, password: 'wrong password' } });
    const b = await t.req('POST', '/api/v1/auth/login', { body: { email: 'nobody-here@example.com', password: 'wrong password' } });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    const ea = (await a.json()).error;
    const eb = (await b.json()).error;
    expect(ea).toEqual(eb);
    expect(ea.code).toBe('unauthenticated');
    expect(a.headers.get('set-cookie')).toBeNull();
  });

  it('rejects bad input field by field', async () => {
    const res = await t.req('POST', '/api/v1/auth/login', { body: { email: 'not-an-email', password: '' } });
    expect(res.status).toBe(400);
    const fields = (await res.json()).error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
    const notJson = await t.req('POST', '/api/v1/auth/login', { body: '{nope' });
    expect(notJson.status).toBe(400);
  });

  it('rate-limits failures per IP and email in the database, with Retry-After', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent');
    for (let i = 0; i < 3; i++) {
      expect((await t.req('POST', '/api/v1/auth/login', { body: { email: m.email, password: 'nope' } })).status).toBe(401);
    }
    const limited = await t.req('POST', '/api/v1/auth/login', { body: { email: m.email, password: m.password } });
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('rate_limited');
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    const row = await t.app.store.db.selectFrom('rate_limits').selectAll().where('key', '=', `login:unknown:${m.email}`).executeTakeFirstOrThrow();
    expect(row.count).toBe(3);

    // Once the window has passed, the right password works and clears that key's counter.
    const realNow = t.app.now;
    t.app.now = () => realNow() + 61_000;
    try {
      expect((await t.req('POST', '/api/v1/auth/login', { body: { email: m.email, password: m.password } })).status).toBe(200);
    } finally {
      t.app.now = realNow;
    }
    expect(await t.app.store.db.selectFrom('rate_limits').selectAll().where('key', '=', `login:unknown:${m.email}`).executeTakeFirst()).toBeUndefined();
  });

  it('picks a workspace when the user belongs to several; switch moves the session', async () => {
    const other = await buildWorkspace(t, { name: 'Beta' });
    await t.app.store.db
      .insertInto('memberships')
      .values({ workspace_id: other.workspaceId, user_id: w.ownerId, role: 'viewer', created_at: t.app.now() + 1 })
      .execute();
    const def = await signIn(t, ownerEmail, PW);
    expect(def.body.workspace.id).toBe(w.workspaceId);
    expect(def.body.workspaces.map((x: { id: string }) => x.id)).toEqual([w.workspaceId, other.workspaceId]);
    const picked = await signIn(t, ownerEmail, PW, other.workspaceId);
    expect(picked.body).toMatchObject({ workspace: { id: other.workspaceId, name: 'Beta' }, role: 'viewer' });

    const sw = await t.req('POST', '/api/v1/auth/switch', { headers: browser(def.cookie, def.csrf), body: { workspaceId: other.workspaceId } });
    expect(sw.status).toBe(200);
    const swBody = await sw.json();
    expect(swBody).toMatchObject({ workspace: { id: other.workspaceId }, role: 'viewer' });
    const newCookie = /hearken_session=([^;]*)/.exec(sw.headers.get('set-cookie') ?? '')![1];
    expect((await t.req('GET', '/api/v1/auth/me', { headers: browser(def.cookie) })).status).toBe(401);
    const me = await (await t.req('GET', '/api/v1/auth/me', { headers: browser(newCookie) })).json();
    expect(me).toMatchObject({ workspace: { id: other.workspaceId }, role: 'viewer', csrfToken: swBody.csrfToken });

    // A workspace the user is not in looks like one that does not exist.
    const stranger = await buildWorkspace(t, { name: 'Gamma' });
    const no = await t.req('POST', '/api/v1/auth/switch', { headers: browser(newCookie, swBody.csrfToken), body: { workspaceId: stranger.workspaceId } });
    expect(no.status).toBe(404);
    expect((await signIn(t, ownerEmail, PW, stranger.workspaceId)).res.status).toBe(404);
  });

  it('logout ends the session and clears the cookie', async () => {
    const s = await signIn(t, ownerEmail, PW);
    const out = await t.req('POST', '/api/v1/auth/logout', { headers: browser(s.cookie, s.csrf) });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/hearken_session=;.*Max-Age=0/);
    expect((await t.req('GET', '/api/v1/auth/me', { headers: browser(s.cookie) })).status).toBe(401);
  });

  it('me works with an API token too, without a csrf token', async () => {
    const res = await t.req('GET', '/api/v1/auth/me', { token: w.token });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ user: { id: w.ownerId }, role: 'owner' });
    expect(body.csrfToken).toBeUndefined();
    expect((await t.req('GET', '/api/v1/auth/me')).status).toBe(401);
  });
  it('lists the auth, member, team and token routes in /openapi.json', async () => {
    const doc = await (await t.req('GET', '/openapi.json')).json();
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
    for (const path of ['/api/v1/auth/me', '/api/v1/members/{userId}', '/api/v1/teams/{id}/members/{userId}', '/api/v1/tokens/{id}'])
      expect(doc.paths[path]).toBeDefined();
  });
});

describe(`auth: passwords (${testDialect})`, () => {
  it('stores argon2id hashes, never the password', async () => {
    const row = await t.app.store.db.selectFrom('users').select('password_hash').where('id', '=', w.ownerId).executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row.password_hash).not.toContain(PW);
  });

  it('changes the password after checking the current one, and signs out other sessions', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent');
    const a = await signIn(t, m.email, m.password);
    const b = await signIn(t, m.email, m.password);
    const short = await t.req('POST', '/api/v1/auth/password', {
      headers: browser(a.cookie, a.csrf),
      body: { currentPassword: m.password, newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect((await short.json()).error.fields[0].field).toBe('newPassword');
    const wrong = await t.req('POST', '/api/v1/auth/password', {
      headers: browser(a.cookie, a.csrf),
      body: { currentPassword: 'not it', newPassword: 'a brand new password' },
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields[0].field).toBe('currentPassword');

    const ok = await t.req('POST', '/api/v1/auth/password', {
      headers: browser(a.cookie, a.csrf),
      body: { currentPassword: m.password, newPassword: 'a brand new password' },
    });
    expect(ok.status).toBe(200);
    expect((await t.req('GET', '/api/v1/auth/me', { headers: browser(a.cookie) })).status).toBe(200);
    expect((await t.req('GET', '/api/v1/auth/me', { headers: browser(b.cookie) })).status).toBe(401);
    expect((await signIn(t, m.email, m.password)).res.status).toBe(401);
    expect((await signIn(t, m.email, 'a brand new password')).res.status).toBe(200);
    const row = await t.app.store.db.selectFrom('users').select('password_hash').where('id', '=', m.userId).executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
  });
});
