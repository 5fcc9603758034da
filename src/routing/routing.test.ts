import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setStatus } from '../conversations/set-status.js';
import { runReactor } from '../events/reactors.js';
import { runDueJobs } from '../jobs/run-due.js';
import { buildMember, buildPeerApp, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { dispatchTeam } from './dispatch.js';
import { routingReactor } from './reactor.js';
import { setAvailability } from './set-availability.js';
import { buildWaiting, buildWaitingMany } from './testing.js';

let t: TestApp;
let w: TestWorkspace;
let clock = Date.UTC(2026, 0, 5, 9, 0, 0);
beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

async function team(name: string, agents: number, routing: Record<string, unknown>) {
  const res = await t.req('POST', '/api/v1/teams', { token: w.token, body: { name } });
  const teamId = (await res.json()).id as string;
  const users: string[] = [];
  for (let i = 0; i < agents; i++) {
    const m = await buildMember(t, w.workspaceId, 'agent', `${name} agent ${i}`);
    await t.req('POST', `/api/v1/teams/${teamId}/members`, { token: w.token, body: { userId: m.userId } });
    await setAvailability(t.app, { workspaceId: w.workspaceId, userId: m.userId, chosen: 'online' });
    users.push(m.userId);
  }
  const put = await t.req('PUT', `/api/v1/teams/${teamId}/routing`, { token: w.token, body: routing });
  expect(put.status).toBe(200);
  return { teamId, users };
}

/** What the worker loop does: the reactor, then the jobs it queued, until nothing moves. */
async function settle() {
  for (let i = 0; i < 20; i++) {
    const r = await runReactor(t.app, routingReactor);
    const j = await runDueJobs(t.app);
    if (r.events === 0 && j === 0) return;
  }
}

async function assigneeOf(id: string) {
  return (await t.app.store.db.selectFrom('conversations').select('assignee_id').where('id', '=', id).executeTakeFirstOrThrow()).assignee_id;
}

async function openLoad(userId: string) {
  const r = await t.app.store.db
    .selectFrom('conversations')
    .select((e) => e.fn.countAll().as('n'))
    .where('assignee_id', '=', userId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const waiting = (teamId: string, o: Parameters<typeof buildWaiting>[1] extends infer P ? Partial<P> : never = {}) =>
  buildWaiting(t.app, { workspaceId: w.workspaceId, channelId: w.channelId, teamId, ...o });

describe(`routing (${testDialect})`, () => {
  it('round robin is fair: 1,000 conversations over 5 agents, counts within one of each other', async () => {
    const { teamId, users } = await team('Fair', 5, { mode: 'round_robin' });
    await settle(); // the reactor starts at "now"
    const counts = new Map<string, number>(users.map((u) => [u, 0]));
    // Arrivals come one by one and in bursts: the rotation carries across dispatches.
    const bursts = [1, 7, 25, 3, 13, 1, 1, 40];
    for (let made = 0, i = 0; made < 1000; i++) {
      const n = Math.min(bursts[i % bursts.length]!, 1000 - made);
      await buildWaitingMany(t.app, { workspaceId: w.workspaceId, channelId: w.channelId, teamId }, n);
      made += n;
      for (const r of await dispatchTeam(t.app, w.workspaceId, teamId)) counts.set(r.userId, counts.get(r.userId)! + 1);
    }
    const n = [...counts.values()];
    expect(n.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...n) - Math.min(...n)).toBeLessThanOrEqual(1);
  }, 120_000);

  it('skips agents who are not online, and back-fills one who comes online', async () => {
    const { teamId, users } = await team('Offline', 3, { mode: 'round_robin' });
    const [a, b, c] = users as [string, string, string];
    await setAvailability(t.app, { workspaceId: w.workspaceId, userId: b, chosen: 'away' });
    await setAvailability(t.app, { workspaceId: w.workspaceId, userId: c, chosen: 'busy' });
    await settle();
    const ids = [await waiting(teamId), await waiting(teamId), await waiting(teamId)];
    await settle();
    for (const id of ids) expect(await assigneeOf(id)).toBe(a);

    // Capacity 1 for chats: a's slot is full, the next one waits until b comes online.
    await t.req('PUT', `/api/v1/teams/${teamId}/routing`, { token: w.token, body: { mode: 'round_robin', capacity: { chat: 1 } } });
    const next = await waiting(teamId);
    await settle();
    expect(await assigneeOf(next)).toBeNull();
    await setAvailability(t.app, { workspaceId: w.workspaceId, userId: b, chosen: 'online' });
    await settle();
    expect(await assigneeOf(next)).toBe(b);
  });

  it('back-fills in order: a freed slot takes the oldest waiting conversation that fits', async () => {
    const { teamId, users } = await team('Backfill', 1, { mode: 'load_balanced', capacity: { chat: 1, comment: 5 } });
    const [a] = users as [string];
    await settle();
    const first = await waiting(teamId, { waitingSince: clock - 60_000 });
    await settle();
    expect(await assigneeOf(first)).toBe(a);
    // Queued behind it: a newer chat, the oldest chat, a middle one; and a comment (another kind, room left).
    const newer = await waiting(teamId, { waitingSince: clock - 1_000 });
    const oldest = await waiting(teamId, { waitingSince: clock - 50_000 });
    const middle = await waiting(teamId, { waitingSince: clock - 10_000 });
    const comment = await waiting(teamId, { kind: 'comment', waitingSince: clock - 500 });
    await settle();
    expect([await assigneeOf(newer), await assigneeOf(oldest), await assigneeOf(middle)]).toEqual([null, null, null]);
    expect(await assigneeOf(comment)).toBe(a);

    const order: string[] = [];
    let current = first;
    for (const expected of [oldest, middle, newer]) {
      await setStatus(t.app, { workspaceId: w.workspaceId, conversationId: current, actorUserId: a, status: 'resolved' });
      await settle();
      expect(await assigneeOf(expected)).toBe(a);
      order.push(expected);
      current = expected;
    }
    expect(order).toEqual([oldest, middle, newer]);
    // The activity says routing did it, not a person.
    const act = await (await t.req('GET', `/api/v1/conversations/${oldest}/activity`, { token: w.token })).json();
    const assigned = act.activity.find((x: { kind: string; assigneeChanged?: boolean }) => x.kind === 'assigned' && x.assigneeChanged);
    expect(assigned.actor).toEqual({ kind: 'routing' });
  });

  it('matches skills: languages, channels and skill tags', async () => {
    const { teamId, users } = await team('Skills', 2, { mode: 'round_robin' });
    const [de, any] = users as [string, string];
    const put = await t.req('PUT', `/api/v1/teams/${teamId}/routing`, {
      token: w.token,
      body: { mode: 'round_robin', members: [{ userId: de, languages: ['de'], tags: ['billing'] }] },
    });
    expect(put.status).toBe(200);
    await settle();
    const billing = await waiting(teamId, { tags: ['billing'], language: 'de-AT' });
    const french = await waiting(teamId, { language: 'fr' });
    const french2 = await waiting(teamId, { language: 'fr' });
    await settle();
    expect(await assigneeOf(billing)).toBe(de);
    expect([await assigneeOf(french), await assigneeOf(french2)]).toEqual([any, any]);
  });

  it('returns a conversation whose assignee does not answer within N minutes, and routes it to someone else', async () => {
    const { teamId, users } = await team('Silence', 2, { mode: 'round_robin', noAnswerMinutes: 5 });
    await settle();
    const silent = await waiting(teamId);
    const answered = await waiting(teamId);
    await settle();
    const first = (await assigneeOf(silent))!;
    const second = (await assigneeOf(answered))!;
    expect(new Set([first, second])).toEqual(new Set(users));
    // The second assignee replies in time.
    await t.app.store.db
      .insertInto('messages')
      .values({
        id: `m-${answered}`,
        workspace_id: w.workspaceId,
        conversation_id: answered,
        channel_id: w.channelId,
        direction: 'out',
        author_kind: 'human',
        author_user_id: second,
        visibility: 'private',
        body: 'On it',
        attachments: '[]',
        external_id: null,
        reply_to_external_id: null,
        network_ts: clock,
        received_at: clock,
        delivery_status: 'queued',
        delivery_error: null,
        edited_at: null,
        deleted_at: null,
        created_at: clock + 1000,
      })
      .execute();
    clock += 4 * 60_000;
    await settle();
    expect(await assigneeOf(silent)).toBe(first); // not yet
    clock += 61_000;
    await settle();
    expect(await assigneeOf(answered)).toBe(second);
    expect(await assigneeOf(silent)).toBe(second); // back to the queue, then to the other agent
    const act = await (await t.req('GET', `/api/v1/conversations/${silent}/activity`, { token: w.token })).json();
    const moves = act.activity
      .filter((x: { kind: string }) => x.kind === 'assigned')
      .map((x: { actor: unknown; assignee: { id: string } | null }) => [x.actor, x.assignee?.id ?? null]);
    expect(moves.slice(-2)).toEqual([
      [{ kind: 'routing' }, null],
      [{ kind: 'routing' }, second],
    ]);
  });

  it('returns the waiting work of an assignee who goes offline (every tab closed), after the delay', async () => {
    const { teamId, users } = await team('Gone', 2, { mode: 'round_robin', offlineMinutes: 1 });
    const [a, b] = users as [string, string];
    // b has the app open; a is online by hand with no tab (API-only), and stays so.
    await setAvailability(t.app, { workspaceId: w.workspaceId, userId: b, heartbeat: { idleMs: 0 } });
    await setAvailability(t.app, { workspaceId: w.workspaceId, userId: a, chosen: 'away' });
    await settle();
    const id = await waiting(teamId);
    await settle();
    expect(await assigneeOf(id)).toBe(b);
    await setAvailability(t.app, { workspaceId: w.workspaceId, userId: a, chosen: 'online' });
    clock += 2 * 60_000; // b's tabs stopped sending heartbeats
    const { sweepAvailability } = await import('./sweep-availability.js');
    expect(await sweepAvailability(t.app)).toBeGreaterThanOrEqual(1);
    const view = await (await t.req('GET', '/api/v1/availability', { token: w.token })).json();
    expect(view.members.find((m: { userId: string }) => m.userId === b)).toMatchObject({ status: 'away', reason: 'closed' });
    await settle();
    expect(await assigneeOf(id)).toBe(b); // the delay has not passed
    clock += 61_000;
    await settle();
    expect(await assigneeOf(id)).toBe(a);
  });

  it('never exceeds capacity under concurrent arrivals with two workers', async () => {
    // Two workers: on PostgreSQL a second process's pool; where every writer shares one
    // connection (SQLite, one process), the second worker is a second caller in this process.
    const peer = t.app.store.dialect.sharedWriter ? { app: t.app, close: async () => {} } : await buildPeerApp(t);
    peer.app.now = () => clock;
    try {
      const one = await team('Busy one', 3, { mode: 'load_balanced', capacity: { chat: 2 } });
      const two = await team('Busy two', 1, { mode: 'round_robin', capacity: { chat: 2 } });
      // Two of team one's agents are in team two as well: their load is shared.
      for (const u of one.users.slice(0, 2)) await t.req('POST', `/api/v1/teams/${two.teamId}/members`, { token: w.token, body: { userId: u } });
      await settle();
      const everyone = [...one.users, ...two.users];
      for (let round = 0; round < 6; round++) {
        // More arrive than there is room (8 slots): each team alone would fill the shared agents.
        await buildWaitingMany(t.app, { workspaceId: w.workspaceId, channelId: w.channelId, teamId: one.teamId }, 6);
        await buildWaitingMany(t.app, { workspaceId: w.workspaceId, channelId: w.channelId, teamId: two.teamId }, 6);
        await Promise.all([
          dispatchTeam(t.app, w.workspaceId, one.teamId),
          dispatchTeam(peer.app, w.workspaceId, two.teamId),
          dispatchTeam(peer.app, w.workspaceId, one.teamId),
          dispatchTeam(t.app, w.workspaceId, two.teamId),
          runDueJobs(t.app),
          runDueJobs(peer.app),
        ]);
        // Everyone full, nobody above: 4 agents × 2.
        expect(await Promise.all(everyone.map(openLoad))).toEqual([2, 2, 2, 2]);
        // Start the next round from empty slots, so every round races again.
        await t.app.store.db
          .updateTable('conversations')
          .set({ status: 'resolved' })
          .where('workspace_id', '=', w.workspaceId)
          .where('assignee_id', 'in', everyone)
          .execute();
      }
    } finally {
      await peer.close();
    }
  });
});

describe(`routing API (${testDialect})`, () => {
  it('reads and writes settings; bad input is a 400 naming the field; another workspace is 404', async () => {
    const created = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'API team' } })).json();
    const get = await (await t.req('GET', `/api/v1/teams/${created.id}/routing`, { token: w.token })).json();
    expect(get).toMatchObject({ mode: 'manual', capacity: {}, members: [] });
    const cases: Array<[unknown, string]> = [
      [{ mode: 'random' }, 'mode'],
      [{ mode: 'round_robin', capacity: { chat: -1 } }, 'capacity.chat'],
      [{ mode: 'round_robin', capacity: { fax: 2 } }, 'capacity'],
      [{ mode: 'round_robin', intakeChannels: ['nope'] }, 'intakeChannels.0'],
      [{ mode: 'round_robin', noAnswerMinutes: 0 }, 'noAnswerMinutes'],
      [{ mode: 'round_robin', members: [{ userId: w.ownerId }] }, 'members.0.userId'],
    ];
    for (const [body, field] of cases) {
      const res = await t.req('PUT', `/api/v1/teams/${created.id}/routing`, { token: w.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.fields[0].field).toBe(field);
    }
    expect((await (await t.req('GET', `/api/v1/teams/${created.id}/routing`, { token: w.token })).json()).mode).toBe('manual');
    const ok = await t.req('PUT', `/api/v1/teams/${created.id}/routing`, {
      token: w.token,
      body: { mode: 'load_balanced', capacity: { chat: 6, comment: 20 }, intakeChannels: [w.channelId], noAnswerMinutes: 10, offlineMinutes: 5 },
    });
    expect(await ok.json()).toMatchObject({ mode: 'load_balanced', capacity: { chat: 6, comment: 20 }, intakeChannels: [w.channelId], noAnswerMinutes: 10 });
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('PUT', `/api/v1/teams/${created.id}/routing`, { token: agent.token, body: { mode: 'manual' } })).status).toBe(403);

    const other = await buildWorkspace(t, { name: 'Other' });
    expect((await t.req('GET', `/api/v1/teams/${created.id}/routing`, { token: other.token })).status).toBe(404);
    expect((await t.req('PUT', `/api/v1/teams/${created.id}/routing`, { token: other.token, body: { mode: 'manual' } })).status).toBe(404);
    const board = await (await t.req('GET', '/api/v1/routing/board', { token: other.token })).json();
    expect(board.teams).toEqual([]);
    // Set back to manual: the next tests' new conversations on this channel do not join it.
    await t.req('PUT', `/api/v1/teams/${created.id}/routing`, { token: w.token, body: { mode: 'manual' } });
  });

  it('my availability: set by hand, heartbeat, bad values refused; the board shows status, load and the oldest wait', async () => {
    const me = await buildMember(t, w.workspaceId, 'agent', 'Board Agent');
    expect((await (await t.req('GET', '/api/v1/me/availability', { token: me.token })).json()).status).toBe('away');
    const bad = await t.req('PUT', '/api/v1/me/availability', { token: me.token, body: { status: 'sleeping' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('status');
    expect((await t.req('POST', '/api/v1/me/availability/heartbeat', { token: me.token, body: { idleMs: -5 } })).status).toBe(400);
    expect(await (await t.req('PUT', '/api/v1/me/availability', { token: me.token, body: { status: 'busy' } })).json()).toMatchObject({
      status: 'busy',
      chosen: 'busy',
    });
    expect(await (await t.req('POST', '/api/v1/me/availability/heartbeat', { token: me.token, body: { idleMs: 0 } })).json()).toMatchObject({ status: 'busy' });
    // Idle longer than HEARKEN_AWAY_AFTER_IDLE_MINUTES (15): away, by "idle".
    const idle = await (await t.req('POST', '/api/v1/me/availability/heartbeat', { token: me.token, body: { idleMs: 16 * 60_000 } })).json();
    expect(idle).toMatchObject({ status: 'away', reason: 'idle' });
    await t.req('PUT', '/api/v1/me/availability', { token: me.token, body: { status: 'online' } });

    const created = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Board team' } })).json();
    await t.req('POST', `/api/v1/teams/${created.id}/members`, { token: w.token, body: { userId: me.userId } });
    await t.req('PUT', `/api/v1/teams/${created.id}/routing`, { token: w.token, body: { mode: 'manual', capacity: { chat: 4 } } });
    const old = await waiting(created.id, { waitingSince: clock - 120_000 });
    await waiting(created.id, { waitingSince: clock - 1_000 });
    const mine = await waiting(created.id);
    expect((await t.req('POST', `/api/v1/conversations/${mine}/assign`, { token: w.token, body: { assigneeId: me.userId } })).status).toBe(200);
    const board = await (await t.req('GET', `/api/v1/routing/board?teamId=${created.id}`, { token: w.token })).json();
    expect(board.teams).toHaveLength(1);
    expect(board.teams[0]).toMatchObject({
      name: 'Board team',
      mode: 'manual',
      agents: [{ userId: me.userId, name: 'Board Agent', status: 'online', load: { chat: 1 }, total: 1, capacity: { chat: 4 } }],
      waiting: { count: 2, oldestSince: clock - 120_000 },
    });
    expect(board.teams[0].waiting.items[0].id).toBe(old);
  });
});
