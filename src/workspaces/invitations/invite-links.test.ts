import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, signIn } from '../../auth/testing.js';
import { startCaptureSmtp } from '../../auth/testing/fake-smtp.js';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';

let t: TestApp;
let a: TestWorkspace;
let smtp: Awaited<ReturnType<typeof startCaptureSmtp>>;
beforeAll(async () => {
  smtp = await startCaptureSmtp();
  t = await buildTestApp({ HEARKEN_SMTP_URL: smtp.url });
  a = await buildWorkspace(t, { name: 'Inviter' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const tokenOf = (link: string) => decodeURIComponent(link.split('#token=')[1]!);
const invite = (email: string, role = 'agent', token = a.token) => t.req('POST', '/api/v1/members/invite-links', { token, body: { email, role } });
const accept = (body: Record<string, unknown>) => t.req('POST', '/api/v1/auth/invite/accept', { body });
const events = async (type: string) =>
  (await t.app.store.db.selectFrom('events').select('data').where('workspace_id', '=', a.workspaceId).where('type', '=', type).execute()).map((e) =>
    JSON.parse(e.data),
  );

describe('invite by e-mail with a link', () => {
  it('a new address gets a mail; the link sets name and password and signs in; it works once', async () => {
    const email = `new-${Date.now()}@example.com`;
    const res = await invite(email.toUpperCase(), 'agent');
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ mailed: true, invitation: { email, role: 'agent' } });
    const link = await smtp.linkFor(email, '/accept-invite');
    expect(link).toBe(body.link);
    const token = tokenOf(link);
    const listed = (await (await t.req('GET', '/api/v1/members/invite-links', { token: a.token })).json()).invitations;
    expect(listed.map((i: { id: string }) => i.id)).toContain(body.invitation.id);

    expect(await (await t.req('POST', '/api/v1/auth/invite/lookup', { body: { token } })).json()).toMatchObject({
      workspace: { id: a.workspaceId, name: 'Inviter' },
      email,
      role: 'agent',
      accountExists: false,
    });
    expect((await accept({ token, password: 'long enough password' })).status).toBe(400);
    expect((await accept({ token, name: 'Nia New', password: 'short' })).status).toBe(400);
    const ok = await accept({ token, name: 'Nia New', password: 'long enough password' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ signedIn: true, workspace: { id: a.workspaceId }, role: 'agent', user: { email, name: 'Nia New' } });
    expect(ok.headers.get('set-cookie')).toMatch(/hearken_session=/);
    expect((await signIn(t, email, 'long enough password')).res.status).toBe(200);
    expect((await accept({ token, name: 'Again', password: 'long enough password' })).status).toBe(404);
    expect((await t.req('POST', '/api/v1/auth/invite/lookup', { body: { token } })).status).toBe(404);
    const accepted = await events('member.invite_link_accepted');
    expect(accepted).toContainEqual(expect.objectContaining({ inviteId: body.invitation.id, role: 'agent', newAccount: true }));
    expect(await events('member.invite_link_sent')).toContainEqual({ inviteId: body.invitation.id, role: 'agent', mailed: true });
  });

  it('an existing account joins with its own password; a wrong one is refused', async () => {
    const other = await buildWorkspace(t, { name: 'Home' });
    const bo = await buildMember(t, other.workspaceId, 'agent', 'Bo Home');
    const { link } = await (await invite(bo.email, 'viewer')).json();
    const token = tokenOf(link);
    expect(await (await t.req('POST', '/api/v1/auth/invite/lookup', { body: { token } })).json()).toMatchObject({ accountExists: true });
    expect((await accept({ token, password: 'not the password' })).status).toBe(401);
    const ok = await accept({ token, password: bo.password });
    expect(await ok.json()).toMatchObject({ signedIn: true, workspace: { id: a.workspaceId }, role: 'viewer' });
    // Name unchanged.
    expect((await t.app.store.db.selectFrom('users').select('name').where('id', '=', bo.userId).executeTakeFirstOrThrow()).name).toBe('Bo Home');
    expect((await invite(bo.email)).status).toBe(409);
  });

  it('expires, can be revoked, and inviting again voids the previous link', async () => {
    const email = `later-${Date.now()}@example.com`;
    const first = await (await invite(email)).json();
    const second = await (await invite(email, 'viewer')).json();
    expect((await accept({ token: tokenOf(first.link), name: 'X', password: 'long enough password' })).status).toBe(404);
    const realNow = t.app.now;
    t.app.now = () => realNow() + 8 * 86_400_000;
    try {
      expect((await accept({ token: tokenOf(second.link), name: 'X', password: 'long enough password' })).status).toBe(404);
    } finally {
      t.app.now = realNow;
    }
    const third = await (await invite(email)).json();
    const agent = await buildMember(t, a.workspaceId, 'agent');
    expect((await t.req('DELETE', `/api/v1/members/invite-links/${third.invitation.id}`, { token: agent.token })).status).toBe(403);
    expect((await t.req('DELETE', `/api/v1/members/invite-links/${third.invitation.id}`, { token: a.token })).status).toBe(204);
    expect((await t.req('DELETE', `/api/v1/members/invite-links/${third.invitation.id}`, { token: a.token })).status).toBe(404);
    expect((await accept({ token: tokenOf(third.link), name: 'X', password: 'long enough password' })).status).toBe(404);
    expect(await events('member.invite_link_revoked')).toContainEqual({ inviteId: third.invitation.id, role: 'agent' });
  });

  it('keeps the role checks, and without SMTP the admin still gets the link to copy', async () => {
    const agent = await buildMember(t, a.workspaceId, 'agent');
    const admin = await buildMember(t, a.workspaceId, 'admin');
    expect((await invite('x@example.com', 'agent', agent.token)).status).toBe(403);
    expect((await invite('x@example.com', 'owner', admin.token)).status).toBe(403);
    expect((await invite('not-an-email', 'agent')).status).toBe(400);
    const saved = t.app.config.smtpUrl;
    t.app.config.smtpUrl = null;
    try {
      const res = await (await invite(`copy-${Date.now()}@example.com`)).json();
      expect(res.mailed).toBe(false);
      expect(res.link).toMatch(/\/accept-invite#token=/);
    } finally {
      t.app.config.smtpUrl = saved;
    }
    // A browser session of an admin works as well as a token.
    const s = await signIn(t, admin.email, admin.password);
    expect((await t.req('GET', '/api/v1/members/invite-links', { headers: browser(s.cookie) })).status).toBe(200);
  });
});
