import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../events/append.js';
import { replayReactor, runReactors } from '../events/reactors.js';
import { reactors } from '../processes/reactors.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { notificationReactor } from './notification-reactor.js';
import { settlePipeline } from '../test/settle.js';

let t: TestApp;
let clock = Date.parse('2026-11-02T10:00:00Z');

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  t.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
  // The reactors start at "now": their cursors exist before anything happens.
  await runReactors(t.app, reactors);
});
afterAll(() => t.close());

const settle = () => settlePipeline(t.app, 4);
let n = 0;
async function conversation(w: TestWorkspace, text = 'Where is my order?') {
  const from = `cust-${++n}`;
  clock += 1000;
  expect((await deliver(t, w, buildInbound({ from: { id: from, name: from }, text, timestamp: clock }))).status).toBe(200);
  await settle();
  const row = await t.app.store.db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', w.workspaceId)
    .where('thread_key', 'like', `%${from}%`)
    .executeTakeFirstOrThrow();
  return row.id;
}
type Listed = {
  notifications: Array<{
    id: string;
    kind: string;
    conversationId: string;
    text: string;
    params: Record<string, unknown>;
    ruleName: string | null;
    read: boolean;
  }>;
  unreadCount: number;
  nextBefore: string | null;
};
const list = async (token: string, query = ''): Promise<Listed> => {
  const res = await t.req('GET', `/api/v1/notifications${query}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
};
const read = (token: string, body: unknown) => t.req('POST', '/api/v1/notifications/read', { token, body });
const assign = (token: string, conv: string, assigneeId: string) => t.req('POST', `/api/v1/conversations/${conv}/assign`, { token, body: { assigneeId } });
const note = (token: string, conv: string, mentions: string[]) =>
  t.req('POST', `/api/v1/conversations/${conv}/notes`, { token, body: { text: 'Have a look', mentions } });
const prefs = (token: string, notifications: Record<string, boolean>) => t.req('PATCH', '/api/v1/me/settings', { token, body: { notifications } });
const rowsOf = (userId: string) => t.app.store.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id').execute();

describe(`notification centre (${testDialect})`, () => {
  it("lists the caller's own, newest first, with the unread count; marks read; another member's ids change nothing", async () => {
    const w = await buildWorkspace(t);
    const a = await buildMember(t, w.workspaceId, 'agent', 'Ada');
    const b = await buildMember(t, w.workspaceId, 'agent', 'Bo');
    const conv = await conversation(w);
    expect((await assign(w.token, conv, a.userId)).status).toBe(200);
    clock += 1000;
    expect((await note(w.token, conv, [a.userId, b.userId])).status).toBe(201);
    await settle();

    const mine = await list(a.token);
    expect(mine.unreadCount).toBe(2);
    expect(mine.notifications).toMatchObject([
      { kind: 'mentioned', conversationId: conv, text: '', params: { byUserId: w.ownerId }, read: false, ruleName: null },
      { kind: 'assigned', conversationId: conv, params: { byUserId: w.ownerId }, read: false },
    ]);
    expect((await list(b.token)).notifications.map((x) => x.kind)).toEqual(['mentioned']);
    expect((await list(w.token)).notifications).toEqual([]);

    // Pages: before = the previous page's nextBefore.
    const first = await list(a.token, '?limit=1');
    expect(first.notifications.map((x) => x.kind)).toEqual(['mentioned']);
    const second = await list(a.token, `?limit=1&before=${first.nextBefore}`);
    expect(second.notifications.map((x) => x.kind)).toEqual(['assigned']);
    expect(second.nextBefore).toBeNull();

    // Bo cannot mark Ada's: nothing changes, and the answer says nothing about them.
    const foreign = await read(b.token, { ids: mine.notifications.map((x) => x.id) });
    expect(foreign.status).toBe(200);
    expect(await foreign.json()).toEqual({ marked: 0, unreadCount: 1 });
    expect((await list(a.token)).unreadCount).toBe(2);
    // Nor can the owner of another workspace.
    const other = await buildWorkspace(t, { name: 'Other' });
    expect(await (await read(other.token, { all: true })).json()).toEqual({ marked: 0, unreadCount: 0 });
    expect((await list(a.token)).unreadCount).toBe(2);

    const one = await read(a.token, { ids: [mine.notifications[1]!.id] });
    expect(await one.json()).toEqual({ marked: 1, unreadCount: 1 });
    const unread = await list(a.token, '?unread=true');
    expect(unread.notifications.map((x) => x.kind)).toEqual(['mentioned']);
    expect((await list(a.token)).notifications.map((x) => x.read)).toEqual([false, true]);
    expect(await (await read(a.token, { all: true })).json()).toEqual({ marked: 1, unreadCount: 0 });
    expect((await list(b.token)).unreadCount).toBe(1);
    const readEvents = await t.app.store.db
      .selectFrom('events')
      .select('data')
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'notification.read')
      .execute();
    expect(readEvents.map((e) => JSON.parse(e.data))).toEqual([
      { userId: a.userId, count: 1 },
      { userId: a.userId, count: 1 },
    ]);

    expect((await read(a.token, {})).status).toBe(400);
    expect((await t.req('GET', '/api/v1/notifications?limit=0', { token: a.token })).status).toBe(400);
    expect((await t.req('GET', '/api/v1/notifications')).status).toBe(401);
  });

  it('each source makes a row for whom it concerns, not for the actor, and only while their preference allows it', async () => {
    const w = await buildWorkspace(t);
    const a = await buildMember(t, w.workspaceId, 'agent', 'Ada');
    const b = await buildMember(t, w.workspaceId, 'agent', 'Bo');
    const admin = await buildMember(t, w.workspaceId, 'admin', 'Cy');
    const conv = await conversation(w);

    // Assigned: by someone else only; switched off = nothing.
    expect((await assign(a.token, conv, a.userId)).status).toBe(200);
    expect((await assign(w.token, conv, b.userId)).status).toBe(200);
    expect((await prefs(a.token, { assignments: false })).status).toBe(200);
    expect((await assign(w.token, conv, a.userId)).status).toBe(200);
    await settle();
    expect((await rowsOf(a.userId)).map((r) => r.kind)).toEqual([]);
    expect((await rowsOf(b.userId)).map((r) => r.kind)).toEqual(['assigned']);

    // Mentioned: the author mentioning themself is not told; Bo with mentions off is not either.
    expect((await prefs(b.token, { mentions: false })).status).toBe(200);
    expect((await note(a.token, conv, [a.userId, b.userId, admin.userId])).status).toBe(201);
    await settle();
    expect((await rowsOf(admin.userId)).map((r) => [r.kind, JSON.parse(r.params!)])).toEqual([['mentioned', { byUserId: a.userId }]]);
    expect((await rowsOf(a.userId)).length + (await rowsOf(b.userId)).length).toBe(1);

    // SLA breached: whom the event names, less those who switched breaches off.
    expect((await prefs(admin.token, { slaBreaches: false })).status).toBe(200);
    await appendEvent(t.app.store.db, {
      workspaceId: w.workspaceId,
      type: 'sla.breached',
      conversationId: conv,
      data: {
        clockId: 'c1',
        target: 'first_response',
        policyName: 'Gold',
        policyId: null,
        startedAt: clock,
        dueAt: clock,
        timeMode: 'calendar',
        assigneeId: null,
        teamId: null,
        notifyUserIds: [a.userId, admin.userId],
      },
      at: clock,
    });
    await settle();
    const breach = (await rowsOf(a.userId)).filter((r) => r.kind === 'sla_breached');
    expect(breach.map((r) => JSON.parse(r.params!))).toEqual([{ target: 'first_response', policyName: 'Gold' }]);
    expect((await rowsOf(admin.userId)).filter((r) => r.kind === 'sla_breached')).toHaveLength(0);

    // Approval waiting: every member who may approve (owner, admin), not the author; Cy has it off.
    expect((await t.req('PUT', '/api/v1/approvals/policy', { token: w.token, body: { rules: [{ name: 'Agents', roles: ['agent'] }] } })).status).toBe(200);
    expect((await prefs(admin.token, { approvals: false })).status).toBe(200);
    const held = await t.req('POST', `/api/v1/conversations/${conv}/replies`, { token: b.token, body: { text: 'We are on it' } });
    expect(held.status, await held.clone().text()).toBe(201);
    expect((await held.json()).held).toMatchObject({ status: 'proposed' });
    await settle();
    const approvals = await t.app.store.db
      .selectFrom('notifications')
      .selectAll()
      .where('workspace_id', '=', w.workspaceId)
      .where('kind', '=', 'approval_waiting')
      .execute();
    expect(approvals.map((r) => [r.user_id, JSON.parse(r.params!).authorUserId])).toEqual([[w.ownerId, b.userId]]);

    // Rule notifications: the rule's own text and name; members with rule notifications off are skipped.
    expect((await prefs(b.token, { rules: false })).status).toBe(200);
    const rule = await t.req('POST', '/api/v1/rules', {
      token: w.token,
      body: { name: 'Tell them', trigger: { type: 'message_received' }, actions: [{ type: 'notify', userIds: [a.userId, b.userId], text: 'New message' }] },
    });
    expect(rule.status, await rule.clone().text()).toBe(201);
    const conv2 = await conversation(w);
    expect((await list(a.token)).notifications[0]).toMatchObject({ kind: 'rule', text: 'New message', ruleName: 'Tell them', conversationId: conv2 });
    expect((await rowsOf(b.userId)).filter((r) => r.kind === 'rule')).toHaveLength(0);

    // Each notification is evented (realtime carries it); reading the log again makes none twice.
    const created = await t.app.store.db
      .selectFrom('events')
      .select('data')
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'notification.created')
      .execute();
    const all = await t.app.store.db.selectFrom('notifications').select('id').where('workspace_id', '=', w.workspaceId).execute();
    expect(created).toHaveLength(all.length);
    const firstEvent = await t.app.store.db.selectFrom('events').select('id').where('workspace_id', '=', w.workspaceId).orderBy('id').executeTakeFirstOrThrow();
    await replayReactor(t.app, notificationReactor, Number(firstEvent.id));
    await settle();
    expect(await t.app.store.db.selectFrom('notifications').select('id').where('workspace_id', '=', w.workspaceId).execute()).toHaveLength(all.length);
  });

  it('old stored settings read complete, with every kind on and e-mail off', async () => {
    const w = await buildWorkspace(t);
    const a = await buildMember(t, w.workspaceId, 'agent');
    await t.app.store.db
      .updateTable('memberships')
      .set({ settings: JSON.stringify({ notifications: { assignments: false, mentions: true }, signature: { enabled: true } }) })
      .where('user_id', '=', a.userId)
      .execute();
    const s = await (await t.req('GET', '/api/v1/me/settings', { token: a.token })).json();
    expect(s.notifications).toEqual({ assignments: false, mentions: true, slaBreaches: true, approvals: true, rules: true, email: false });
  });
});
