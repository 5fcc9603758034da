import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import type { SendRequest } from '../channels/contract/send.js';
import { followSlaEvents } from '../sla/follow-events.js';
import { buildMember, buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

const M = 60_000;
let t: TestApp;
let clock = Date.parse('2024-03-04T10:00:00+01:00'); // Monday, Berlin
const sent: SendRequest[] = [];
const office = { timeZone: 'Europe/Berlin', days: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])) };
const on = { enabled: true, away: { links: [{ label: 'Order status', url: 'https://shop.example.com/orders' }] } };

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
async function outbound(id: string) {
  return t.app.store.db
    .selectFrom('messages')
    .select(['body', 'author_kind', 'visibility', 'delivery_status'])
    .where('conversation_id', '=', id)
    .where('direction', '=', 'out')
    .orderBy('created_at')
    .execute();
}
async function workspaceWithHours(settings: unknown = on) {
  const w = await buildWorkspace(t);
  expect((await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: office })).status).toBe(200);
  expect((await t.req('PUT', '/api/v1/auto-replies', { token: w.token, body: settings })).status).toBe(200);
  return w;
}

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  // A stand-in network that accepts every send (the fake clock is years behind a real signature check).
  t.app.senders.set('api', { send: async (r) => (sent.push(r), { ok: true, externalId: `net-${r.idempotencyKey}` }) });
});
afterAll(() => t.close());

describe(`auto-replies (${testDialect})`, () => {
  it('a workspace with no auto-reply setting and no SLA policy gets no follow-up job; one with a setting does', async () => {
    const jobs = (ws: string) => t.app.store.db.selectFrom('jobs').select('id').where('workspace_id', '=', ws).where('name', '=', 'inbound.followup').execute();
    const quiet = await buildWorkspace(t);
    expect((await deliver(t, quiet, buildInbound({ from: { id: 'q1' }, timestamp: clock }))).status).toBe(200);
    while (await processJournalBatch(t.app)) {}
    expect(await jobs(quiet.workspaceId)).toHaveLength(0);
    const busy = await workspaceWithHours();
    expect((await deliver(t, busy, buildInbound({ from: { id: 'b1' }, timestamp: clock }))).status).toBe(200);
    while (await processJournalBatch(t.app)) {}
    expect(await jobs(busy.workspaceId)).toHaveLength(1);
  });

  it('settings: workspace default and channel override; admins write, agents read; bad input by field; other workspaces 404', async () => {
    clock = Date.parse('2024-03-04T10:00:00+01:00');
    const w = await buildWorkspace(t);
    const other = await buildWorkspace(t, { name: 'Other' });
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const initial = await (await t.req('GET', '/api/v1/auto-replies', { token: agent.token })).json();
    expect(initial).toMatchObject({
      default: { enabled: false, acknowledge: { enabled: true }, away: { enabled: true, links: [] }, publicReplies: false },
      overrides: [],
    });
    expect((await t.req('PUT', '/api/v1/auto-replies', { token: agent.token, body: on })).status).toBe(403);
    const put = await (await t.req('PUT', '/api/v1/auto-replies', { token: w.token, body: on })).json();
    expect(put.default).toMatchObject({ enabled: true, away: { links: [{ label: 'Order status' }] } });
    const url = `/api/v1/channels/${w.channelId}/auto-replies`;
    expect(await (await t.req('GET', url, { token: w.token })).json()).toMatchObject({ source: 'workspace', settings: { enabled: true } });
    expect(await (await t.req('PUT', url, { token: w.token, body: { enabled: false } })).json()).toMatchObject({
      source: 'override',
      settings: { enabled: false },
    });
    expect((await (await t.req('GET', '/api/v1/auto-replies', { token: w.token })).json()).overrides).toMatchObject([
      { channelId: w.channelId, settings: { enabled: false } },
    ]);
    expect(await (await t.req('DELETE', url, { token: w.token })).json()).toMatchObject({ source: 'workspace' });
    expect((await t.req('DELETE', url, { token: w.token })).status).toBe(404);
    const bad = await t.req('PUT', '/api/v1/auto-replies', {
      token: w.token,
      body: { enabled: 'yes', away: { text: '', links: [{ label: 'x', url: 'javascript:alert(1)' }] } },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['enabled', 'away.text', 'away.links.0.url']),
    );
    expect((await t.req('GET', url, { token: other.token })).status).toBe(404);
    expect((await t.req('PUT', url, { token: other.token, body: on })).status).toBe(404);
  });

  it('during hours: one acknowledgement to the first message, however many the customer writes; recorded as automation and never counted as a response', async () => {
    clock = Date.parse('2024-03-04T10:00:00+01:00');
    const w = await workspaceWithHours();
    for (let i = 0; i < 5; i++) {
      await customer(w, 'Ada', { text: `message ${i}` });
      clock += M;
    }
    const id = await convOf(w, 'Ada');
    const out = await outbound(id);
    expect(out).toEqual([
      {
        body: "Thanks for your message! We've got it and will answer as soon as we can.",
        author_kind: 'automation',
        visibility: 'private',
        delivery_status: 'sent',
      },
    ]);
    // Still waiting for a person: the queue's waitingSince and the metrics agree.
    const conv = await (await t.req('GET', `/api/v1/conversations/${id}`, { token: w.token })).json();
    expect(conv.waitingSince ?? conv.conversation?.waitingSince).toBe(new Date(Date.parse('2024-03-04T10:00:00+01:00')).toISOString());
    const r = await (await t.req('GET', '/api/v1/metrics?from=2024-03-04&to=2024-03-04', { token: w.token })).json();
    expect(r.total.metrics).toMatchObject({ conversations: 1, answered: 0, responseRate: 0, firstResponseMedian: null });
  });

  it('outside hours: an away message with the opening hours in the schedule zone and the self-help links, once per closed period', async () => {
    clock = Date.parse('2024-03-08T18:30:00+01:00'); // Friday evening
    const w = await workspaceWithHours();
    await customer(w, 'Bo');
    clock = Date.parse('2024-03-09T11:00:00+01:00'); // Saturday: same closed period
    await customer(w, 'Bo');
    const id = await convOf(w, 'Bo');
    let out = await outbound(id);
    expect(out).toHaveLength(1);
    expect(out[0].author_kind).toBe('automation');
    expect(out[0].body).toBe(
      "Thanks for your message! We're away right now and will answer Monday 09:00. Our hours: Mon–Fri 09:00–17:00 (Europe/Berlin).\n\nOrder status: https://shop.example.com/orders",
    );
    // Monday during hours: not the first message of the conversation, so no acknowledgement.
    clock = Date.parse('2024-03-11T10:00:00+01:00');
    await customer(w, 'Bo');
    expect(await outbound(id)).toHaveLength(1);
    // Monday evening is another closed period: a new away message.
    clock = Date.parse('2024-03-11T19:00:00+01:00');
    await customer(w, 'Bo');
    out = await outbound(id);
    expect(out).toHaveLength(2);
    expect(out[1].body).toContain('will answer Tuesday 09:00');
  });

  it('public comments get nothing unless the channel says so; old (backfilled) messages and trolls get nothing; a human answer first means no acknowledgement', async () => {
    clock = Date.parse('2024-03-05T10:00:00+01:00');
    const w = await workspaceWithHours();
    await customer(w, 'Cy', { conversation: { kind: 'comment', item_id: 'post-1' } });
    expect(await outbound(await convOf(w, 'Cy'))).toEqual([]);
    expect((await t.req('PUT', `/api/v1/channels/${w.channelId}/auto-replies`, { token: w.token, body: { ...on, publicReplies: true } })).status).toBe(200);
    await customer(w, 'Di', { conversation: { kind: 'comment', item_id: 'post-2' } });
    expect(await outbound(await convOf(w, 'Di'))).toMatchObject([{ author_kind: 'automation', visibility: 'public' }]);

    await customer(w, 'Ed', { timestamp: clock - 60 * M });
    expect(await outbound(await convOf(w, 'Ed'))).toEqual([]);

    // A troll gets no automatic answer (a person decides); the customer after it does.
    await customer(w, 'Troll', { text: 'lol this company is a joke, clowns, worst brand ever' });
    expect(await outbound(await convOf(w, 'Troll'))).toEqual([]);
    await customer(w, 'Fay', { text: 'Hi, where is my parcel? Ordered last week.' });
    expect(await outbound(await convOf(w, 'Fay'))).toMatchObject([{ author_kind: 'automation' }]);
  });
});
