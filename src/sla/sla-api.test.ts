import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../conversations/reply.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { buildMember, buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { followSlaEvents } from './follow-events.js';

const M = 60_000;
let t: TestApp;
let clock = Date.parse('2024-03-08T16:45:00+01:00'); // a Friday, in Berlin
const office = { timeZone: 'Europe/Berlin', days: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])) };

async function settle() {
  while (await processJournalBatch(t.app)) {}
  await followSlaEvents(t.app);
  while (await runDueJobs(t.app)) {}
}
async function customer(w: TestWorkspace, from: string, over: Record<string, unknown> = {}) {
  expect((await deliver(t, w, buildInbound({ from: { id: from, name: from }, timestamp: clock, ...over }))).status).toBe(200);
  await settle();
}
async function convOf(w: TestWorkspace, name: string): Promise<string> {
  const r = await (await t.req('GET', '/api/v1/conversations?status=open,pending,resolved&limit=100', { token: w.token })).json();
  return r.conversations.find((c: { contact: { name: string } }) => c.contact.name === name).id;
}
const sla = async (w: TestWorkspace, id: string) => (await t.req('GET', `/api/v1/conversations/${id}/sla`, { token: w.token })).json();
const events = async (w: TestWorkspace, type: string) =>
  (
    await t.app.store.db
      .selectFrom('events')
      .select(['data', 'conversation_id'])
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', type)
      .orderBy('id')
      .execute()
  ).map((e) => ({ conversationId: e.conversation_id, ...JSON.parse(e.data) }));

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  // The network accepts every reply (the fake clock is years behind a real callback's signature check).
  t.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
});
afterAll(() => t.close());

describe(`SLA policies (${testDialect})`, () => {
  it('CRUD: admins write, agents read; ordered; bad input named by field; another workspace sees 404', async () => {
    const w = await buildWorkspace(t);
    const other = await buildWorkspace(t, { name: 'Other' });
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const body = { name: 'Everyone', targets: { firstResponseMinutes: 60 } };
    expect((await t.req('POST', '/api/v1/sla-policies', { token: agent.token, body })).status).toBe(403);
    const a = await t.req('POST', '/api/v1/sla-policies', { token: w.token, body });
    expect(a.status).toBe(201);
    const first = await a.json();
    expect(first).toMatchObject({
      name: 'Everyone',
      position: 0,
      enabled: true,
      timeMode: 'business',
      warnPercent: 75,
      targets: { firstResponseMinutes: 60, nextResponseMinutes: null, resolutionMinutes: null },
      match: { channelIds: [], kinds: [], priorities: [] },
    });
    const vip = await (
      await t.req('POST', '/api/v1/sla-policies', {
        token: w.token,
        body: { name: 'Urgent DMs', position: 0, match: { kinds: ['dm'], priorities: [4] }, timeMode: 'calendar', targets: { firstResponseMinutes: 15 } },
      })
    ).json();
    const list = await (await t.req('GET', '/api/v1/sla-policies', { token: agent.token })).json();
    expect(list.policies.map((p: { name: string; position: number }) => [p.name, p.position])).toEqual([
      ['Urgent DMs', 0],
      ['Everyone', 1],
    ]);
    const moved = await t.req('PATCH', `/api/v1/sla-policies/${vip.id}`, { token: w.token, body: { position: 5, warnPercent: 50 } });
    expect(await moved.json()).toMatchObject({ position: 1, warnPercent: 50 });

    const bad = await t.req('POST', '/api/v1/sla-policies', { token: w.token, body: { name: '', targets: {}, timeMode: 'moon', match: { kinds: ['fax'] } } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['name', 'targets', 'timeMode', 'match.kinds.0']),
    );
    const foreign = await t.req('POST', '/api/v1/sla-policies', { token: w.token, body: { ...body, match: { channelIds: [other.channelId] } } });
    expect(foreign.status).toBe(400);
    expect((await foreign.json()).error.fields[0].field).toBe('match.channelIds');

    for (const [m, u] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
    ] as const) {
      expect((await t.req(m, `/api/v1/sla-policies/${first.id}${u}`, { token: other.token, body: m === 'PATCH' ? { name: 'x' } : undefined })).status).toBe(
        404,
      );
    }
    expect((await t.req('DELETE', `/api/v1/sla-policies/${first.id}`, { token: agent.token })).status).toBe(403);
    expect((await t.req('DELETE', `/api/v1/sla-policies/${first.id}`, { token: w.token })).status).toBe(204);
    expect((await (await t.req('GET', '/api/v1/sla-policies', { token: w.token })).json()).policies.map((p: { position: number }) => p.position)).toEqual([0]);
  });

  it('Friday 16:45 with 30 business minutes (Mon–Fri 9–17): warns Monday 09:07:30, breaches Monday 09:15, notifies the assignee and the team lead', async () => {
    clock = Date.parse('2024-03-08T12:00:00+01:00');
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent', 'Ann Agent');
    const lead = await buildMember(t, w.workspaceId, 'admin', 'Lee Lead');
    const teammate = await buildMember(t, w.workspaceId, 'agent', 'Tom Mate');
    expect((await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: office })).status).toBe(200);
    expect((await t.req('POST', '/api/v1/sla-policies', { token: w.token, body: { name: 'Standard', targets: { firstResponseMinutes: 30 } } })).status).toBe(
      201,
    );
    const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Care' } })).json();
    for (const u of [agent, lead, teammate])
      expect((await t.req('POST', `/api/v1/teams/${team.id}/members`, { token: w.token, body: { userId: u.userId } })).status).toBe(200);

    clock = Date.parse('2024-03-08T16:45:00+01:00');
    await customer(w, 'Fri Customer');
    const id = await convOf(w, 'Fri Customer');
    expect((await t.req('POST', `/api/v1/conversations/${id}/assign`, { token: w.token, body: { assigneeId: agent.userId, teamId: team.id } })).status).toBe(
      200,
    );
    // A bot answers at once: the clock keeps running.
    clock += M;
    await reply(t.app, { workspaceId: w.workspaceId, conversationId: id, actorUserId: null, authorKind: 'bot', text: 'A person will answer soon.' });
    await settle();
    const s = await sla(w, id);
    expect(s.dueAt).toBe(new Date(Date.parse('2024-03-11T09:15:00+01:00')).toISOString());
    expect(s.clocks).toMatchObject([
      {
        target: 'first_response',
        status: 'running',
        policyName: 'Standard',
        timeMode: 'business',
        targetMinutes: 30,
        warnAt: new Date(Date.parse('2024-03-11T09:07:30+01:00')).toISOString(),
      },
    ]);

    clock = Date.parse('2024-03-11T09:07:00+01:00');
    await settle();
    expect(await events(w, 'sla.warning')).toEqual([]);
    clock = Date.parse('2024-03-11T09:08:00+01:00');
    await settle();
    expect(await events(w, 'sla.warning')).toMatchObject([{ conversationId: id, target: 'first_response', assigneeId: agent.userId }]);
    clock = Date.parse('2024-03-11T09:14:59+01:00');
    await settle();
    expect(await events(w, 'sla.breached')).toEqual([]);
    clock = Date.parse('2024-03-11T09:15:00+01:00');
    await settle();
    const breached = await events(w, 'sla.breached');
    expect(breached).toHaveLength(1);
    expect(breached[0]).toMatchObject({ conversationId: id, target: 'first_response', policyName: 'Standard', dueAt: Date.parse('2024-03-11T09:15:00+01:00') });
    // The owner leads no team (not a team member); Tom is a member but not a lead.
    expect(breached[0].notifyUserIds).toEqual([agent.userId, lead.userId].sort());
    // The event reaches the realtime stream's source, the event log page.
    const page = await (await t.req('GET', '/api/v1/events?after=0', { token: agent.token })).json();
    expect(JSON.stringify(page)).toContain('sla.breached');

    // Evaluating again changes nothing; the queue row says breached.
    await settle();
    expect(await events(w, 'sla.breached')).toHaveLength(1);
    const row = (await (await t.req('GET', '/api/v1/conversations?sort=sla_due', { token: w.token })).json()).conversations.find(
      (c: { id: string }) => c.id === id,
    );
    expect(row.sla).toMatchObject({ target: 'first_response', breached: true });

    // The human reply stops the clock (late: it stays breached) and the queue shows no due time.
    clock += 5 * M;
    expect((await t.req('POST', `/api/v1/conversations/${id}/replies`, { token: w.token, body: { text: 'Sorry for the wait!' } })).status).toBe(201);
    await settle();
    const after = await sla(w, id);
    expect(after).toMatchObject({ dueAt: null, clocks: [{ status: 'breached', stoppedAt: new Date(clock).toISOString() }] });
    // Open queues hear that the row's time left changed: started at 09:15 Monday, now none.
    expect((await events(w, 'sla.updated')).map((e) => e.dueAt)).toEqual([Date.parse('2024-03-11T09:15:00+01:00'), null]);

    // Attainment: 0 of 1 target met.
    const r = await (await t.req('GET', '/api/v1/metrics?from=2024-03-08&to=2024-03-11', { token: w.token })).json();
    expect(r.total.metrics).toMatchObject({ slaTargets: 1, slaMet: 0, slaBreached: 1, slaAttainment: 0 });
    expect(r.metrics.map((m: { key: string }) => m.key)).toContain('slaAttainment');

    expect((await t.req('GET', `/api/v1/conversations/${id}/sla`, { token: (await buildWorkspace(t, { name: 'Nosy' })).token })).status).toBe(404);
  });

  it('a reopened conversation starts a new first-response clock; next-response and resolution targets; attainment counts met ones', async () => {
    clock = Date.parse('2024-04-01T10:00:00Z');
    const w = await buildWorkspace(t);
    await t.req('POST', '/api/v1/sla-policies', {
      token: w.token,
      body: { name: 'Calendar', timeMode: 'calendar', targets: { firstResponseMinutes: 10, nextResponseMinutes: 20, resolutionMinutes: 60 } },
    });
    await customer(w, 'Rea');
    const id = await convOf(w, 'Rea');
    clock += 5 * M;
    await t.req('POST', `/api/v1/conversations/${id}/replies`, { token: w.token, body: { text: 'Hi!' } });
    await settle();
    clock += 5 * M;
    await customer(w, 'Rea'); // next response clock from 10:10
    clock += 5 * M;
    await t.req('POST', `/api/v1/conversations/${id}/replies`, { token: w.token, body: { text: 'Done', thenStatus: 'resolved' } });
    await settle();
    let s = await sla(w, id);
    expect(s.clocks.map((c: { target: string; status: string }) => [c.target, c.status])).toEqual([
      ['first_response', 'met'],
      ['resolution', 'met'],
      ['next_response', 'met'],
    ]);
    clock += 30 * M; // 10:45: the customer writes again within 7 days → reopen
    await customer(w, 'Rea');
    expect(await convOf(w, 'Rea')).toBe(id);
    s = await sla(w, id);
    const fr = s.clocks.filter((c: { target: string }) => c.target === 'first_response');
    expect(fr.map((c: { startedAt: string; status: string }) => [c.startedAt, c.status])).toEqual([
      ['2024-04-01T10:00:00.000Z', 'met'],
      ['2024-04-01T10:45:00.000Z', 'running'],
    ]);
    expect(s.dueAt).toBe('2024-04-01T10:55:00.000Z');
    const r = await (await t.req('GET', '/api/v1/metrics?from=2024-04-01&to=2024-04-01', { token: w.token })).json();
    expect(r.total.metrics).toMatchObject({ slaTargets: 3, slaMet: 3, slaAttainment: 1 });
  });

  it('the queue sorts by SLA due (breached first, none last) with stable pages; a new policy starts clocks of customers already waiting', async () => {
    clock = Date.parse('2024-05-06T10:00:00Z');
    const w = await buildWorkspace(t);
    await customer(w, 'Early'); // waiting since 10:00, no policy yet
    clock += 20 * M;
    await customer(w, 'Late'); // 10:20
    await customer(w, 'Email', { conversation: { kind: 'email' } });
    expect((await sla(w, await convOf(w, 'Early'))).clocks).toEqual([]);
    // Only DMs have a target; the rescan gives the waiting ones their clocks at once.
    expect(
      (
        await t.req('POST', '/api/v1/sla-policies', {
          token: w.token,
          body: { name: 'DMs', timeMode: 'calendar', match: { kinds: ['dm'] }, targets: { firstResponseMinutes: 15 } },
        })
      ).status,
    ).toBe(201);
    await settle();
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { conversations: Array<{ contact: { name: string }; sla: { breached: boolean; msLeft: number } | null }>; nextCursor: string | null } =
        await (await t.req('GET', `/api/v1/conversations?sort=sla_due&limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: w.token })).json();
      for (const c of page.conversations) names.push(`${c.contact.name}:${c.sla ? (c.sla.breached ? 'breached' : Math.round(c.sla.msLeft / M)) : '-'}`);
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(['Early:breached', 'Late:15', 'Email:-']);
    expect((await t.req('GET', '/api/v1/conversations?sort=due', { token: w.token })).status).toBe(400);
  });

  it('the event follower: two schedulers at once enqueue one evaluation per touched conversation, and never the same range twice', async () => {
    clock = Date.parse('2024-06-03T10:00:00Z');
    const w = await buildWorkspace(t);
    await customer(w, 'Fol');
    const id = await convOf(w, 'Fol');
    const jobs = async () =>
      Number(
        (
          await t.app.store.db
            .selectFrom('jobs')
            .select((e) => e.fn.countAll().as('n'))
            .where('name', '=', 'sla.check')
            .where('payload', 'like', `%${id}%`)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await jobs();
    for (const text of ['one', 'two'])
      expect((await t.req('POST', `/api/v1/conversations/${id}/replies`, { token: w.token, body: { text } })).status).toBe(201);
    const [a, b] = await Promise.all([followSlaEvents(t.app), followSlaEvents(t.app)]);
    expect(await jobs()).toBe(before + 1);
    expect(a + b).toBeGreaterThanOrEqual(1);
    expect(await followSlaEvents(t.app)).toBe(0);
  });

  it('a running clock follows the match: raising the priority moves it to the urgent policy; without any policy it goes', async () => {
    clock = Date.parse('2024-07-01T10:00:00Z');
    const w = await buildWorkspace(t);
    const urgent = await (
      await t.req('POST', '/api/v1/sla-policies', {
        token: w.token,
        body: { name: 'Urgent', timeMode: 'calendar', match: { priorities: [4] }, targets: { firstResponseMinutes: 10 } },
      })
    ).json();
    const std = await (
      await t.req('POST', '/api/v1/sla-policies', { token: w.token, body: { name: 'Standard', timeMode: 'calendar', targets: { firstResponseMinutes: 60 } } })
    ).json();
    await customer(w, 'Pri');
    const id = await convOf(w, 'Pri');
    expect(await sla(w, id)).toMatchObject({ dueAt: '2024-07-01T11:00:00.000Z', clocks: [{ policyName: 'Standard' }] });
    clock += M;
    expect((await t.req('PATCH', `/api/v1/conversations/${id}`, { token: w.token, body: { priority: 4 } })).status).toBe(200);
    await settle();
    expect(await sla(w, id)).toMatchObject({ dueAt: '2024-07-01T10:10:00.000Z', clocks: [{ policyName: 'Urgent', targetMinutes: 10, status: 'running' }] });
    expect((await t.req('PATCH', `/api/v1/sla-policies/${urgent.id}`, { token: w.token, body: { enabled: false } })).status).toBe(200);
    await settle();
    expect((await sla(w, id)).clocks).toMatchObject([{ policyName: 'Standard' }]);
    expect((await t.req('DELETE', `/api/v1/sla-policies/${std.id}`, { token: w.token })).status).toBe(204);
    await settle();
    expect(await sla(w, id)).toEqual({ conversationId: id, dueAt: null, clocks: [] });
  });
});
