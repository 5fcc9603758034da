import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';
import { browser } from '../testing.js';
import { startFakeOidc } from '../testing/fake-oidc.js';
import { forgetProviders } from './provider.js';

let t: TestApp;
let w: TestWorkspace;
let idp: Awaited<ReturnType<typeof startFakeOidc>>;
const PUBLIC = 'http://hearken.test';
beforeAll(async () => {
  idp = await startFakeOidc({ clientId: 'hearken', clientSecret: 'idp-secret', redirectUris: [`${PUBLIC}/api/v1/auth/oidc/callback`] });
  t = await buildTestApp({ HEARKEN_PUBLIC_URL: PUBLIC });
  w = await buildWorkspace(t, { name: 'Big Team' });
  t.app.config.oidc = {
    issuer: idp.issuer,
    clientId: 'hearken',
    clientSecret: 'idp-secret',
    name: 'Acme SSO',
    allowedDomains: ['example.com'],
    workspaceId: w.workspaceId,
    defaultRole: 'agent',
    allowHttp: true,
  };
});
afterAll(async () => {
  await t.close();
  await idp.close();
});
beforeEach(() => {
  idp.state.tamper = {};
  idp.state.user = { sub: 'u-1', email: 'sam@example.com', name: 'Sam Sso', email_verified: true };
  t.app.config.oidc!.clientSecret = 'idp-secret';
  t.app.config.oidc!.defaultRole = 'agent';
  forgetProviders();
});

/** Start → provider → callback, as the browser goes; answers the callback's response. */
async function roundTrip(edit: (callback: URL) => void = () => {}) {
  const start = await t.req('GET', '/api/v1/auth/oidc/start');
  expect(start.status).toBe(302);
  const trip = /hearken_sso=([^;]*)/.exec(start.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const back = new URL(await idp.authorize(start.headers.get('location')!));
  edit(back);
  return t.req('GET', `${back.pathname}${back.search}`, { headers: { cookie: `hearken_sso=${trip}` } });
}
const session = (res: Response) => /hearken_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
const failure = (res: Response) => new URL(res.headers.get('location')!, PUBLIC).searchParams.get('sso_error');

describe('single sign-on with OpenID Connect (local fake provider)', () => {
  it('offers the button, sends PKCE + state + nonce, and signs a new person in as a member with the default role', async () => {
    expect(await (await t.req('GET', '/api/v1/auth/options')).json()).toMatchObject({ sso: { name: 'Acme SSO', url: '/api/v1/auth/oidc/start' } });
    const start = await t.req('GET', '/api/v1/auth/oidc/start');
    const auth = new URL(start.headers.get('location')!);
    expect(auth.origin).toBe(idp.issuer);
    for (const p of ['state', 'nonce', 'code_challenge']) expect(auth.searchParams.get(p)).toBeTruthy();
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    // The verifier never leaves Hearken in clear: the cookie is sealed.
    expect(start.headers.get('set-cookie')).toMatch(/hearken_sso=v1\./);

    const res = await roundTrip();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const me = await (await t.req('GET', '/api/v1/auth/me', { headers: browser(session(res)!) })).json();
    expect(me).toMatchObject({ user: { email: 'sam@example.com', name: 'Sam Sso' }, workspace: { id: w.workspaceId }, role: 'agent' });
    const ev = await t.app.store.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'account.sso_sign_in')
      .where('workspace_id', '=', w.workspaceId)
      .execute();
    expect(ev.map((e) => JSON.parse(e.data))).toContainEqual({ userId: me.user.id, provisioned: true });
  });

  it('signs an existing member in to their account', async () => {
    const m = await buildMember(t, w.workspaceId, 'admin', 'Ann Admin');
    idp.state.user = { sub: 'u-2', email: m.email, email_verified: true };
    const res = await roundTrip();
    const me = await (await t.req('GET', '/api/v1/auth/me', { headers: browser(session(res)!) })).json();
    expect(me).toMatchObject({ user: { id: m.userId, name: 'Ann Admin' }, role: 'admin' });
  });

  it('refuses a wrong state, a missing trip cookie and a replayed code', async () => {
    const bad = await roundTrip((u) => u.searchParams.set('state', 'forged'));
    expect(session(bad)).toBeUndefined();
    expect(failure(bad)).toBe('sso_rejected');
    const start = await t.req('GET', '/api/v1/auth/oidc/start');
    const back = new URL(await idp.authorize(start.headers.get('location')!));
    const noCookie = await t.req('GET', `${back.pathname}${back.search}`);
    expect(failure(noCookie)).toBe('sso_expired');
    // The provider refuses the code the second time (it was not used above: no cookie, no exchange).
    const trip = /hearken_sso=([^;]*)/.exec(start.headers.get('set-cookie')!)![1];
    const first = await t.req('GET', `${back.pathname}${back.search}`, { headers: { cookie: `hearken_sso=${trip}` } });
    expect(session(first)).toBeTruthy();
    const replay = await t.req('GET', `${back.pathname}${back.search}`, { headers: { cookie: `hearken_sso=${trip}` } });
    expect(session(replay)).toBeUndefined();
    expect(failure(replay)).toBe('sso_rejected');
  });

  it('refuses an ID token with a wrong nonce, audience or issuer, and a wrong client secret', async () => {
    for (const tamper of [{ nonce: 'other-nonce' }, { aud: 'someone-else' }, { iss: 'https://evil.example' }]) {
      idp.state.tamper = tamper;
      const res = await roundTrip();
      expect(session(res), JSON.stringify(tamper)).toBeUndefined();
      expect(failure(res)).toBe('sso_rejected');
    }
    idp.state.tamper = {};
    t.app.config.oidc!.clientSecret = 'wrong-secret';
    forgetProviders();
    const res = await roundTrip();
    expect(session(res)).toBeUndefined();
    expect(failure(res)).toBe('sso_rejected');
  });

  it('refuses an unverified e-mail, another domain, and unknown people when provisioning is off', async () => {
    idp.state.user = { sub: 'u-3', email: 'eve@example.com', email_verified: false };
    expect(failure(await roundTrip())).toBe('sso_unverified_email');
    idp.state.user = { sub: 'u-4', email: 'mallory@elsewhere.test', email_verified: true };
    expect(failure(await roundTrip())).toBe('sso_domain');
    t.app.config.oidc!.defaultRole = 'none';
    idp.state.user = { sub: 'u-5', email: 'newbie@example.com', email_verified: true };
    expect(failure(await roundTrip())).toBe('sso_no_account');
    expect(await t.app.store.db.selectFrom('users').select('id').where('email', '=', 'newbie@example.com').executeTakeFirst()).toBeUndefined();
  });

  it('answers 404 when single sign-on is not configured', async () => {
    const saved = t.app.config.oidc;
    t.app.config.oidc = null;
    try {
      expect((await t.req('GET', '/api/v1/auth/oidc/start')).status).toBe(404);
    } finally {
      t.app.config.oidc = saved;
    }
  });
});

describe('SSO configuration at boot', () => {
  const base = { HEARKEN_DATA_DIR: '/tmp/hearken-oidc-config', HEARKEN_SECRET_KEY: 'a'.repeat(64) };
  it('refuses half a configuration, a plain-http issuer and provisioning without a workspace', async () => {
    const { loadConfig } = await import('../../config/index.js');
    expect(() => loadConfig({ ...base, HEARKEN_OIDC_ISSUER: 'https://idp.example' })).toThrow(/go together/);
    const full = { ...base, HEARKEN_OIDC_ISSUER: 'http://idp.example', HEARKEN_OIDC_CLIENT_ID: 'c', HEARKEN_OIDC_CLIENT_SECRET: 's' };
    expect(() => loadConfig(full)).toThrow(/must be https/);
    expect(() => loadConfig({ ...full, HEARKEN_OIDC_ISSUER: 'https://idp.example', HEARKEN_OIDC_DEFAULT_ROLE: 'agent' })).toThrow(/HEARKEN_OIDC_WORKSPACE/);
    expect(loadConfig({ ...full, HEARKEN_OIDC_ISSUER: 'https://idp.example', HEARKEN_OIDC_ALLOWED_DOMAINS: '@Example.com, b.org' }).oidc).toMatchObject({
      allowedDomains: ['example.com', 'b.org'],
      defaultRole: 'none',
    });
    expect(loadConfig(base).oidc).toBeNull();
  });
});
