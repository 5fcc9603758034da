import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditReactor } from '../../audit/audit-reactor.js';
import { runReactors } from '../../events/reactors.js';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';

let t: TestApp;
let w: TestWorkspace;

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const create = (body: unknown, token = w.token) => t.req('POST', '/api/v1/roles', { token, body });

describe(`custom roles API (${testDialect})`, () => {
  it('creates, lists, changes and deletes a role; the catalog lists every permission and the built-in roles', async () => {
    const res = await create({
      name: '  Night shift ',
      description: 'Replies in private only',
      permissions: ['conversations.reply_private', 'conversations.view'],
    });
    expect(res.status).toBe(201);
    const role = await res.json();
    // stored in catalog order, trimmed
    expect(role).toMatchObject({
      name: 'Night shift',
      description: 'Replies in private only',
      permissions: ['conversations.view', 'conversations.reply_private'],
      members: 0,
      teamPlaces: 0,
    });
    const catalog = await (await t.req('GET', '/api/v1/roles', { token: w.token })).json();
    expect(catalog.roles.map((r: { id: string }) => r.id)).toContain(role.id);
    expect(catalog.permissions.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['conversations.view', 'members.manage', 'audit.view']));
    expect(catalog.permissions.every((p: { doc: string }) => p.doc.length > 10)).toBe(true);
    expect(catalog.builtIn.find((b: { role: string }) => b.role === 'viewer').permissions).toEqual(['conversations.view', 'reports.view']);

    const patched = await t.req('PATCH', `/api/v1/roles/${role.id}`, { token: w.token, body: { permissions: ['conversations.view'] } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: 'Night shift', permissions: ['conversations.view'] });
    expect((await t.req('DELETE', `/api/v1/roles/${role.id}`, { token: w.token })).status).toBe(204);
    expect((await t.req('DELETE', `/api/v1/roles/${role.id}`, { token: w.token })).status).toBe(404);
  });

  it('rejects bad input field by field; a taken or built-in name is refused', async () => {
    const bad = await create({ name: '', permissions: ['conversations.view', 'conversations.fly'] });
    expect(bad.status).toBe(400);
    const fields = (await bad.json()).error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'permissions.1']));
    const builtIn = await create({ name: 'Admin', permissions: [] });
    expect(builtIn.status).toBe(400);
    expect((await builtIn.json()).error.fields[0].field).toBe('name');
    expect((await create({ name: 'Twice', permissions: [] })).status).toBe(201);
    const dup = await create({ name: 'Twice', permissions: [] });
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.code).toBe('conflict');
    const member = await buildMember(t, w.workspaceId, 'agent');
    const neither = await t.req('PATCH', `/api/v1/members/${member.userId}`, { token: w.token, body: {} });
    expect(neither.status).toBe(400);
    expect((await neither.json()).error.fields[0].field).toBe('role');
  });

  it('a role in use cannot be deleted (409 role_in_use) until nobody has it', async () => {
    const role = await (await create({ name: 'In use', permissions: ['conversations.view'] })).json();
    const m = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('PATCH', `/api/v1/members/${m.userId}`, { token: w.token, body: { roleId: role.id } })).status).toBe(200);
    const busy = await t.req('DELETE', `/api/v1/roles/${role.id}`, { token: w.token });
    expect(busy.status).toBe(409);
    expect((await busy.json()).error).toMatchObject({ code: 'role_in_use', message: expect.stringContaining('1 member(s)') });

    // A team place counts as much as a workspace role.
    expect((await t.req('PATCH', `/api/v1/members/${m.userId}`, { token: w.token, body: { role: 'agent' } })).status).toBe(200);
    const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Role team' } })).json();
    await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: w.token, body: { userId: m.userId } });
    expect((await t.req('PATCH', `/api/v1/teams/${team.id}/members/${m.userId}`, { token: w.token, body: { roleId: role.id } })).status).toBe(200);
    const stillBusy = await t.req('DELETE', `/api/v1/roles/${role.id}`, { token: w.token });
    expect((await stillBusy.json()).error.code).toBe('role_in_use');

    expect((await t.req('PATCH', `/api/v1/teams/${team.id}/members/${m.userId}`, { token: w.token, body: { role: null } })).status).toBe(200);
    expect((await t.req('DELETE', `/api/v1/roles/${role.id}`, { token: w.token })).status).toBe(204);
  });

  it('shows custom and team roles in the member list; changes apply on the next request', async () => {
    const role = await (await create({ name: 'Grows', permissions: ['conversations.view'] })).json();
    const m = await buildMember(t, w.workspaceId, 'agent', 'Gina Grows');
    await t.req('PATCH', `/api/v1/members/${m.userId}`, { token: w.token, body: { roleId: role.id } });
    const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Leads' } })).json();
    await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: w.token, body: { userId: m.userId } });
    await t.req('PATCH', `/api/v1/teams/${team.id}/members/${m.userId}`, { token: w.token, body: { role: 'agent' } });
    const list = await (await t.req('GET', '/api/v1/members', { token: w.token })).json();
    expect(list.members.find((x: { id: string }) => x.id === m.userId)).toMatchObject({
      role: 'custom',
      roleId: role.id,
      roleName: 'Grows',
      teamRoles: [{ teamId: team.id, role: 'agent', roleId: null, roleName: null }],
    });
    expect((await t.req('GET', '/api/v1/audit', { token: m.token })).status).toBe(403);
    await t.req('PATCH', `/api/v1/roles/${role.id}`, { token: w.token, body: { permissions: ['conversations.view', 'audit.view'] } });
    expect((await t.req('GET', '/api/v1/audit', { token: m.token })).status).toBe(200);
    const owner = await t.req('PATCH', `/api/v1/teams/${team.id}/members/${m.userId}`, { token: w.token, body: { role: 'owner' } });
    expect(owner.status).toBe(400);
  });

  it('nobody grants what they do not hold: a members.manage role cannot hand out more', async () => {
    const people = await (await create({ name: 'People', permissions: ['conversations.view', 'members.manage'] })).json();
    const hr = await buildMember(t, w.workspaceId, 'agent', 'Hana HR');
    await t.req('PATCH', `/api/v1/members/${hr.userId}`, { token: w.token, body: { roleId: people.id } });
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    const admin = await buildMember(t, w.workspaceId, 'admin');

    const reader = await create({ name: 'Reader', permissions: ['conversations.view'] }, hr.token);
    expect(reader.status).toBe(201);
    const readerId = (await reader.json()).id;
    const wider = await create({ name: 'Wider', permissions: ['settings.manage'] }, hr.token);
    expect(wider.status).toBe(403);
    expect((await wider.json()).error.message).toContain('settings.manage');
    expect((await t.req('PATCH', `/api/v1/members/${viewer.userId}`, { token: hr.token, body: { role: 'admin' } })).status).toBe(403);
    expect((await t.req('PATCH', `/api/v1/members/${admin.userId}`, { token: hr.token, body: { role: 'viewer' } })).status).toBe(403);
    expect((await t.req('DELETE', `/api/v1/members/${admin.userId}`, { token: hr.token })).status).toBe(403);
    expect((await t.req('PATCH', `/api/v1/roles/${people.id}`, { token: hr.token, body: { permissions: ['members.manage', 'audit.view'] } })).status).toBe(403);
    // a viewer reads reports, which People does not: HR cannot change their role either
    expect((await t.req('PATCH', `/api/v1/members/${viewer.userId}`, { token: hr.token, body: { roleId: readerId } })).status).toBe(403);
    // within their own permissions it works
    await t.req('PATCH', `/api/v1/members/${viewer.userId}`, { token: w.token, body: { roleId: readerId } });
    expect((await t.req('PATCH', `/api/v1/members/${viewer.userId}`, { token: hr.token, body: { roleId: people.id } })).status).toBe(200);
  });

  it('records role changes in the audit log', async () => {
    const role = await (await create({ name: 'Audited', permissions: ['conversations.view'] })).json();
    await t.req('PATCH', `/api/v1/roles/${role.id}`, { token: w.token, body: { description: 'seen' } });
    const m = await buildMember(t, w.workspaceId, 'agent');
    await t.req('PATCH', `/api/v1/members/${m.userId}`, { token: w.token, body: { roleId: role.id } });
    const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Audit team' } })).json();
    await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: w.token, body: { userId: m.userId } });
    await t.req('PATCH', `/api/v1/teams/${team.id}/members/${m.userId}`, { token: w.token, body: { role: 'agent' } });
    await t.req('PATCH', `/api/v1/members/${m.userId}`, { token: w.token, body: { role: 'agent' } });
    await t.req('DELETE', `/api/v1/roles/${role.id}`, { token: w.token });
    await runReactors(t.app, [auditReactor]);
    const items = (await (await t.req('GET', '/api/v1/audit?limit=200', { token: w.token })).json()).items as Array<Record<string, any>>;
    const find = (action: string, pred: (d: any) => boolean = () => true) => items.find((i) => i.action === action && pred(i.data));
    expect(find('role.created', (d) => d.roleId === role.id)).toMatchObject({ targetType: 'role', targetId: role.id, data: { name: 'Audited' } });
    expect(find('role.updated', (d) => d.roleId === role.id)).toBeTruthy();
    expect(find('role.deleted', (d) => d.roleId === role.id)).toBeTruthy();
    expect(find('member.role_changed', (d) => d.toRoleId === role.id)).toMatchObject({ targetId: m.userId, data: { from: 'agent', to: 'custom' } });
    expect(find('member.role_changed', (d) => d.fromRoleId === role.id)).toMatchObject({ data: { to: 'agent', toRoleId: null } });
    expect(find('team.member_role_changed', (d) => d.userId === m.userId)).toMatchObject({ targetId: team.id, data: { role: 'agent', roleId: null } });
  });
});
