import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

describe(`API tokens (${testDialect})`, () => {
  it('creates a token shown once, stores only its hash, and lists it without the secret', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const res = await t.req('POST', '/api/v1/tokens', { token: agent.token, body: { name: 'CI bot' } });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.token).toMatch(/^hk_/);
    expect(created).toMatchObject({ name: 'CI bot', prefix: created.token.slice(0, 7), lastUsedAt: null });

    const rows = await t.app.store.db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', w.workspaceId).execute();
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toBe(created.token);
    expect(JSON.stringify(rows)).not.toContain(created.token);

    const me = await t.req('GET', '/api/v1/auth/me', { token: created.token });
    expect((await me.json()).user.id).toBe(agent.userId);
    const list = await (await t.req('GET', '/api/v1/tokens', { token: created.token })).json();
    const listed = list.tokens.find((x: { id: string }) => x.id === created.id);
    expect(listed).toMatchObject({ id: created.id, name: 'CI bot', prefix: created.prefix });
    expect(listed.lastUsedAt).toBeGreaterThan(0);
    expect(JSON.stringify(list)).not.toContain(created.token);
    // Only one's own tokens are listed.
    expect(list.tokens.every((x: { id: string }) => rows.find((r) => r.id === x.id)!.user_id === agent.userId)).toBe(true);
  });

  it('rejects a bad name field by field', async () => {
    const res = await t.req('POST', '/api/v1/tokens', { token: w.token, body: { name: '   ' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].field).toBe('name');
  });

  it('a revoked token answers 401', async () => {
    const created = await (await t.req('POST', '/api/v1/tokens', { token: w.token, body: { name: 'short-lived' } })).json();
    expect((await t.req('GET', '/api/v1/tokens', { token: created.token })).status).toBe(200);
    const del = await t.req('DELETE', `/api/v1/tokens/${created.id}`, { token: w.token });
    expect(del.status).toBe(200);
    expect((await del.json()).revokedAt).toBeGreaterThan(0);
    const after = await t.req('GET', '/api/v1/tokens', { token: created.token });
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('unauthenticated');
    const list = await (await t.req('GET', '/api/v1/tokens', { token: w.token })).json();
    expect(list.tokens.some((x: { id: string }) => x.id === created.id)).toBe(false);
  });

  it("agents revoke only their own tokens; admins anyone's in the workspace", async () => {
    const a = await buildMember(t, w.workspaceId, 'agent');
    const b = await buildMember(t, w.workspaceId, 'agent');
    const admin = await buildMember(t, w.workspaceId, 'admin');
    const bTok = await (await t.req('POST', '/api/v1/tokens', { token: b.token, body: { name: 'b' } })).json();
    expect((await t.req('DELETE', `/api/v1/tokens/${bTok.id}`, { token: a.token })).status).toBe(404);
    expect((await t.req('GET', '/api/v1/auth/me', { token: bTok.token })).status).toBe(200);
    expect((await t.req('DELETE', `/api/v1/tokens/${bTok.id}`, { token: admin.token })).status).toBe(200);
    expect((await t.req('GET', '/api/v1/auth/me', { token: bTok.token })).status).toBe(401);
  });

  it("another workspace's token id answers 404, even to its owner", async () => {
    const other = await buildWorkspace(t, { name: 'Other' });
    const theirs = await (await t.req('POST', '/api/v1/tokens', { token: other.token, body: { name: 'theirs' } })).json();
    const res = await t.req('DELETE', `/api/v1/tokens/${theirs.id}`, { token: w.token });
    expect(res.status).toBe(404);
    expect((await t.req('GET', '/api/v1/auth/me', { token: theirs.token })).status).toBe(200);
  });

  it('needs authentication', async () => {
    expect((await t.req('GET', '/api/v1/tokens')).status).toBe(401);
    expect((await t.req('POST', '/api/v1/tokens', { body: { name: 'x' } })).status).toBe(401);
  });
});
