import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { BUILT_IN_PERMISSIONS } from './permissions.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other Co' });
});
afterAll(() => t.close());

async function conversationFor(from: string, extra: Record<string, unknown> = {}) {
  await deliver(t, w, buildInbound({ from: { id: from, name: `Customer ${from}` }, ...extra }));
  while ((await processJournalBatch(t.app)) > 0);
  const list = await (await t.req('GET', '/api/v1/conversations?limit=100', { token: w.token })).json();
  return list.conversations.find((c: { contact: { name: string } }) => c.contact.name === `Customer ${from}`) as { id: string };
}

async function createRole(name: string, permissions: string[], ws = w) {
  const res = await t.req('POST', '/api/v1/roles', { token: ws.token, body: { name, permissions } });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

/** A member of `w` whose workspace role is the custom role given. */
async function memberWithRole(roleId: string, name = 'Cora Custom') {
  const m = await buildMember(t, w.workspaceId, 'viewer', name);
  const res = await t.req('PATCH', `/api/v1/members/${m.userId}`, { token: w.token, body: { roleId } });
  expect(res.status).toBe(200);
  return m;
}

const as = (token: string) => ({
  get: (url: string) => t.req('GET', url, { token }),
  post: (url: string, body: unknown = {}) => t.req('POST', url, { token, body }),
  put: (url: string, body: unknown = {}) => t.req('PUT', url, { token, body }),
});

async function expectForbidden(res: Response, permission: string) {
  expect(res.status).toBe(403);
  const { error } = await res.json();
  expect(error.code).toBe('forbidden');
  expect(error.message).toContain(permission);
}

describe(`permissions (${testDialect})`, () => {
  it('a custom role with only conversations.view and conversations.note reads and notes, and gets 403 on the rest', async () => {
    const role = await createRole('Note taker', ['conversations.view', 'conversations.note']);
    const m = await memberWithRole(role.id);
    const conv = await conversationFor('perm-note');
    const me = as(m.token);

    expect((await me.get('/api/v1/conversations')).status).toBe(200);
    expect((await me.get(`/api/v1/conversations/${conv.id}`)).status).toBe(200);
    expect((await me.get('/api/v1/contacts')).status).toBe(200);
    expect((await me.post(`/api/v1/conversations/${conv.id}/notes`, { text: 'Looked into it' })).status).toBe(201);

    await expectForbidden(await me.post(`/api/v1/conversations/${conv.id}/replies`, { text: 'Hi' }), 'conversations.reply_');
    await expectForbidden(await me.post(`/api/v1/conversations/${conv.id}/assign`, { assigneeId: m.userId }), 'conversations.assign');
    await expectForbidden(await me.post(`/api/v1/conversations/${conv.id}/status`, { status: 'resolved' }), 'conversations.triage');
    await expectForbidden(await me.post('/api/v1/conversations/bulk', { ids: [conv.id], status: 'resolved' }), 'conversations.');
    await expectForbidden(await me.put('/api/v1/business-hours', { timeZone: 'UTC', days: { mon: [{ start: '09:00', end: '17:00' }] } }), 'settings.manage');
    await expectForbidden(await me.post('/api/v1/channels', { type: 'api', name: 'Mine', settings: {} }), 'channels.manage');
    await expectForbidden(await me.post('/api/v1/roles', { name: 'Mine', permissions: [] }), 'members.manage');
    await expectForbidden(await me.get('/api/v1/audit'), 'audit.view');
    await expectForbidden(await me.get('/api/v1/metrics?from=2026-01-01&to=2026-01-02'), 'reports.view');

    const who = await (await me.get('/api/v1/auth/me')).json();
    expect(who).toMatchObject({ role: 'custom', roleId: role.id, roleName: 'Note taker', teamPermissions: {} });
    expect(who.permissions).toEqual(['conversations.view', 'conversations.note']);
  });

  it('without conversations.view the queue and contacts are closed', async () => {
    const role = await createRole('Reports only', ['reports.view']);
    const m = await memberWithRole(role.id);
    const me = as(m.token);
    await expectForbidden(await me.get('/api/v1/conversations'), 'conversations.view');
    await expectForbidden(await me.get('/api/v1/contacts'), 'conversations.view');
    await expectForbidden(await me.get('/api/v1/search?q=order'), 'conversations.view');
    expect((await me.get('/api/v1/metrics?from=2026-01-01&to=2026-01-02')).status).toBe(200);
  });

  it('reply_private without reply_public: private replies go, public ones and the public note of a move do not', async () => {
    const role = await createRole('Private only', ['conversations.view', 'conversations.reply_private']);
    const m = await memberWithRole(role.id);
    const me = as(m.token);
    const dm = await conversationFor('perm-dm');
    expect((await me.post(`/api/v1/conversations/${dm.id}/replies`, { text: 'Sent privately' })).status).toBe(201);
    const comment = await conversationFor('perm-comment', { conversation: { kind: 'comment', item_id: 'post-perm' } });
    await expectForbidden(await me.post(`/api/v1/conversations/${comment.id}/replies`, { text: 'In public' }), 'conversations.reply_public');
    await expectForbidden(
      await me.post(`/api/v1/conversations/${comment.id}/replies`, { text: 'Moving', visibility: 'private', publicNote: 'We wrote to you' }),
      'conversations.reply_public',
    );
    const moved = await me.post(`/api/v1/conversations/${comment.id}/replies`, { text: 'Moving', visibility: 'private' });
    expect(moved.status).toBe(201);
    expect((await moved.json()).privateConversationId).toBeTruthy();
  });

  it("a team role grants its conversation permissions on that team's conversations only, and only while in the team", async () => {
    const responder = await createRole('Responder', ['conversations.view', 'conversations.reply_private', 'conversations.note']);
    // settings.manage in a team role is ignored: a team role adds conversation permissions only.
    const lead = await createRole('Team lead', ['conversations.assign', 'conversations.triage', 'settings.manage']);
    const m = await memberWithRole(responder.id, 'Lena Lead');
    const billing = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Billing' } })).json();
    const shipping = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Shipping' } })).json();
    expect((await t.req('POST', `/api/v1/teams/${billing.id}/members`, { token: w.token, body: { userId: m.userId } })).status).toBe(200);
    const set = await t.req('PATCH', `/api/v1/teams/${billing.id}/members/${m.userId}`, { token: w.token, body: { roleId: lead.id } });
    expect(set.status).toBe(200);
    expect((await set.json()).roles).toEqual([{ userId: m.userId, role: 'custom', roleId: lead.id, roleName: 'Team lead' }]);

    const inBilling = await conversationFor('perm-billing');
    const inShipping = await conversationFor('perm-shipping');
    const noTeam = await conversationFor('perm-none');
    expect((await t.req('POST', `/api/v1/conversations/${inBilling.id}/assign`, { token: w.token, body: { teamId: billing.id } })).status).toBe(200);
    expect((await t.req('POST', `/api/v1/conversations/${inShipping.id}/assign`, { token: w.token, body: { teamId: shipping.id } })).status).toBe(200);

    const me = as(m.token);
    const who = await (await me.get('/api/v1/auth/me')).json();
    expect(who.teamPermissions).toEqual({ [billing.id]: ['conversations.triage', 'conversations.assign'] });

    expect((await me.post(`/api/v1/conversations/${inBilling.id}/assign`, { assigneeId: m.userId })).status).toBe(200);
    expect((await me.post(`/api/v1/conversations/${inBilling.id}/status`, { status: 'pending' })).status).toBe(200);
    await expectForbidden(await me.post(`/api/v1/conversations/${inShipping.id}/assign`, { assigneeId: m.userId }), 'conversations.assign');
    await expectForbidden(await me.post(`/api/v1/conversations/${noTeam.id}/assign`, { assigneeId: m.userId }), 'conversations.assign');
    await expectForbidden(await me.post(`/api/v1/conversations/${inShipping.id}/tags`, { add: ['x'] }), 'conversations.triage');
    // Bulk: every listed conversation must allow it.
    await expectForbidden(await me.post('/api/v1/conversations/bulk', { ids: [inBilling.id, inShipping.id], assigneeId: null }), 'conversations.assign');
    expect((await me.post('/api/v1/conversations/bulk', { ids: [inBilling.id], assigneeId: null })).status).toBe(200);
    // Workspace-wide permissions are not widened by the team role.
    await expectForbidden(await me.put('/api/v1/business-hours', { timeZone: 'UTC', days: { mon: [{ start: '09:00', end: '17:00' }] } }), 'settings.manage');

    // Out of the team, the team role goes with the place.
    expect((await t.req('DELETE', `/api/v1/teams/${billing.id}/members/${m.userId}`, { token: w.token })).status).toBe(204);
    await expectForbidden(await me.post(`/api/v1/conversations/${inBilling.id}/assign`, { assigneeId: null }), 'conversations.assign');
    expect(await t.app.store.db.selectFrom('team_roles').selectAll().where('user_id', '=', m.userId).execute()).toEqual([]);
  });

  it('a viewer in the workspace who is an agent in a team can be assigned that team’s conversations, not others', async () => {
    const v = await buildMember(t, w.workspaceId, 'viewer', 'Vic Viewer');
    const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Returns' } })).json();
    await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: w.token, body: { userId: v.userId } });
    expect((await t.req('PATCH', `/api/v1/teams/${team.id}/members/${v.userId}`, { token: w.token, body: { role: 'agent' } })).status).toBe(200);
    const conv = await conversationFor('perm-returns');
    const elsewhere = await conversationFor('perm-elsewhere');
    expect((await t.req('POST', `/api/v1/conversations/${conv.id}/assign`, { token: w.token, body: { teamId: team.id, assigneeId: v.userId } })).status).toBe(
      200,
    );
    const refused = await t.req('POST', `/api/v1/conversations/${elsewhere.id}/assign`, { token: w.token, body: { assigneeId: v.userId } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.fields[0].field).toBe('assigneeId');
    // and the viewer may reply there now, but still not elsewhere
    expect((await as(v.token).post(`/api/v1/conversations/${conv.id}/replies`, { text: 'On it' })).status).toBe(201);
    await expectForbidden(await as(v.token).post(`/api/v1/conversations/${elsewhere.id}/replies`, { text: 'On it' }), 'conversations.reply_private');
  });

  it('the built-in roles keep exactly what they allowed', async () => {
    const conv = await conversationFor('perm-builtin');
    const cases: Array<[string, (tok: string) => Promise<Response>]> = [
      ['read the queue', (tok) => as(tok).get('/api/v1/conversations')],
      ['read reports', (tok) => as(tok).get('/api/v1/metrics?from=2026-01-01&to=2026-01-02')],
      ['note', (tok) => as(tok).post(`/api/v1/conversations/${conv.id}/notes`, { text: 'n' })],
      ['tag', (tok) => as(tok).post(`/api/v1/conversations/${conv.id}/tags`, { add: ['vip'] })],
      ['listening query', (tok) => as(tok).post('/api/v1/listening/queries', { name: `q-${Math.random()}`, query: 'acme', kind: 'brand' })],
      ['set hours', (tok) => as(tok).put('/api/v1/business-hours', { timeZone: 'UTC', days: { mon: [{ start: '09:00', end: '17:00' }] } })],
      ['read audit', (tok) => as(tok).get('/api/v1/audit')],
      ['create a role', (tok) => as(tok).post('/api/v1/roles', { name: `r-${Math.random()}`, permissions: ['conversations.view'] })],
    ];
    const allowed: Record<string, string[]> = {
      viewer: ['read the queue', 'read reports'],
      agent: ['read the queue', 'read reports', 'note', 'tag', 'listening query'],
      admin: cases.map(([n]) => n),
    };
    for (const role of ['viewer', 'agent', 'admin'] as const) {
      const m = await buildMember(t, w.workspaceId, role);
      const who = await (await as(m.token).get('/api/v1/auth/me')).json();
      expect([role, [...who.permissions].sort()]).toEqual([role, [...BUILT_IN_PERMISSIONS[role]].sort()]);
      for (const [name, call] of cases) {
        const status = (await call(m.token)).status;
        expect([role, name, status < 300]).toEqual([role, name, allowed[role]!.includes(name)]);
        if (status >= 300) expect([role, name, status]).toEqual([role, name, 403]);
      }
    }
  });

  it("another workspace's role cannot be given: 400 on roleId, for a member and in a team", async () => {
    const theirs = await createRole('Their role', ['conversations.view'], other);
    const m = await buildMember(t, w.workspaceId, 'agent');
    const res = await t.req('PATCH', `/api/v1/members/${m.userId}`, { token: w.token, body: { roleId: theirs.id } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].field).toBe('roleId');
    const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Cross' } })).json();
    await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: w.token, body: { userId: m.userId } });
    const inTeam = await t.req('PATCH', `/api/v1/teams/${team.id}/members/${m.userId}`, { token: w.token, body: { roleId: theirs.id } });
    expect(inTeam.status).toBe(400);
    expect((await inTeam.json()).error.fields[0].field).toBe('roleId');
    expect((await t.req('PATCH', `/api/v1/roles/${theirs.id}`, { token: w.token, body: { name: 'Stolen' } })).status).toBe(404);
    expect((await t.req('DELETE', `/api/v1/roles/${theirs.id}`, { token: w.token })).status).toBe(404);
    const mine = await (await t.req('GET', '/api/v1/roles', { token: w.token })).json();
    expect(mine.roles.some((r: { id: string }) => r.id === theirs.id)).toBe(false);
    const member = await (await t.req('GET', '/api/v1/members', { token: w.token })).json();
    expect(member.members.find((x: { id: string }) => x.id === m.userId)).toMatchObject({ role: 'agent', roleId: null });
  });
});
