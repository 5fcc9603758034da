import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { browser, signIn } from './testing.js';
import { startCaptureSmtp } from './testing/fake-smtp.js';

let t: TestApp;
let w: TestWorkspace;
let smtp: Awaited<ReturnType<typeof startCaptureSmtp>>;
beforeAll(async () => {
  smtp = await startCaptureSmtp();
  t = await buildTestApp({ HEARKEN_SMTP_URL: smtp.url, HEARKEN_MAIL_FROM: 'Hearken <no-reply@example.com>' });
  w = await buildWorkspace(t);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const tokenOf = (link: string) => decodeURIComponent(link.split('#token=')[1]!);
const forgot = (email: string) => t.req('POST', '/api/v1/auth/password/forgot', { body: { email } });

describe('forgot password', () => {
  it('mails a one-hour single-use link; using it sets the password and ends every session', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent', 'Fay Forgot');
    const before = await signIn(t, m.email, m.password);
    const res = await forgot(m.email.toUpperCase());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ mail: true });
    const link = await smtp.linkFor(m.email, '/reset-password');
    expect(link.startsWith(t.app.config.publicUrl)).toBe(true);
    const token = tokenOf(link);
    // Stored hashed only.
    expect(await t.app.store.db.selectFrom('password_resets').select('id').where('id', '=', token).executeTakeFirst()).toBeUndefined();
    expect((await t.req('POST', '/api/v1/auth/password/reset', { body: { token, password: 'short' } })).status).toBe(400);
    const done = await t.req('POST', '/api/v1/auth/password/reset', { body: { token, password: 'a brand new password' } });
    expect(done.status).toBe(200);
    expect((await t.req('GET', '/api/v1/auth/me', { headers: browser(before.cookie) })).status).toBe(401);
    expect((await signIn(t, m.email, m.password)).res.status).toBe(401);
    expect((await signIn(t, m.email, 'a brand new password')).res.status).toBe(200);
    // Used: refused the second time.
    const reused = await t.req('POST', '/api/v1/auth/password/reset', { body: { token, password: 'another new password' } });
    expect(reused.status).toBe(400);
    expect((await reused.json()).error.fields[0].field).toBe('token');
    const ev = await t.app.store.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'account.password_reset')
      .where('workspace_id', '=', w.workspaceId)
      .execute();
    expect(ev.map((e) => JSON.parse(e.data))).toContainEqual({ userId: m.userId, endedSessions: 1 });
  });

  it('refuses an expired link', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent', 'Ed Expired');
    await forgot(m.email);
    const token = tokenOf(await smtp.linkFor(m.email, '/reset-password'));
    const realNow = t.app.now;
    t.app.now = () => realNow() + 61 * 60_000;
    try {
      expect((await t.req('POST', '/api/v1/auth/password/reset', { body: { token, password: 'a brand new password' } })).status).toBe(400);
    } finally {
      t.app.now = realNow;
    }
    expect((await signIn(t, m.email, m.password)).res.status).toBe(200);
  });

  it('answers the same for an unknown address, mails nothing, and is rate-limited', async () => {
    const sent = smtp.received.length;
    const unknown = await forgot('nobody-here@example.com');
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual({ mail: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.length).toBe(sent);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await forgot('spam-target@example.com')).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect((await forgot('not an email')).status).toBe(400);
  });

  it('without SMTP says so and sends nothing', async () => {
    const saved = t.app.config.smtpUrl;
    t.app.config.smtpUrl = null;
    try {
      const m = await buildMember(t, w.workspaceId, 'agent');
      expect(await (await forgot(m.email)).json()).toEqual({ mail: false });
      expect(await (await t.req('GET', '/api/v1/auth/options')).json()).toEqual({ mail: false, sso: null });
      expect(await t.app.store.db.selectFrom('password_resets').select('id').where('user_id', '=', m.userId).execute()).toEqual([]);
    } finally {
      t.app.config.smtpUrl = saved;
    }
  });
});

describe('sessions list', () => {
  it('lists your sessions with device and address, marks the current one, signs out one or all others', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent', 'Sid Sessions');
    const a = await signIn(t, m.email, m.password);
    const b = await signIn(t, m.email, m.password);
    const c = await signIn(t, m.email, m.password);
    const other = await buildMember(t, w.workspaceId, 'agent');
    const o = await signIn(t, other.email, other.password);
    const h = browser(a.cookie, a.csrf);
    const list = (await (await t.req('GET', '/api/v1/auth/sessions', { headers: h })).json()).sessions as Array<Record<string, any>>;
    expect(list).toHaveLength(3);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list[0]).toMatchObject({ workspace: { id: w.workspaceId }, ip: 'unknown' });
    // Another person's session is not yours to end.
    const theirs = (await (await t.req('GET', '/api/v1/auth/sessions', { headers: browser(o.cookie) })).json()).sessions[0].id;
    expect((await t.req('DELETE', `/api/v1/auth/sessions/${theirs}`, { headers: h })).status).toBe(404);
    expect((await t.req('DELETE', '/api/v1/auth/sessions/not-an-id', { headers: h })).status).toBe(404);
    const notCurrent = list.find((s) => !s.current)!;
    expect((await t.req('DELETE', `/api/v1/auth/sessions/${notCurrent.id}`, { headers: h })).status).toBe(204);
    expect(await (await t.req('POST', '/api/v1/auth/sessions/sign-out-others', { headers: h })).json()).toEqual({ ended: 1 });
    expect((await t.req('GET', '/api/v1/auth/me', { headers: browser(b.cookie) })).status).toBe(401);
    expect((await t.req('GET', '/api/v1/auth/me', { headers: browser(c.cookie) })).status).toBe(401);
    expect((await t.req('GET', '/api/v1/auth/me', { headers: h })).status).toBe(200);
    expect((await t.req('GET', '/api/v1/auth/me', { headers: browser(o.cookie) })).status).toBe(200);
  });
});

describe('forced change of a generated password', () => {
  it('an account made with a generated password must set its own before anything else', async () => {
    const added = await (
      await t.req('POST', '/api/v1/members', { token: w.token, body: { email: `gen-${Date.now()}@example.com`, name: 'Gen Erated', role: 'agent' } })
    ).json();
    expect(added.generatedPassword).toBeTruthy();
    const s = await signIn(t, added.email, added.generatedPassword);
    const h = browser(s.cookie, s.csrf);
    const blocked = await t.req('GET', '/api/v1/conversations', { headers: h });
    expect(blocked.status).toBe(403);
    expect((await blocked.json()).error.code).toBe('password_change_required');
    expect(await (await t.req('GET', '/api/v1/auth/me', { headers: h })).json()).toMatchObject({ mustChangePassword: true });
    expect((await t.req('POST', '/api/v1/auth/password', { headers: h, body: { currentPassword: 'wrong one', newPassword: 'my own password' } })).status).toBe(
      400,
    );
    expect(
      (await t.req('POST', '/api/v1/auth/password', { headers: h, body: { currentPassword: added.generatedPassword, newPassword: 'my own password' } })).status,
    ).toBe(200);
    expect((await t.req('GET', '/api/v1/conversations', { headers: h })).status).toBe(200);
    expect(await (await t.req('GET', '/api/v1/auth/me', { headers: h })).json()).toMatchObject({ mustChangePassword: false });
  });
});
