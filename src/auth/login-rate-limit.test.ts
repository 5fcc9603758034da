import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildPeerApp, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

// Limit 10 per (address, email); 50 per address. Every app.request() comes from address "unknown".
let t: TestApp;
let peer: TestApp;
let w: TestWorkspace;

beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_LOGIN_MAX_ATTEMPTS: '10', HEARKEN_LOGIN_WINDOW_SECONDS: '60' });
  peer = await buildPeerApp(t);
  w = await buildWorkspace(t);
});
afterAll(async () => {
  await peer.close();
  await t.close();
});

const login = (app: TestApp, email: string, password: string) => app.req('POST', '/api/v1/auth/login', { body: { email, password } });

async function tally(responses: Response[]) {
  const by: Record<number, number> = {};
  for (const r of responses) {
    by[r.status] = (by[r.status] ?? 0) + 1;
    if (r.status === 429) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await r.json()).error.code).toBe('rate_limited');
    }
  }
  return by;
}

describe(`login rate limit under concurrency (${testDialect})`, () => {
  it('40 simultaneous wrong guesses: at most 10 are checked (401), the rest answer 429 with Retry-After', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent');
    const by = await tally(await Promise.all(Array.from({ length: 40 }, () => login(t, m.email, 'wrong guess'))));
    expect(by[401]).toBe(10);
    expect(by[429]).toBe(30);
    // Refused attempts were not counted: the window holds exactly the ten failures.
    const row = await t.app.store.db.selectFrom('rate_limits').selectAll().where('key', '=', `login:unknown:${m.email}`).executeTakeFirstOrThrow();
    expect(row.count).toBe(10);
    // The right password is refused too until the window ends.
    expect((await login(t, m.email, m.password)).status).toBe(429);
  }, 60_000);

  it('two web nodes over one database share the budget, also in parallel', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent');
    const all = await Promise.all(Array.from({ length: 24 }, (_, i) => login(i % 2 ? peer : t, m.email, 'wrong guess')));
    const by = await tally(all);
    expect(by[401]).toBe(10);
    expect(by[429]).toBe(14);
    expect((await login(peer, m.email, m.password)).status).toBe(429);
    expect((await login(t, m.email, m.password)).status).toBe(429);
  }, 60_000);

  it('a successful sign-in releases its reservation: it clears its own key and does not spend the address budget', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent');
    for (let i = 0; i < 9; i++) expect((await login(t, m.email, 'wrong guess')).status).toBe(401);
    const before = await t.app.store.db.selectFrom('rate_limits').select('count').where('key', '=', 'login-ip:unknown').executeTakeFirstOrThrow();
    // One place was left: the right password takes it, and clears the account's key…
    expect((await login(peer, m.email, m.password)).status).toBe(200);
    expect(await t.app.store.db.selectFrom('rate_limits').selectAll().where('key', '=', `login:unknown:${m.email}`).executeTakeFirst()).toBeUndefined();
    // …so sign-ins in parallel pass again (each holds a place only while its password is checked).
    const ok = await Promise.all(Array.from({ length: 5 }, (_, i) => login(i % 2 ? peer : t, m.email, m.password)));
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await t.app.store.db.selectFrom('rate_limits').selectAll().where('key', '=', `login:unknown:${m.email}`).executeTakeFirst()).toBeUndefined();
    const after = await t.app.store.db.selectFrom('rate_limits').select('count').where('key', '=', 'login-ip:unknown').executeTakeFirstOrThrow();
    expect(after.count).toBe(before.count);
  }, 60_000);

  it('guesses at the current password when changing it are limited the same way', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent');
    const change = (app: TestApp) =>
      app.req('POST', '/api/v1/auth/password', { token: m.token, body: { currentPassword: 'wrong guess', newPassword: 'a new password 1' } });
    const by = await tally(await Promise.all(Array.from({ length: 16 }, (_, i) => change(i % 2 ? peer : t))));
    expect(by[400]).toBe(10);
    expect(by[429]).toBe(6);
  }, 60_000);
});
