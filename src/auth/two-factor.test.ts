import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { browser, signIn } from './testing.js';
import { currentTotp } from './totp.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const events = async (type: string) =>
  (await t.app.store.db.selectFrom('events').select('data').where('workspace_id', '=', w.workspaceId).where('type', '=', type).execute()).map((e) =>
    JSON.parse(e.data),
  );

/** Signs in and enrols two-factor; answers the secret, recovery codes and the session. */
async function enrol(m: { email: string; password: string }) {
  const s = await signIn(t, m.email, m.password);
  const h = browser(s.cookie, s.csrf);
  const setup = await (await t.req('POST', '/api/v1/auth/2fa/setup', { headers: h })).json();
  expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(setup.otpauthUri).toContain(`secret=${setup.secret}`);
  const on = await t.req('POST', '/api/v1/auth/2fa/enable', { headers: h, body: { code: currentTotp(setup.secret, t.app.now()) } });
  expect(on.status).toBe(200);
  const { recoveryCodes } = await on.json();
  return { secret: setup.secret as string, recoveryCodes: recoveryCodes as string[], h };
}

describe('two-factor sign-in (TOTP)', () => {
  it('enrols with a confirming code, then asks for a code after the password; a code works once', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent', 'Tia Totp');
    const s = await signIn(t, m.email, m.password);
    const h = browser(s.cookie, s.csrf);
    const setup = await (await t.req('POST', '/api/v1/auth/2fa/setup', { headers: h })).json();
    // A wrong code does not turn it on.
    const wrong = await t.req('POST', '/api/v1/auth/2fa/enable', { headers: h, body: { code: '000000' } });
    expect(wrong.status).toBe(400);
    expect((await (await t.req('GET', '/api/v1/auth/2fa', { headers: h })).json()).enabled).toBe(false);
    const on = await t.req('POST', '/api/v1/auth/2fa/enable', { headers: h, body: { code: currentTotp(setup.secret, t.app.now()) } });
    const codes = (await on.json()).recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Stored hashed, never in clear; the secret sealed.
    const stored = await t.app.store.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', m.userId).execute();
    expect(stored.map((r) => r.code_hash)).not.toContain(codes[0]);
    const u = await t.app.store.db.selectFrom('users').select('totp_secret').where('id', '=', m.userId).executeTakeFirstOrThrow();
    expect(u.totp_secret).toMatch(/^v1\./);
    expect(u.totp_secret).not.toContain(setup.secret);
    expect(await events('account.two_factor_enabled')).toContainEqual({ userId: m.userId });

    // Password alone: a challenge, no cookie.
    const first = await signIn(t, m.email, m.password);
    expect(first.res.status).toBe(200);
    expect(first.body).toMatchObject({ twoFactorRequired: true });
    expect(first.cookie).toBe('');
    // The code from the enrolment's step was used: the same code again is refused (replay).
    const replay = await t.req('POST', '/api/v1/auth/login/2fa', { body: { challenge: first.body.challenge, code: currentTotp(setup.secret, t.app.now()) } });
    expect(replay.status).toBe(401);
    // Next step's code works, once.
    const later = t.app.now() + 30_000;
    const realNow = t.app.now;
    t.app.now = () => later;
    try {
      const ok = await t.req('POST', '/api/v1/auth/login/2fa', { body: { challenge: first.body.challenge, code: currentTotp(setup.secret, later) } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('set-cookie')).toMatch(/hearken_session=/);
      expect((await ok.json()).user.id).toBe(m.userId);
      const again = await t.req('POST', '/api/v1/auth/login/2fa', { body: { challenge: first.body.challenge, code: currentTotp(setup.secret, later) } });
      expect(again.status).toBe(401);
    } finally {
      t.app.now = realNow;
    }
  });

  it('accepts a recovery code once; a reused one, a wrong code and an expired challenge are refused', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent', 'Rex Recovery');
    const { recoveryCodes } = await enrol(m);
    const c1 = (await signIn(t, m.email, m.password)).body.challenge;
    expect((await t.req('POST', '/api/v1/auth/login/2fa', { body: { challenge: c1, code: '123456' } })).status).toBe(401);
    expect((await t.req('POST', '/api/v1/auth/login/2fa', { body: { challenge: c1, code: recoveryCodes[0]!.toUpperCase() } })).status).toBe(200);
    expect(await events('account.recovery_code_used')).toContainEqual({ userId: m.userId, remaining: 9 });
    const c2 = (await signIn(t, m.email, m.password)).body.challenge;
    expect((await t.req('POST', '/api/v1/auth/login/2fa', { body: { challenge: c2, code: recoveryCodes[0] } })).status).toBe(401);
    expect((await t.req('POST', '/api/v1/auth/login/2fa', { body: { challenge: 'not-a-real-challenge', code: recoveryCodes[1] } })).status).toBe(401);
    const realNow = t.app.now;
    t.app.now = () => realNow() + 6 * 60_000;
    try {
      expect((await t.req('POST', '/api/v1/auth/login/2fa', { body: { challenge: c2, code: recoveryCodes[1] } })).status).toBe(401);
    } finally {
      t.app.now = realNow;
    }
    // Malformed input is a 400, not a sign-in attempt.
    expect((await t.req('POST', '/api/v1/auth/login/2fa', { body: { challenge: c2 } })).status).toBe(400);
  });

  it('rate-limits wrong codes like wrong passwords', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent', 'Guess Ing');
    await enrol(m);
    const c = (await signIn(t, m.email, m.password)).body.challenge;
    const statuses: number[] = [];
    for (let i = 0; i < t.app.config.loginMaxAttempts + 1; i++)
      statuses.push((await t.req('POST', '/api/v1/auth/login/2fa', { body: { challenge: c, code: String(100000 + i) } })).status);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('turns off only with the password and a code', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent', 'Dora Disable');
    const { secret, h } = await enrol(m);
    const later = t.app.now() + 60_000;
    expect(
      (await t.req('POST', '/api/v1/auth/2fa/disable', { headers: h, body: { password: 'wrong password', code: currentTotp(secret, later) } })).status,
    ).toBe(400);
    expect((await t.req('POST', '/api/v1/auth/2fa/disable', { headers: h, body: { password: m.password, code: '999999' } })).status).toBe(400);
    const realNow = t.app.now;
    t.app.now = () => later;
    try {
      expect((await t.req('POST', '/api/v1/auth/2fa/disable', { headers: h, body: { password: m.password, code: currentTotp(secret, later) } })).status).toBe(
        204,
      );
    } finally {
      t.app.now = realNow;
    }
    expect(await events('account.two_factor_disabled')).toContainEqual({ userId: m.userId });
    expect((await signIn(t, m.email, m.password)).body.twoFactorRequired).toBeUndefined();
    expect(await t.app.store.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', m.userId).execute()).toEqual([]);
  });

  it("the owner's requirement sends members without two-factor to enrolment (stable code) until they enrol", async () => {
    const ws = await buildWorkspace(t, { name: 'Strict' });
    const owner = await t.app.store.db.selectFrom('users').select('email').where('id', '=', ws.ownerId).executeTakeFirstOrThrow();
    const member = await buildMember(t, ws.workspaceId, 'agent', 'Nora Notyet');
    const admin = await buildMember(t, ws.workspaceId, 'admin');
    // Only an owner, and only with their own two-factor on.
    expect((await t.req('PUT', '/api/v1/workspace/two-factor', { token: admin.token, body: { requireTwoFactor: true } })).status).toBe(403);
    expect((await t.req('PUT', '/api/v1/workspace/two-factor', { token: ws.token, body: { requireTwoFactor: true } })).status).toBe(403);
    await enrol({ email: owner.email, password: 'correct horse battery' });
    expect((await t.req('PUT', '/api/v1/workspace/two-factor', { token: ws.token, body: { requireTwoFactor: true } })).status).toBe(200);

    const s = await signIn(t, member.email, member.password);
    const h = browser(s.cookie, s.csrf);
    const blocked = await t.req('GET', '/api/v1/conversations', { headers: h });
    expect(blocked.status).toBe(403);
    expect((await blocked.json()).error.code).toBe('two_factor_enrolment_required');
    expect(await (await t.req('GET', '/api/v1/auth/me', { headers: h })).json()).toMatchObject({ twoFactorEnrolmentRequired: true });
    const setup = await (await t.req('POST', '/api/v1/auth/2fa/setup', { headers: h })).json();
    expect((await t.req('POST', '/api/v1/auth/2fa/enable', { headers: h, body: { code: currentTotp(setup.secret, t.app.now()) } })).status).toBe(200);
    expect((await t.req('GET', '/api/v1/conversations', { headers: h })).status).toBe(200);
  });
});
