import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, signIn } from '../auth/testing.js';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const events = async (type: string) =>
  t.app.store.db.selectFrom('events').selectAll().where('workspace_id', '=', w.workspaceId).where('type', '=', type).execute();
let n = 0;
const email = () => `person-${++n}-${Date.now()}@example.com`;

describe(`members (${testDialect})`, () => {
  it('adds a new person with a generated password shown once, who can then sign in', async () => {
    const e = email();
    const res = await t.req('POST', '/api/v1/members', { token: w.token, body: { email: e.toUpperCase(), name: 'Ada Agent', role: 'agent' } });
    expect(res.status).toBe(201);
    const m = await res.json();
    expect(m).toMatchObject({ email: e, name: 'Ada Agent', role: 'agent', teams: [], newUser: true });
    expect(m.generatedPassword.length).toBeGreaterThanOrEqual(16);
    const row = await t.app.store.db.selectFrom('users').select('password_hash').where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    const s = await signIn(t, e, m.generatedPassword);
    expect(s.body).toMatchObject({ role: 'agent', workspace: { id: w.workspaceId } });
    expect((await events('member.added')).some((ev) => JSON.parse(ev.data).userId === m.id)).toBe(true);

    // A generated password must be replaced before anything else (issue 20).
    const owed = await t.req('GET', '/api/v1/members', { headers: browser(s.cookie) });
    expect(owed.status).toBe(403);
    expect((await owed.json()).error.code).toBe('password_change_required');
    const changed = await t.req('POST', '/api/v1/auth/password', {
      headers: browser(s.cookie, s.csrf),
      body: { currentPassword: m.generatedPassword, newPassword: 'ada chose this one' },
    });
    expect(changed.status).toBe(200);
    const list = await (await t.req('GET', '/api/v1/members', { headers: browser(s.cookie) })).json();
    expect(list.members.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([w.ownerId, m.id]));
    expect(list.members.find((x: { id: string }) => x.id === m.id)).toMatchObject({ email: e, role: 'agent', teams: [] });
  });

  it('an existing account is invited, not added (its password untouched); a member already here is 409', async () => {
    const other = await buildWorkspace(t, { name: 'Elsewhere' });
    const e = email();
    const first = await (
      await t.req('POST', '/api/v1/members', { token: other.token, body: { email: e, name: 'Bo', role: 'agent', password: 'original password' } })
    ).json();
    expect(first.generatedPassword).toBeUndefined();
    const res = await t.req('POST', '/api/v1/members', {
      token: w.token,
      body: { email: e, name: 'Someone else', role: 'viewer', password: 'hijack attempt 123' },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ invited: true, invitation: { user: { id: first.id, name: 'Bo' }, role: 'viewer' } });
    expect((await signIn(t, e, 'hijack attempt 123')).res.status).toBe(401);
    expect((await signIn(t, e, 'original password', w.workspaceId)).res.status).toBe(404);
    const again = await t.req('POST', '/api/v1/members', { token: other.token, body: { email: e, name: 'Bo', role: 'agent' } });
    expect(again.status).toBe(409);
  });

  it('rejects bad input field by field', async () => {
    const res = await t.req('POST', '/api/v1/members', { token: w.token, body: { email: 'nope', name: '', role: 'boss', password: 'short' } });
    expect(res.status).toBe(400);
    const fields = (await res.json()).error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'name', 'role', 'password']));
    const patch = await t.req('PATCH', `/api/v1/members/${w.ownerId}`, { token: w.token, body: { role: 'superuser' } });
    expect(patch.status).toBe(400);
    expect((await patch.json()).error.fields[0].field).toBe('role');
  });

  it('viewers and agents cannot manage members; admins cannot touch owners', async () => {
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const admin = await buildMember(t, w.workspaceId, 'admin');
    const body = { email: email(), name: 'X', role: 'agent' };
    expect((await t.req('GET', '/api/v1/members', { token: viewer.token })).status).toBe(200);
    expect((await t.req('POST', '/api/v1/members', { token: viewer.token, body })).status).toBe(403);
    expect((await t.req('POST', '/api/v1/members', { token: agent.token, body })).status).toBe(403);
    expect((await t.req('PATCH', `/api/v1/members/${viewer.userId}`, { token: agent.token, body: { role: 'admin' } })).status).toBe(403);
    expect((await t.req('DELETE', `/api/v1/members/${viewer.userId}`, { token: agent.token })).status).toBe(403);
    expect((await t.req('POST', '/api/v1/members', { token: admin.token, body: { ...body, role: 'owner' } })).status).toBe(403);
    expect((await t.req('PATCH', `/api/v1/members/${agent.userId}`, { token: admin.token, body: { role: 'owner' } })).status).toBe(403);
    expect((await t.req('PATCH', `/api/v1/members/${w.ownerId}`, { token: admin.token, body: { role: 'agent' } })).status).toBe(403);
    expect((await t.req('DELETE', `/api/v1/members/${w.ownerId}`, { token: admin.token })).status).toBe(403);
    const ok = await t.req('POST', '/api/v1/members', { token: admin.token, body });
    expect(ok.status).toBe(201);
  });

  it('changes roles (effective at once) and records the change', async () => {
    const m = await buildMember(t, w.workspaceId, 'viewer');
    expect((await t.req('POST', '/api/v1/teams', { token: m.token, body: { name: 'Promoted' } })).status).toBe(403);
    const res = await t.req('PATCH', `/api/v1/members/${m.userId}`, { token: w.token, body: { role: 'admin' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: m.userId, role: 'admin' });
    expect((await t.req('POST', '/api/v1/teams', { token: m.token, body: { name: 'Promoted' } })).status).toBe(201);
    const ev = (await events('member.role_changed')).map((e) => JSON.parse(e.data));
    expect(ev).toContainEqual({ userId: m.userId, from: 'viewer', to: 'admin' });
  });

  it('keeps the last owner: demoting or removing them is 409; with two owners it works', async () => {
    const demote = await t.req('PATCH', `/api/v1/members/${w.ownerId}`, { token: w.token, body: { role: 'admin' } });
    expect(demote.status).toBe(409);
    expect((await demote.json()).error.code).toBe('conflict');
    expect((await t.req('DELETE', `/api/v1/members/${w.ownerId}`, { token: w.token })).status).toBe(409);

    const second = await buildMember(t, w.workspaceId, 'admin');
    expect((await t.req('PATCH', `/api/v1/members/${second.userId}`, { token: w.token, body: { role: 'owner' } })).status).toBe(200);
    expect((await t.req('PATCH', `/api/v1/members/${second.userId}`, { token: second.token, body: { role: 'agent' } })).status).toBe(200);
    expect((await t.req('PATCH', `/api/v1/members/${second.userId}`, { token: w.token, body: { role: 'owner' } })).status).toBe(200);
    expect((await t.req('DELETE', `/api/v1/members/${second.userId}`, { token: w.token })).status).toBe(204);
  });

  it('removes a member: their sessions, tokens and team places here end', async () => {
    const m = await buildMember(t, w.workspaceId, 'agent');
    const s = await signIn(t, m.email, m.password);
    const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: `Leavers ${n++}` } })).json();
    expect((await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: w.token, body: { userId: m.userId } })).status).toBe(200);

    const res = await t.req('DELETE', `/api/v1/members/${m.userId}`, { token: w.token });
    expect(res.status).toBe(204);
    expect((await t.req('GET', '/api/v1/members', { token: m.token })).status).toBe(401);
    expect((await t.req('GET', '/api/v1/members', { headers: browser(s.cookie) })).status).toBe(401);
    const db = t.app.store.db;
    expect(await db.selectFrom('sessions').selectAll().where('user_id', '=', m.userId).execute()).toEqual([]);
    expect(await db.selectFrom('api_tokens').selectAll().where('user_id', '=', m.userId).execute()).toEqual([]);
    expect(await db.selectFrom('team_members').selectAll().where('user_id', '=', m.userId).execute()).toEqual([]);
    expect((await events('member.removed')).map((e) => JSON.parse(e.data))).toContainEqual({ userId: m.userId, role: 'agent' });
    expect((await t.req('DELETE', `/api/v1/members/${m.userId}`, { token: w.token })).status).toBe(404);
  });

  it("another workspace's member answers 404 and is left alone", async () => {
    const other = await buildWorkspace(t, { name: 'Other' });
    const theirs = await buildMember(t, other.workspaceId, 'agent');
    expect((await t.req('PATCH', `/api/v1/members/${theirs.userId}`, { token: w.token, body: { role: 'viewer' } })).status).toBe(404);
    expect((await t.req('DELETE', `/api/v1/members/${theirs.userId}`, { token: w.token })).status).toBe(404);
    expect((await t.req('PATCH', `/api/v1/members/${other.ownerId}`, { token: w.token, body: { role: 'viewer' } })).status).toBe(404);
    const list = await (await t.req('GET', '/api/v1/members', { token: w.token })).json();
    expect(list.members.some((x: { id: string }) => x.id === theirs.userId || x.id === other.ownerId)).toBe(false);
    expect((await t.req('GET', '/api/v1/auth/me', { token: theirs.token })).status).toBe(200);
  });
});
