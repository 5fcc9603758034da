import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetProviders } from '../../src/auth/oidc/provider.js';
import { startFakeOidc } from '../../src/auth/testing/fake-oidc.js';
import { testDialect } from '../../src/test/store.js';
import { startStack, type Stack } from './harness.js';

/** Single sign-on in a browser: the login page's button, the local fake provider, and back into Hearken. */
let s: Stack;
let idp: Awaited<ReturnType<typeof startFakeOidc>>;
beforeAll(async () => {
  s = await startStack();
  idp = await startFakeOidc({ clientId: 'hearken-e2e', clientSecret: 'e2e-secret', redirectUris: [`${s.url}/api/v1/auth/oidc/callback`] });
  s.t.app.config.publicUrl = s.url;
  s.t.app.config.oidc = {
    issuer: idp.issuer,
    clientId: 'hearken-e2e',
    clientSecret: 'e2e-secret',
    name: 'Acme SSO',
    allowedDomains: ['example.com'],
    workspaceId: s.w.workspaceId,
    defaultRole: 'agent',
    allowHttp: true,
  };
  forgetProviders();
});
afterAll(async () => {
  await s?.close();
  await idp?.close();
});

describe(`OpenID Connect sign-in in a browser (${testDialect})`, () => {
  it('"Sign in with Acme SSO" goes to the provider and comes back signed in as a new member', async () => {
    idp.state.user = { sub: 'e2e-1', email: 'olga.sso@example.com', name: 'Olga Sso', email_verified: true };
    const ctx = await s.browser.newContext({ baseURL: s.url });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.locator('nav.sidebar').waitFor();
    const me = await (await page.request.get('/api/v1/auth/me')).json();
    expect(me).toMatchObject({ user: { email: 'olga.sso@example.com', name: 'Olga Sso' }, workspace: { id: s.w.workspaceId }, role: 'agent' });
    expect(idp.state.tokenRequests).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('a refused sign-in lands back on the sign-in page with the reason', async () => {
    idp.state.user = { sub: 'e2e-2', email: 'mallory@elsewhere.test', email_verified: true };
    const ctx = await s.browser.newContext({ baseURL: s.url });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByText('Your e-mail domain is not allowed to sign in here.').waitFor();
    expect(await page.locator('nav.sidebar').count()).toBe(0);
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
    await ctx.close();
  }, 60_000);
});
