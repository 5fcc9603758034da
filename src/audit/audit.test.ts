import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayReactor, runReactors } from '../events/reactors.js';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { auditReactor } from './audit-reactor.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
});
afterAll(() => t?.close());

const audit = async (token: string, query = '') => (await (await t.req('GET', `/api/v1/audit${query}`, { token })).json()).items as any[];

describe(`the audit log (${testDialect})`, () => {
  it('records configuration changes from the event log with who made them, once, per workspace', async () => {
    const member = await buildMember(t, w.workspaceId, 'agent');
    const ch = await t.req('POST', '/api/v1/channels', { token: w.token, body: { type: 'api', name: 'Shop bot', settings: {} } });
    expect(ch.status).toBe(201);
    const channelId = (await ch.json()).id;
    expect((await t.req('PATCH', `/api/v1/members/${member.userId}`, { token: w.token, body: { role: 'admin' } })).status).toBe(200);
    await runReactors(t.app, [auditReactor]);

    const entries = await audit(w.token);
    const created = entries.find((e) => e.action === 'channel.created');
    expect(created).toMatchObject({ targetType: 'channel', targetId: channelId, actor: expect.stringMatching(/^Olivia Owner </), data: { type: 'api' } });
    const role = entries.find((e) => e.action === 'member.role_changed');
    expect(role).toMatchObject({ targetType: 'user', targetId: member.userId, data: { from: 'agent', to: 'admin' } });
    expect((await audit(other.token)).some((e) => e.targetId === channelId)).toBe(false);

    // a replay of the whole log writes nothing twice
    await replayReactor(t.app, auditReactor, 1);
    await runReactors(t.app, [auditReactor]);
    expect(await audit(w.token)).toHaveLength(entries.length);
  });

  it('filters by action prefix, actor and time, and pages newest first', async () => {
    const firstPage = await (await t.req('GET', '/api/v1/audit?limit=1', { token: w.token })).json();
    expect(firstPage.items).toHaveLength(1);
    const second = await (await t.req('GET', `/api/v1/audit?limit=1&cursor=${firstPage.nextCursor}`, { token: w.token })).json();
    expect(second.items[0].id).not.toBe(firstPage.items[0].id);
    expect(Date.parse(second.items[0].at)).toBeLessThanOrEqual(Date.parse(firstPage.items[0].at));
    expect((await audit(w.token, '?action=member.')).every((e) => e.action.startsWith('member.'))).toBe(true);
    expect(await audit(w.token, `?actorUserId=${w.ownerId}&from=2000-01-01T00:00:00Z`)).not.toHaveLength(0);
    expect(await audit(w.token, '?to=2000-01-01T00:00:00Z')).toHaveLength(0);
    expect((await t.req('GET', '/api/v1/audit?cursor=nonsense', { token: w.token })).status).toBe(400);
    expect((await t.req('GET', '/api/v1/audit?action=DROP%20TABLE', { token: w.token })).status).toBe(400);
  });
});
