import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../conversations/reply.js';
import { processJournalBatch } from '../intake/processor.js';
import { buildMember, buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

const M = 60_000;
let t: TestApp;
let clock = Date.parse('2024-03-04T10:00:00Z'); // Monday

async function customer(w: TestWorkspace, from: string, over: Record<string, unknown> = {}) {
  expect((await deliver(t, w, buildInbound({ from: { id: from }, timestamp: clock, ...over }))).status).toBe(200);
  while (await processJournalBatch(t.app)) {}
}
async function convOf(w: TestWorkspace, from: string) {
  const rows = await t.app.store.db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .innerJoin('identities', 'identities.contact_id', 'contacts.id')
    .select('conversations.id')
    .where('conversations.workspace_id', '=', w.workspaceId)
    .where('identities.external_id', '=', from)
    .orderBy('conversations.created_at', 'desc')
    .execute();
  return rows[0].id;
}
const humanReply = (w: TestWorkspace, id: string, body: Record<string, unknown> = {}) =>
  t.req('POST', `/api/v1/conversations/${id}/replies`, { token: w.token, body: { text: 'On it!', ...body } });
async function metrics(w: TestWorkspace, query: string) {
  const res = await t.req('GET', `/api/v1/metrics?${query}`, { token: w.token });
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
});
afterAll(() => t.close());

describe(`metrics API (${testDialect})`, () => {
  it('first response: a bot reply does not stop the clock, a human one does; reopen starts a new clock', async () => {
    const w = await buildWorkspace(t);
    await customer(w, 'ana');
    const id = await convOf(w, 'ana');
    clock += M;
    await reply(t.app, { workspaceId: w.workspaceId, conversationId: id, actorUserId: null, authorKind: 'bot', text: 'Thanks! A person will answer soon.' });
    clock += 9 * M;
    expect((await humanReply(w, id, { thenStatus: 'resolved' })).status).toBe(201);
    clock += 50 * M; // 11:00: the customer writes again → reopen
    await customer(w, 'ana');
    expect(await convOf(w, 'ana')).toBe(id);
    clock += 5 * M;
    await humanReply(w, id);

    const r = await metrics(w, 'from=2024-03-04&to=2024-03-04');
    expect(r.total.metrics).toMatchObject({
      inboundMessages: 2,
      newConversations: 1,
      conversations: 2,
      answered: 2,
      responseRate: 1,
      firstResponseMedian: 450,
      firstResponseMean: 450,
      firstResponseP90: 600,
      resolved: 1,
      resolutionRate: 0.5,
      resolutionMedian: 600,
      reopened: 1,
      reopenRate: 1,
    });
  });

  it('business time follows the channel hours; calendar time does not', async () => {
    const w = await buildWorkspace(t);
    const hours = {
      timeZone: 'Europe/Berlin',
      days: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])),
    };
    expect((await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: hours })).status).toBe(200);
    clock = Date.parse('2024-03-08T16:45:00+01:00'); // Friday
    await customer(w, 'ben');
    clock = Date.parse('2024-03-11T09:15:00+01:00'); // Monday
    await humanReply(w, await convOf(w, 'ben'));
    const biz = await metrics(w, 'from=2024-03-08&to=2024-03-11&time=business');
    expect(biz.timeZone).toBe('Europe/Berlin');
    expect(biz.total.metrics.firstResponseMedian).toBe(1800);
    const cal = await metrics(w, 'from=2024-03-08&to=2024-03-11');
    expect(cal.total.metrics.firstResponseMedian).toBe((Date.parse('2024-03-11T09:15:00+01:00') - Date.parse('2024-03-08T16:45:00+01:00')) / 1000);
    // Changing the hours later (a new version from now on) does not rewrite that report.
    clock = Date.parse('2024-03-12T08:00:00Z');
    await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: { ...hours, timeZone: 'UTC', days: { sat: [{ start: '00:00', end: '24:00' }] } } });
    expect((await metrics(w, 'from=2024-03-08&to=2024-03-11&time=business')).total.metrics.firstResponseMedian).toBe(1800);
  });

  it('a late customer message (written before, delivered after the reply) moves the clock start back', async () => {
    const w = await buildWorkspace(t);
    clock = Date.parse('2024-04-01T10:00:00Z');
    await customer(w, 'cy');
    clock += 10 * M;
    await humanReply(w, await convOf(w, 'cy'));
    clock += 20 * M;
    await customer(w, 'cy', { timestamp: Date.parse('2024-04-01T09:50:00Z') });
    const r = await metrics(w, 'from=2024-04-01&to=2024-04-01');
    expect(r.total.metrics).toMatchObject({ inboundMessages: 2, conversations: 1, firstResponseMedian: 1200 });
  });

  it('groups by channel, agent, team, tag, kind and period, with filters and labels', async () => {
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent', 'Alex Agent');
    const team = await (await t.req('POST', '/api/v1/teams', { token: w.token, body: { name: 'Billing' } })).json();
    clock = Date.parse('2024-05-06T08:00:00Z');
    await customer(w, 'd1');
    await customer(w, 'd2', { conversation: { kind: 'comment', item_id: 'post-1' } });
    clock = Date.parse('2024-05-07T08:00:00Z');
    await customer(w, 'd3');
    const [c1, c2] = [await convOf(w, 'd1'), await convOf(w, 'd2')];
    await t.req('POST', `/api/v1/conversations/${c1}/assign`, { token: w.token, body: { assigneeId: agent.userId, teamId: team.id } });
    await t.req('POST', `/api/v1/conversations/${c1}/tags`, { token: w.token, body: { add: ['refund', 'vip'] } });
    clock += 30 * M;
    await humanReply({ ...w, token: agent.token }, c1);
    await humanReply(w, c2);

    const byAgent = await metrics(w, 'from=2024-05-01&to=2024-05-31&by=agent');
    const alex = byAgent.rows.find((r: { key: { agent: string } }) => r.key.agent === agent.userId);
    expect(alex.labels.agent).toBe('Alex Agent');
    expect(alex.metrics).toMatchObject({ conversations: 1, answered: 1 });
    expect(byAgent.rows.find((r: { key: { agent: string } }) => r.key.agent === 'none').metrics.conversations).toBe(2);

    const byTagDay = await metrics(w, 'from=2024-05-01&to=2024-05-31&by=tag,day');
    expect(byTagDay.rows.map((r: { key: object }) => r.key)).toEqual([
      { tag: 'none', day: '2024-05-06' },
      { tag: 'none', day: '2024-05-07' },
      { tag: 'refund', day: '2024-05-06' },
      { tag: 'vip', day: '2024-05-06' },
    ]);
    expect((await metrics(w, `from=2024-05-01&to=2024-05-31&team=${team.id}`)).total.metrics.conversations).toBe(1);
    expect((await metrics(w, 'from=2024-05-01&to=2024-05-31&kind=comment')).total.metrics).toMatchObject({ conversations: 1, answered: 1 });
    expect((await metrics(w, `from=2024-05-01&to=2024-05-31&by=channel&channel=${w.channelId}`)).rows[0].labels.channel).toBe('Custom source');
    expect((await metrics(w, 'from=2024-05-01&to=2024-05-31&by=month,kind')).rows.map((r: { key: object }) => r.key)).toEqual([
      { month: '2024-05', kind: 'comment' },
      { month: '2024-05', kind: 'dm' },
    ]);
  });

  it('rejects bad queries field by field and sees only its own workspace', async () => {
    const w = await buildWorkspace(t);
    const bad = await t.req('GET', '/api/v1/metrics?by=planet&time=lunar&tz=Nowhere/Here', { token: w.token });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['query.by', 'query.time', 'query.tz']);
    expect((await t.req('GET', '/api/v1/metrics?from=2024-05-02&to=2024-05-01', { token: w.token })).status).toBe(400);
    expect((await metrics(w, 'from=2024-01-01&to=2024-12-31')).total.metrics.inboundMessages).toBe(0);
    expect((await t.req('GET', '/api/v1/metrics')).status).toBe(401);
  });

  it("responsiveness: Meta's rule over the last 7 days, saying what is missing", async () => {
    const w = await buildWorkspace(t);
    clock = Date.parse('2024-06-03T10:00:00Z');
    for (const who of ['e1', 'e2', 'e3']) await customer(w, who);
    clock += 20 * M;
    await humanReply(w, await convOf(w, 'e1'));
    await reply(t.app, { workspaceId: w.workspaceId, conversationId: await convOf(w, 'e2'), actorUserId: null, authorKind: 'automation', text: 'We are away' });
    clock += M;
    const r = await (await t.req('GET', '/api/v1/metrics/responsiveness', { token: w.token })).json();
    expect(r.channels[0]).toMatchObject({
      channelId: w.channelId,
      badgeApplies: false,
      conversations: 3,
      answered: 1,
      medianResponseSeconds: 1200,
      responsive: false,
    });
    expect(r.channels[0].missing).toEqual([
      'response rate 33.3 % is below 90 %: 2 more of the 2 unanswered conversations need a human reply',
      'median response time 20.0 min is 5.0 min over the 15 min limit',
    ]);
    await humanReply(w, await convOf(w, 'e2'));
    await humanReply(w, await convOf(w, 'e3'));
    clock = Date.parse('2024-06-03T10:00:00Z') + 8 * 86_400_000; // a week later the window is empty
    expect((await (await t.req('GET', '/api/v1/metrics/responsiveness', { token: w.token })).json()).channels[0].missing).toEqual([
      'no customer conversations in the last 7 days',
    ]);
  });
});
