import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const create = (name: string, token = w.token) => t.req('POST', '/api/v1/teams', { token, body: { name } });

describe(`teams (${testDialect})`, () => {
  it('creates, lists, renames and deletes a team', async () => {
    const res = await create('  Billing  ');
    expect(res.status).toBe(201);
    const team = await res.json();
    expect(team).toMatchObject({ name: 'Billing', members: [] });
    const list = await (await t.req('GET', '/api/v1/teams', { token: w.token })).json();
    expect(list.teams.map((x: { name: string }) => x.name)).toContain('Billing');

    const renamed = await t.req('PATCH', `/api/v1/teams/${team.id}`, { token: w.token, body: { name: 'Payments' } });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ id: team.id, name: 'Payments' });

    expect((await t.req('DELETE', `/api/v1/teams/${team.id}`, { token: w.token })).status).toBe(204);
    const after = await (await t.req('GET', '/api/v1/teams', { token: w.token })).json();
    expect(after.teams.some((x: { id: string }) => x.id === team.id)).toBe(false);
    const types = (await t.app.store.db.selectFrom('events').select('type').where('workspace_id', '=', w.workspaceId).execute()).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['team.created', 'team.updated', 'team.deleted']));
  });

  it('a duplicate name is 409, on create and on rename', async () => {
    expect((await create('Social')).status).toBe(201);
    const dup = await create('Social');
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.code).toBe('conflict');
    const other = await (await create('Email')).json();
    expect((await t.req('PATCH', `/api/v1/teams/${other.id}`, { token: w.token, body: { name: 'Social' } })).status).toBe(409);
  });

  it('rejects bad input field by field', async () => {
    const res = await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: '' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].field).toBe('name');
    const team = await (await create('Validation')).json();
    const bad = await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: w.token, body: { userId: 42 } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('userId');
  });

  it('adds and removes team members, visible in both team and member lists', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent', 'Ana Agent');
    const team = await (await create('Tier 1')).json();
    const add = await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: w.token, body: { userId: agent.userId } });
    expect(add.status).toBe(200);
    expect((await add.json()).members).toEqual([{ id: agent.userId, name: 'Ana Agent', email: agent.email }]);
    // Adding twice is harmless.
    expect((await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: w.token, body: { userId: agent.userId } })).status).toBe(200);
    const members = await (await t.req('GET', '/api/v1/members', { token: agent.token })).json();
    expect(members.members.find((m: { id: string }) => m.id === agent.userId).teams).toEqual([{ id: team.id, name: 'Tier 1' }]);

    expect((await t.req('DELETE', `/api/v1/teams/${team.id}/members/${agent.userId}`, { token: w.token })).status).toBe(204);
    expect((await t.req('DELETE', `/api/v1/teams/${team.id}/members/${agent.userId}`, { token: w.token })).status).toBe(404);
    const list = await (await t.req('GET', '/api/v1/teams', { token: w.token })).json();
    expect(list.teams.find((x: { id: string }) => x.id === team.id).members).toEqual([]);
  });

  it('any role lists; only admins and owners change', async () => {
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const team = await (await create('Locked')).json();
    expect((await t.req('GET', '/api/v1/teams', { token: viewer.token })).status).toBe(200);
    expect((await create('Nope', viewer.token)).status).toBe(403);
    expect((await create('Nope', agent.token)).status).toBe(403);
    expect((await t.req('PATCH', `/api/v1/teams/${team.id}`, { token: agent.token, body: { name: 'Mine' } })).status).toBe(403);
    expect((await t.req('DELETE', `/api/v1/teams/${team.id}`, { token: agent.token })).status).toBe(403);
    expect((await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: agent.token, body: { userId: agent.userId } })).status).toBe(403);
    const admin = await buildMember(t, w.workspaceId, 'admin');
    expect((await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: admin.token, body: { userId: agent.userId } })).status).toBe(200);
  });

  it("another workspace's team or user answers 404", async () => {
    const other = await buildWorkspace(t, { name: 'Other' });
    const theirTeam = await (await create('Theirs', other.token)).json();
    const theirUser = await buildMember(t, other.workspaceId, 'agent');
    const mine = await (await create('Ours')).json();
    expect((await t.req('PATCH', `/api/v1/teams/${theirTeam.id}`, { token: w.token, body: { name: 'Stolen' } })).status).toBe(404);
    expect((await t.req('DELETE', `/api/v1/teams/${theirTeam.id}`, { token: w.token })).status).toBe(404);
    expect((await t.req('POST', `/api/v1/teams/${theirTeam.id}/members`, { token: w.token, body: { userId: w.ownerId } })).status).toBe(404);
    expect((await t.req('POST', `/api/v1/teams/${mine.id}/members`, { token: w.token, body: { userId: theirUser.userId } })).status).toBe(404);
    expect((await t.req('DELETE', `/api/v1/teams/${theirTeam.id}/members/${other.ownerId}`, { token: w.token })).status).toBe(404);
    const list = await (await t.req('GET', '/api/v1/teams', { token: w.token })).json();
    expect(list.teams.some((x: { id: string }) => x.id === theirTeam.id)).toBe(false);
    const still = await (await t.req('GET', '/api/v1/teams', { token: other.token })).json();
    expect(still.teams.find((x: { id: string }) => x.id === theirTeam.id).name).toBe('Theirs');
  });
});
