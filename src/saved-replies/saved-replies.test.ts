import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
});
afterAll(() => t.close());

describe(`saved replies, views and settings (${testDialect})`, () => {
  it('creates, finds (accent-insensitive), edits and deletes saved replies', async () => {
    const created = await t.req('POST', '/api/v1/saved-replies', {
      token: w.token,
      body: { name: 'Atraso na entrega', body: 'Olá {{contact.first_name}}, sentimos muito pelo atraso.' },
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    await t.req('POST', '/api/v1/saved-replies', {
      token: w.token,
      body: { name: 'Refund', body: 'Hi {{contact.first_name}}, your refund is on its way — {{agent.first_name}}' },
    });
    const found = await (await t.req('GET', '/api/v1/saved-replies?q=atraso%20na', { token: w.token })).json();
    expect(found.savedReplies.map((r: any) => r.name)).toEqual(['Atraso na entrega']);
    const folded = await (await t.req('GET', '/api/v1/saved-replies?q=SENTIMOS', { token: w.token })).json();
    expect(folded.savedReplies).toHaveLength(1);
    const dup = await t.req('POST', '/api/v1/saved-replies', { token: w.token, body: { name: 'Refund', body: 'x' } });
    expect(dup.status).toBe(409);
    const patched = await t.req('PATCH', `/api/v1/saved-replies/${id}`, { token: w.token, body: { body: 'Olá {{contact.first_name}}!' } });
    expect((await patched.json()).body).toBe('Olá {{contact.first_name}}!');
    expect((await t.req('PATCH', `/api/v1/saved-replies/${id}`, { token: other.token, body: { body: 'hijack' } })).status).toBe(404);
    expect((await (await t.req('GET', '/api/v1/saved-replies', { token: other.token })).json()).savedReplies).toEqual([]);
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    expect((await t.req('DELETE', `/api/v1/saved-replies/${id}`, { token: viewer.token })).status).toBe(403);
    expect((await t.req('DELETE', `/api/v1/saved-replies/${id}`, { token: w.token })).status).toBe(204);
    expect((await t.req('DELETE', `/api/v1/saved-replies/${id}`, { token: w.token })).status).toBe(404);
    const empty = await t.req('POST', '/api/v1/saved-replies', { token: w.token, body: { name: '', body: 'x' } });
    expect((await empty.json()).error.fields[0].field).toBe('name');
  });

  it('saves personal and shared views whose filters the list understands', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const mine = await t.req('POST', '/api/v1/views', {
      token: agent.token,
      body: { name: 'My urgent', filters: { assignee: 'me', priority: '3', sort: 'oldest_waiting' } },
    });
    expect(mine.status).toBe(201);
    expect((await t.req('POST', '/api/v1/views', { token: agent.token, body: { name: 'Team', filters: {}, shared: true } })).status).toBe(403);
    expect((await t.req('POST', '/api/v1/views', { token: w.token, body: { name: 'Comments', filters: { kind: 'comment' }, shared: true } })).status).toBe(201);
    const bad = await t.req('POST', '/api/v1/views', { token: agent.token, body: { name: 'Bad', filters: { sort: 'sideways' } } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('filters.sort');
    const unknown = await t.req('POST', '/api/v1/views', { token: agent.token, body: { name: 'Bad', filters: { colour: 'red' } } });
    expect(unknown.status).toBe(400);
    const agentViews = (await (await t.req('GET', '/api/v1/views', { token: agent.token })).json()).views;
    expect(agentViews.map((v: any) => [v.name, v.shared])).toEqual([
      ['Comments', true],
      ['My urgent', false],
    ]);
    const ownerViews = (await (await t.req('GET', '/api/v1/views', { token: w.token })).json()).views;
    expect(ownerViews.map((v: any) => v.name)).toEqual(['Comments']);
    const personal = agentViews.find((v: any) => v.name === 'My urgent');
    expect((await t.req('DELETE', `/api/v1/views/${personal.id}`, { token: w.token })).status).toBe(404);
    expect((await t.req('DELETE', `/api/v1/views/${personal.id}`, { token: agent.token })).status).toBe(204);
  });

  it('keeps per-member settings with defaults', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect(await (await t.req('GET', '/api/v1/me/settings', { token: agent.token })).json()).toEqual({
      notifications: { assignments: true, mentions: true, slaBreaches: true, approvals: true, rules: true, email: false },
      signature: { enabled: false },
      appearance: { theme: 'system' },
    });
    const res = await t.req('PATCH', '/api/v1/me/settings', { token: agent.token, body: { notifications: { mentions: false }, signature: { enabled: true } } });
    expect(await res.json()).toEqual({
      notifications: { assignments: true, mentions: false, slaBreaches: true, approvals: true, rules: true, email: false },
      signature: { enabled: true },
      appearance: { theme: 'system' },
    });
    const dark = await t.req('PATCH', '/api/v1/me/settings', { token: agent.token, body: { appearance: { theme: 'dark' } } });
    expect((await dark.json()).appearance).toEqual({ theme: 'dark' });
    expect((await (await t.req('GET', '/api/v1/me/settings', { token: agent.token })).json()).signature.enabled).toBe(true);
    expect((await t.req('PATCH', '/api/v1/me/settings', { token: agent.token, body: { appearance: { theme: 'sepia' } } })).status).toBe(400);
    expect((await (await t.req('GET', '/api/v1/me/settings', { token: w.token })).json()).notifications.mentions).toBe(true);
    expect((await t.req('PATCH', '/api/v1/me/settings', { token: agent.token, body: { notifications: { mentions: 'no' } } })).status).toBe(400);
  });
});
