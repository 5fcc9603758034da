import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

// A conversation's activity: who assigned, tagged, prioritised, snoozed, resolved, reopened it,
// in time order, with names resolved; another workspace cannot read it.
let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let agent: { userId: string; token: string };
let id = '';

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
  agent = await buildMember(t, w.workspaceId, 'agent', 'Lee Agent');
  await deliver(t, w, buildInbound({ from: { id: 'ana', name: 'Ana' } }));
  while ((await processJournalBatch(t.app)) > 0);
  id = (await (await t.req('GET', '/api/v1/conversations', { token: w.token })).json()).conversations[0].id;
});
afterAll(async () => {
  await t?.close();
});

describe(`conversation activity (${testDialect})`, () => {
  it('lists what people did, oldest first, with who did it', async () => {
    const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Billing' } })).json();
    const ok = async (method: string, path: string, body: unknown, token = w.token) => {
      const r = await t.req(method, `/api/v1/conversations/${id}${path}`, { token, body });
      expect(r.status).toBeLessThan(300);
    };
    await ok('POST', '/assign', { assigneeId: agent.userId, teamId: team.id });
    await ok('POST', '/tags', { add: ['refund'] }, agent.token);
    await ok('PATCH', '', { priority: 'high' }, agent.token);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await ok('POST', '/status', { status: 'snoozed', snoozedUntil: until }, agent.token);
    await ok('POST', '/status', { status: 'resolved' }, agent.token);
    await ok('POST', '/status', { status: 'open' });
    await ok('POST', '/assign', { assigneeId: null });

    const r = await t.req('GET', `/api/v1/conversations/${id}/activity`, { token: agent.token });
    expect(r.status).toBe(200);
    const { activity } = await r.json();
    const lee = { kind: 'user', id: agent.userId, name: 'Lee Agent' };
    const olivia = { kind: 'user', id: w.ownerId, name: 'Olivia Owner' };
    expect(activity.map((a: { kind: string }) => a.kind)).toEqual(['assigned', 'tagged', 'priority', 'status', 'status', 'status', 'assigned']);
    expect(activity[0]).toMatchObject({
      actor: olivia,
      assignee: { id: agent.userId, name: 'Lee Agent' },
      team: { id: team.id, name: 'Billing' },
      assigneeChanged: true,
      teamChanged: true,
    });
    expect(activity[1]).toMatchObject({ actor: lee, added: ['refund'], removed: [] });
    expect(activity[2]).toMatchObject({ actor: lee, priority: 'high' });
    expect(activity[3]).toMatchObject({ actor: lee, to: 'snoozed', snoozedUntil: until });
    expect(activity[4]).toMatchObject({ actor: lee, to: 'resolved' });
    expect(activity[5]).toMatchObject({ actor: olivia, from: 'resolved', to: 'open' });
    expect(activity[6]).toMatchObject({ actor: olivia, assignee: null, previousAssignee: { name: 'Lee Agent' }, assigneeChanged: true, teamChanged: false });
    const times = activity.map((a: { at: string }) => Date.parse(a.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('shows a change made by Hearken itself as the system', async () => {
    await t.app.store.db
      .insertInto('events')
      .values({
        workspace_id: w.workspaceId,
        type: 'conversation.status_changed',
        conversation_id: id,
        actor_user_id: null,
        data: JSON.stringify({ from: 'snoozed', to: 'open', reason: 'snooze_ended' }),
        created_at: t.app.now(),
      })
      .execute();
    const { activity } = await (await t.req('GET', `/api/v1/conversations/${id}/activity`, { token: w.token })).json();
    expect(activity.at(-1)).toMatchObject({ kind: 'status', actor: { kind: 'system' }, reason: 'snooze_ended' });
  });

  it('is not readable from another workspace, nor without a session', async () => {
    const r = await t.req('GET', `/api/v1/conversations/${id}/activity`, { token: other.token });
    expect(r.status).toBe(404);
    expect((await t.req('GET', `/api/v1/conversations/${id}/activity`, {})).status).toBe(401);
  });
});
