import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../auth/purge-expired.js';
import { browser, signIn } from '../../auth/testing.js';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';

let t: TestApp;
let a: TestWorkspace; // the inviting workspace
let b: TestWorkspace; // where the invited account already lives
beforeAll(async () => {
  t = await buildTestApp();
  a = await buildWorkspace(t, { name: 'Inviter' });
  b = await buildWorkspace(t, { name: 'Home' });
});
afterAll(() => t.close());

const events = async (type: string) =>
  (await t.app.store.db.selectFrom('events').selectAll().where('workspace_id', '=', a.workspaceId).where('type', '=', type).execute()).map((e) => ({
    ...JSON.parse(e.data),
    actor: e.actor_user_id,
  }));
const invite = (email: string, role = 'agent', token = a.token) =>
  t.req('POST', '/api/v1/members', { token, body: { email, name: 'Renamed by them', role, password: 'hijack attempt 123' } });
const memberIds = async (ws: TestWorkspace) =>
  ((await (await t.req('GET', '/api/v1/members', { token: ws.token })).json()).members as Array<{ id: string }>).map((m) => m.id);
const mine = async (token: string) => (await (await t.req('GET', '/api/v1/me/invitations', { token })).json()).invitations as Array<Record<string, any>>;

describe(`invitations (${testDialect})`, () => {
  it("adding another workspace's account invites it: nothing changes until they accept", async () => {
    const bo = await buildMember(t, b.workspaceId, 'agent', 'Bo Home');
    const res = await invite(bo.email.toUpperCase());
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body).toMatchObject({
      invited: true,
      invitation: { workspace: { id: a.workspaceId, name: 'Inviter' }, user: { id: bo.userId, email: bo.email, name: 'Bo Home' }, role: 'agent' },
    });
    expect(body.invitation.invitedBy.id).toBe(a.ownerId);
    // Not a member, name and password untouched, cannot sign in there.
    expect(await memberIds(a)).not.toContain(bo.userId);
    expect((await signIn(t, bo.email, 'hijack attempt 123')).res.status).toBe(401);
    expect((await signIn(t, bo.email, bo.password, a.workspaceId)).res.status).toBe(404);
    expect((await t.app.store.db.selectFrom('users').select('name').where('id', '=', bo.userId).executeTakeFirstOrThrow()).name).toBe('Bo Home');
    expect(await events('member.invited')).toContainEqual({ userId: bo.userId, role: 'agent', actor: a.ownerId });

    // The invited person sees it (from their own workspace's token or session); others do not.
    const seen = await mine(bo.token);
    expect(seen.map((i) => i.id)).toEqual([body.invitation.id]);
    expect(seen[0]).toMatchObject({ workspace: { name: 'Inviter' }, role: 'agent', invitedBy: { name: 'Olivia Owner' } });
    expect(await mine(b.token)).toEqual([]);
    // The inviting workspace's admins see it too; agents may not.
    const listed = await (await t.req('GET', '/api/v1/members/invitations', { token: a.token })).json();
    expect(listed.invitations.map((i: { id: string }) => i.id)).toContain(body.invitation.id);
    const agentA = await buildMember(t, a.workspaceId, 'agent');
    expect((await t.req('GET', '/api/v1/members/invitations', { token: agentA.token })).status).toBe(403);
    expect((await t.req('GET', '/api/v1/me/invitations')).status).toBe(401);

    // Someone else cannot accept it; the invited person can, once, through a browser session.
    expect((await t.req('POST', `/api/v1/me/invitations/${body.invitation.id}/accept`, { token: b.token })).status).toBe(404);
    const s = await signIn(t, bo.email, bo.password);
    const accepted = await t.req('POST', `/api/v1/me/invitations/${body.invitation.id}/accept`, { headers: browser(s.cookie, s.csrf) });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ workspace: { id: a.workspaceId, name: 'Inviter' }, role: 'agent' });
    expect(await memberIds(a)).toContain(bo.userId);
    const me = await (await t.req('GET', '/api/v1/auth/me', { headers: browser(s.cookie) })).json();
    expect(me.workspaces.map((w: { id: string }) => w.id)).toEqual(expect.arrayContaining([a.workspaceId, b.workspaceId]));
    expect((await signIn(t, bo.email, bo.password, a.workspaceId)).body.role).toBe('agent');
    expect(await events('member.added')).toContainEqual({ userId: bo.userId, role: 'agent', actor: bo.userId });
    expect(await mine(bo.token)).toEqual([]);
    expect((await t.req('POST', `/api/v1/me/invitations/${body.invitation.id}/accept`, { token: bo.token })).status).toBe(404);
    // Now a member: inviting again is 409.
    expect((await invite(bo.email)).status).toBe(409);
  });

  it('the invited person can decline; an admin can withdraw; inviting again renews with the new role', async () => {
    const cy = await buildMember(t, b.workspaceId, 'viewer', 'Cy');
    const first = (await (await invite(cy.email, 'viewer')).json()).invitation;
    const again = (await (await invite(cy.email, 'admin')).json()).invitation;
    expect(again.id).toBe(first.id);
    expect((await mine(cy.token)).map((i) => [i.id, i.role])).toEqual([[first.id, 'admin']]);
    expect((await t.req('POST', `/api/v1/me/invitations/${first.id}/decline`, { token: cy.token })).status).toBe(204);
    expect(await mine(cy.token)).toEqual([]);
    expect(await memberIds(a)).not.toContain(cy.userId);
    expect(await events('member.invitation_declined')).toContainEqual({ userId: cy.userId, role: 'admin', actor: cy.userId });

    const second = (await (await invite(cy.email)).json()).invitation;
    // Another workspace's admin cannot withdraw it; this one's can.
    expect((await t.req('DELETE', `/api/v1/members/invitations/${second.id}`, { token: b.token })).status).toBe(404);
    expect((await t.req('DELETE', `/api/v1/members/invitations/${second.id}`, { token: a.token })).status).toBe(204);
    expect((await t.req('POST', `/api/v1/me/invitations/${second.id}/accept`, { token: cy.token })).status).toBe(404);
    expect(await memberIds(a)).not.toContain(cy.userId);
  });

  it('keeps the role checks: agents cannot invite, admins cannot invite or withdraw an owner', async () => {
    const dee = await buildMember(t, b.workspaceId, 'agent', 'Dee');
    const agent = await buildMember(t, a.workspaceId, 'agent');
    const admin = await buildMember(t, a.workspaceId, 'admin');
    expect((await invite(dee.email, 'agent', agent.token)).status).toBe(403);
    expect((await invite(dee.email, 'owner', admin.token)).status).toBe(403);
    const inv = (await (await invite(dee.email, 'owner')).json()).invitation;
    expect((await t.req('DELETE', `/api/v1/members/invitations/${inv.id}`, { token: admin.token })).status).toBe(403);
    expect((await t.req('POST', `/api/v1/me/invitations/${inv.id}/accept`, { token: dee.token })).status).toBe(200);
    expect((await signIn(t, dee.email, dee.password, a.workspaceId)).body.role).toBe('owner');
  });

  it('an expired invitation is neither listed nor accepted', async () => {
    const eve = await buildMember(t, b.workspaceId, 'agent', 'Eve');
    const inv = (await (await invite(eve.email)).json()).invitation;
    const realNow = t.app.now;
    t.app.now = () => realNow() + 15 * 86_400_000;
    try {
      expect(await mine(eve.token)).toEqual([]);
      expect((await t.req('POST', `/api/v1/me/invitations/${inv.id}/accept`, { token: eve.token })).status).toBe(404);
      await purgeExpired(t.app);
      expect(await t.app.store.db.selectFrom('invitations').select('id').where('id', '=', inv.id).executeTakeFirst()).toBeUndefined();
    } finally {
      t.app.now = realNow;
    }
    expect(await memberIds(a)).not.toContain(eve.userId);
  });

  it('a new email still gets an account here at once, with a generated password', async () => {
    const res = await invite(`new-${Date.now()}@example.com`);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ newUser: true, role: 'agent', name: 'Renamed by them' });
  });
});
