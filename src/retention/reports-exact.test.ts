import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactorCursor, replayReactor, runReactors } from '../events/reactors.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { markWorkspaceStale } from '../metrics/rollup/mark-stale.js';
import { projectAll } from '../metrics/rollup/project-stale.js';
import { reactors } from '../processes/reactors.js';
import { auditReactor } from '../audit/audit-reactor.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

/**
 * The core promise of retention (docs/retention.md): a report over a period gives the same
 * numbers before and after the raw data of that period is gone — because reports read the metric
 * rollups, and a conversation is deleted only once its rollup is current.
 */

const M = 60_000;
const DAY = 86_400_000;
const START = Date.parse('2024-01-01T09:00:00Z'); // a Monday
let clock = START;
let t: TestApp;
let w: TestWorkspace;
let agent: { userId: string; token: string };

async function settle() {
  while (await processJournalBatch(t.app)) {}
  await runReactors(t.app, reactors);
  while (await runDueJobs(t.app)) {}
  await runReactors(t.app, reactors);
}
async function customer(from: string, text: string) {
  expect((await deliver(t, w, buildInbound({ from: { id: from, name: from }, text, timestamp: clock }))).status).toBe(200);
  await settle();
  const c = await t.app.store.db
    .selectFrom('conversations')
    .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
    .select('conversations.id')
    .where('identities.external_id', '=', from)
    .where('conversations.workspace_id', '=', w.workspaceId)
    .orderBy('conversations.created_at', 'desc')
    .executeTakeFirstOrThrow();
  return c.id;
}
const call = async (method: string, url: string, body?: unknown, token = w.token) => {
  const r = await t.req(method, url, { token, body });
  return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text() };
};

/** Every report the web app and the API offer over the whole seeded period, as JSON and CSV. */
async function reports() {
  const out: Record<string, unknown> = {};
  const q = 'from=2023-12-28&to=2024-03-05&tz=Europe/Lisbon';
  for (const by of ['', 'day', 'week', 'agent', 'tag', 'channel', 'agent,tag', 'kind,month'])
    for (const time of ['calendar', 'business']) {
      const r = await call('GET', `/api/v1/metrics?${q}&time=${time}${by ? `&by=${by}` : ''}`);
      expect(r.status).toBe(200);
      out[`metrics ${by} ${time}`] = r.body;
    }
  // Ragged ends: hours cut by the period come from the stored cycles rather than the stored hours.
  out.ragged = (await call('GET', '/api/v1/metrics?from=2024-01-02T10:17:00Z&to=2024-01-09T03:41:00Z&by=day')).body;
  out.dashboard = (await call('GET', `/api/v1/reports/dashboard?${q}`)).body;
  out.csv = (await call('GET', `/api/v1/reports/export?${q}&by=agent`)).body;
  out.filtered = (await call('GET', `/api/v1/metrics?${q}&tag=billing&by=week`)).body;
  return out;
}

const count = async (table: 'conversations' | 'messages' | 'events' | 'journal') =>
  Number(
    (
      await t.app.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', '=', w.workspaceId)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  t.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
  w = await buildWorkspace(t);
  agent = await buildMember(t, w.workspaceId, 'agent', 'Ada Agent');

  // Ten days, three customers a day: answered by the owner or an agent after a few minutes,
  // tagged, some assigned, all resolved; one of them writes again the next hour (a reopen).
  for (let d = 0; d < 10; d++) {
    for (let i = 0; i < 3; i++) {
      clock = START + d * DAY + i * 37 * M;
      const who = `c${d}-${i}`;
      const id = await customer(who, `Order ${d}-${i} has not arrived, help`);
      clock += (3 + i * 11) * M;
      if (i === 1) expect((await call('POST', `/api/v1/conversations/${id}/assign`, { assigneeId: agent.userId })).status).toBe(200);
      expect((await call('POST', `/api/v1/conversations/${id}/tags`, { add: [i === 2 ? 'billing' : 'shipping'] })).status).toBe(200);
      const token = i === 1 ? agent.token : w.token;
      expect((await call('POST', `/api/v1/conversations/${id}/replies`, { text: 'Sorry! Looking now.', thenStatus: 'resolved' }, token)).status).toBe(201);
      await settle();
      if (i === 0 && d % 3 === 0) {
        clock += 40 * M;
        expect(await customer(who, 'Still nothing, sorry to insist')).toBe(id);
        clock += 20 * M;
        expect((await call('POST', `/api/v1/conversations/${id}/replies`, { text: 'Shipped today.', thenStatus: 'resolved' })).status).toBe(201);
        await settle();
      }
    }
  }
  // Day 3: a customer nobody answered, still open.
  clock = START + 3 * DAY + 5 * 60 * M;
  await customer('still-open', 'Is anyone there?');
  // Two months later: recent conversations, which stay.
  for (let i = 0; i < 2; i++) {
    clock = START + 62 * DAY + i * 50 * M;
    const id = await customer(`recent-${i}`, 'Do you ship to Porto?');
    clock += 9 * M;
    expect((await call('POST', `/api/v1/conversations/${id}/replies`, { text: 'We do!', thenStatus: 'resolved' })).status).toBe(201);
    await settle();
  }
  clock = START + 63 * DAY;
  await projectAll(t.app, w.workspaceId);
}, 120_000);
afterAll(() => t?.close());

describe(`retention keeps reports exact (${testDialect})`, () => {
  it('a report over a period gives the same numbers before and after the period is purged', async () => {
    const before = await reports();
    expect((before['metrics  calendar'] as { total: { metrics: { conversations: number } } }).total.metrics.conversations).toBe(30 + 4 + 1 + 2);
    const set = await call('PUT', '/api/v1/retention', { journalDays: 7, eventsDays: 30, mediaDays: 30, conversationsDays: 30 });
    expect(set.status).toBe(200);
    await runReactors(t.app, reactors);
    const conversations = await count('conversations');
    const events = await count('events');
    const journal = await count('journal');
    const run = await call('POST', '/api/v1/retention/run');
    expect(run.status).toBe(200);
    const removed = run.body.run.removed;
    // The thirty old resolved conversations go; the open one and the two recent ones stay.
    expect(removed.conversations).toBe(30);
    expect(await count('conversations')).toBe(conversations - 30);
    expect(
      (await t.app.store.db.selectFrom('conversations').select('status').where('workspace_id', '=', w.workspaceId).orderBy('created_at').execute()).map(
        (c) => c.status,
      ),
    ).toEqual(['open', 'resolved', 'resolved']);
    expect(removed.messages).toBe(30 * 2 + 4 * 2);
    expect(await count('events')).toBe(events - removed.events);
    expect(await count('journal')).toBe(journal - removed.journal);
    // Raw deliveries of the last 7 days stay (the two recent customers); older ones go.
    expect(await count('journal')).toBe(2);
    // Nothing left of the purged conversations in the search index.
    expect((await call('GET', '/api/v1/search?q=arrived')).body.results).toEqual([]);
    const docs = await t.app.store.db.selectFrom('search_docs').select('message_id').where('workspace_id', '=', w.workspaceId).execute();
    expect(docs.length).toBe(await count('messages'));

    expect(await reports()).toEqual(before);

    // Recomputing every rollup still held (metrics-rebuild) changes nothing either: the purged
    // conversations' rows are not touched by it.
    await markWorkspaceStale(t.app.store.db, w.workspaceId, t.app.now());
    await projectAll(t.app, w.workspaceId);
    expect(await reports()).toEqual(before);

    const audit = await call('GET', '/api/v1/audit?action=retention.');
    // (Same clock time: the order between the two is not the point.)
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['retention.changed', 'retention.run']);
    expect(audit.body.items.find((e: { action: string }) => e.action === 'retention.run').data).toMatchObject({
      trigger: 'manual',
      conversations: 30,
      messages: 68,
      journal: removed.journal,
      events: removed.events,
    });
  });

  it('never deletes an event a reactor has not handled, nor a conversation whose events are ahead of one', async () => {
    // A new resolved conversation, two months old by the time retention runs.
    clock = START + 64 * DAY;
    const id = await customer('late-1', 'Where is my parcel?');
    clock += 5 * M;
    expect((await call('POST', `/api/v1/conversations/${id}/replies`, { text: 'On its way', thenStatus: 'resolved' })).status).toBe(201);
    await settle();
    await projectAll(t.app, w.workspaceId);
    clock = START + 130 * DAY;
    // The audit reactor is sent back before this conversation's events: they are not handled yet.
    const first = await t.app.store.db
      .selectFrom('events')
      .select((eb) => eb.fn.min('id').as('id'))
      .where('conversation_id', '=', id)
      .executeTakeFirstOrThrow();
    await replayReactor(t.app, auditReactor, Number(first.id));
    const floor = Number(await reactorCursor(t.app.store.db, auditReactor.name));
    const before = await reports();
    const run = await call('POST', '/api/v1/retention/run');
    // The two recent conversations are old enough now, and every reactor has handled their events.
    expect(run.body.run.removed.conversations).toBe(2);
    expect(await reports()).toEqual(before);
    expect(await t.app.store.db.selectFrom('conversations').select('id').where('id', '=', id).executeTakeFirst()).toBeDefined();
    const ahead = await t.app.store.db.selectFrom('events').select('id').where('id', '>', floor).where('workspace_id', '=', w.workspaceId).execute();
    expect(ahead.length).toBeGreaterThan(0);
    // Once every reactor has caught up, the next run takes it.
    await runReactors(t.app, reactors);
    const again = await call('POST', '/api/v1/retention/run');
    expect(again.body.run.removed.conversations).toBe(1);
    expect(await t.app.store.db.selectFrom('conversations').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect(await reports()).toEqual(before);
    // The open conversation is never deleted, however old.
    expect(
      (await t.app.store.db.selectFrom('conversations').select('status').where('workspace_id', '=', w.workspaceId).execute()).map((c) => c.status),
    ).toEqual(['open']);
  });
});
