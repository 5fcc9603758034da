import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../../conversations/reply.js';
import { enrichPending } from '../../enrich/enrich-pending.js';
import { processJournalBatch } from '../../intake/processor.js';
import { runDueJobs } from '../../jobs/run-due.js';
import { seededRandom } from '../../lib/seeded-random.js';
import { dashboardExtras } from '../../reports/dashboard.js';
import { runReactors } from '../../events/reactors.js';
import { reactors } from '../../processes/reactors.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import type { GroupBy } from '../aggregate.js';
import { computeMetrics } from '../compute-metrics.js';
import type { CycleFact } from '../cycles.js';
import { factToRow, rowToFact } from './fact-rows.js';
import { staleIds } from './load-rollup-facts.js';
import { projectAll, projectStale } from './project-stale.js';

const M = 60_000;
let t: TestApp;
let clock = Date.parse('2024-03-01T08:00:00Z');

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  t.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
});
afterAll(() => t.close());

async function settle() {
  while (await processJournalBatch(t.app)) {}
  // The reactors (SLA evaluations, rollup marks) as the worker's loop would run them.
  await runReactors(t.app, reactors);
  while (await runDueJobs(t.app)) {}
}

// Stored hours serve one dimension at a time (total, by or filtered by channel, agent, tag…);
// two at once (agent × tag, channel filtered by tag) group the stored cycles instead. Lisbon's
// midnights fall on whole UTC hours, Kathmandu's (+05:45) cut hours in two; ISO ends cut them too.
const SPECS: Array<{
  by: GroupBy[];
  time: 'calendar' | 'business';
  from?: string;
  to?: string;
  filter?: 'agent' | 'tag' | 'channel' | 'channel+tag';
  tz?: string;
}> = [
  { by: [], time: 'calendar' },
  { by: ['day'], time: 'business' },
  { by: ['agent', 'tag'], time: 'calendar' },
  { by: ['week', 'kind'], time: 'business' },
  { by: ['team'], time: 'calendar', from: '2024-03-03', to: '2024-03-05' },
  { by: ['channel'], time: 'business', filter: 'tag' },
  { by: ['day'], time: 'calendar', filter: 'agent' },
  { by: ['day'], time: 'business', tz: 'Asia/Kathmandu' },
  { by: ['tag'], time: 'calendar', from: '2024-03-02T10:17:00+01:00', to: '2024-03-09T03:41:00Z' },
  { by: ['month'], time: 'calendar', filter: 'tag', tz: 'America/St_Johns' },
  // A channel's pairs: by agent or tag within one channel, by channel and kind, one channel and one tag.
  { by: ['agent'], time: 'calendar', filter: 'channel' },
  { by: ['tag', 'day'], time: 'business', filter: 'channel' },
  { by: ['channel', 'kind'], time: 'calendar', from: '2024-03-01T06:30:00Z', to: '2024-03-12' },
  { by: [], time: 'calendar', filter: 'channel+tag' },
];

/** Every report and dashboard the specs describe, from the rollups and from scratch, must agree. */
async function expectRollupsEqualScratch(w: TestWorkspace, agentId: string) {
  for (const s of SPECS) {
    const filters =
      { agent: { agent: agentId }, tag: { tag: 'billing' }, channel: { channel: w.channelId }, 'channel+tag': { channel: w.channelId, tag: 'vip' } }[
        s.filter ?? ('none' as never)
      ] ?? {};
    const base = {
      workspaceId: w.workspaceId,
      from: s.from ?? '2024-02-28',
      to: s.to ?? '2024-03-20',
      by: s.by,
      time: s.time,
      timeZone: s.tz ?? 'Europe/Lisbon',
      filters,
    };
    const fromRollups = await computeMetrics(t.app, base);
    const fromScratch = await computeMetrics(t.app, { ...base, fromScratch: true });
    expect(fromRollups, JSON.stringify(s)).toEqual(fromScratch);
    const extras = { workspaceId: w.workspaceId, from: base.from, to: base.to, time: s.time, timeZone: base.timeZone, filters };
    expect(await dashboardExtras(t.app, extras)).toEqual(await dashboardExtras(t.app, { ...extras, fromScratch: true }));
  }
}

describe(`metric rollups (${testDialect})`, () => {
  it('a cycle fact survives the trip through a metric_cycles row', () => {
    const f: CycleFact = {
      conversationId: 'c1',
      channelId: 'ch',
      kind: 'comment',
      agentId: 'u1',
      teamId: null,
      tags: ['a', 'b'],
      index: 1,
      start: 1_000,
      inbound: [1_000, 5_000, 90_000],
      inboundSentiment: ['negative', null, 'positive'],
      firstResponse: { at: 4_000, byUserId: 'u1', cal: 3_000, biz: 0 },
      nextResponses: [{ start: 5_000, cal: 10, biz: 5 }],
      resolvedAt: 100_000,
      resolution: { cal: 99_000, biz: 40_000 },
      reopened: true,
      survey: { kind: 'nps', score: 9 },
      slaClocks: [{ target: 'first_response', status: 'met', dueAt: 60_000, stoppedAt: 4_000 }],
    };
    expect(rowToFact(factToRow(f, 'ws'))).toEqual(f);
    const bare: CycleFact = {
      ...f,
      tags: [],
      inbound: [1_000],
      inboundSentiment: [null],
      firstResponse: null,
      nextResponses: [],
      resolvedAt: null,
      resolution: null,
      reopened: false,
      survey: null,
      slaClocks: undefined,
    };
    const { slaClocks: _, ...withoutClocks } = bare;
    expect(rowToFact(factToRow(bare, 'ws'))).toEqual(withoutClocks);
  });

  it('reports from rollups equal reports from scratch after random sequences of messages, replies, reopens, late events, assignments and tags', async () => {
    const w = await buildWorkspace(t);
    const agents = [await buildMember(t, w.workspaceId, 'agent', 'Ana'), await buildMember(t, w.workspaceId, 'agent', 'Bo')];
    const office = {
      timeZone: 'Europe/Lisbon',
      days: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
          d,
          [
            { start: '09:00', end: '13:00' },
            { start: '14:00', end: '18:00' },
          ],
        ]),
      ),
    };
    expect((await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: office })).status).toBe(200);
    expect(
      (await t.req('POST', '/api/v1/sla-policies', { token: w.token, body: { name: 'All', targets: { firstResponseMinutes: 90, nextResponseMinutes: 120 } } }))
        .status,
    ).toBe(201);

    const rnd = seededRandom(20261123);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const customers = ['maria', 'joao', 'li', 'sam', 'noor', 'ivan'];
    const convs = new Map<string, string>();
    const convOf = async (who: string) => {
      const id = convs.get(who);
      if (id) return id;
      const r = await t.app.store.db
        .selectFrom('conversations')
        .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
        .select('conversations.id')
        .where('conversations.workspace_id', '=', w.workspaceId)
        .where('identities.external_id', '=', who)
        .executeTakeFirst();
      if (r) convs.set(who, r.id);
      return r?.id;
    };
    const texts = [
      'my order #A1234 never arrived!!',
      'thanks, you are great 😍',
      'how do I change my plan?',
      'still waiting…',
      'ok',
      'this is the worst service ever',
    ];
    let checks = 0;
    for (let step = 0; step < 120; step++) {
      clock += Math.floor(rnd() * 180) * M;
      const who = pick(customers);
      const id = await convOf(who);
      const r = rnd();
      if (r < 0.35 || !id) {
        // A customer message; one in five is late: written well before it reaches Hearken.
        const written = rnd() < 0.2 ? clock - Math.floor(rnd() * 240) * M : clock;
        const ext = `m-${step}`;
        expect((await deliver(t, w, buildInbound({ from: { id: who, name: who }, text: pick(texts), timestamp: written, id: ext }))).status).toBe(200);
      } else if (r < 0.55) {
        const thenStatus = pick([undefined, undefined, 'resolved', 'pending'] as const);
        const res = await t.req('POST', `/api/v1/conversations/${id}/replies`, {
          token: pick(agents).token,
          body: { text: 'We are on it', ...(thenStatus ? { thenStatus } : {}) },
        });
        expect(res.status).toBe(201);
      } else if (r < 0.62) {
        await reply(t.app, { workspaceId: w.workspaceId, conversationId: id, actorUserId: null, authorKind: 'bot', text: 'A person will answer soon.' });
      } else if (r < 0.75) {
        // 409: already in that status (nothing changes, nothing to count).
        expect([200, 409]).toContain(
          (await t.req('POST', `/api/v1/conversations/${id}/status`, { token: w.token, body: { status: pick(['resolved', 'open', 'pending', 'resolved']) } }))
            .status,
        );
      } else if (r < 0.85) {
        expect(
          (await t.req('POST', `/api/v1/conversations/${id}/assign`, { token: w.token, body: { assigneeId: pick([...agents.map((a) => a.userId), null]) } }))
            .status,
        ).toBe(200);
      } else {
        const tag = pick(['billing', 'shipping', 'vip']);
        const body = rnd() < 0.7 ? { add: [tag] } : { remove: [tag] };
        expect((await t.req('POST', `/api/v1/conversations/${id}/tags`, { token: w.token, body })).status).toBe(200);
      }
      await settle();
      if (rnd() < 0.3) await enrichPending(t.app);
      // The projector runs now and then, part way: reports mix fresh rows and stale conversations.
      if (rnd() < 0.25) await projectStale(t.app, { limit: 1 + Math.floor(rnd() * 3) });
      if (step % 30 === 29) {
        await expectRollupsEqualScratch(w, agents[0].userId);
        checks++;
      }
    }
    expect(checks).toBe(4);

    // Fully projected: every number now comes from stored rows, and still agrees.
    await enrichPending(t.app);
    expect(await projectAll(t.app)).toBeGreaterThan(0);
    const rdb = t.app.store.db;
    expect(await rdb.selectFrom('metric_stale').select('conversation_id').where('workspace_id', '=', w.workspaceId).execute()).toEqual([]);
    const stored = await rdb.selectFrom('metric_cycles').select(['idx', 'reopened']).where('workspace_id', '=', w.workspaceId).execute();
    expect(stored.length).toBeGreaterThan(customers.length); // reopens made later cycles
    expect(stored.some((c) => c.reopened === 1)).toBe(true);
    const hours = await rdb.selectFrom('metric_buckets').select(['dim', 'value']).where('workspace_id', '=', w.workspaceId).execute();
    expect(new Set(hours.map((h) => h.dim))).toEqual(
      new Set(['all', 'channel', 'kind', 'agent', 'team', 'tag', ...['kind', 'agent', 'team', 'tag'].map((d) => `ch=${w.channelId}/${d}`)]),
    );
    await expectRollupsEqualScratch(w, agents[0].userId);
    const total = (await computeMetrics(t.app, { workspaceId: w.workspaceId, from: '2024-02-28', to: '2024-03-20', by: [], time: 'calendar' })).total.metrics;
    expect(total.inboundMessages).toBeGreaterThan(40);
    expect(total.answered).toBeGreaterThan(0);
    expect(total.slaTargets).toBeGreaterThan(0);
  }, 120_000);

  it('a stored row that is out of date is never used: a change marks the conversation until it is projected again', async () => {
    const w = await buildWorkspace(t);
    clock = Date.parse('2024-05-06T10:00:00Z');
    expect((await deliver(t, w, buildInbound({ from: { id: 'zoe', name: 'zoe' }, timestamp: clock }))).status).toBe(200);
    await settle();
    await projectAll(t.app);
    const conv = (await t.app.store.db.selectFrom('conversations').select('id').where('workspace_id', '=', w.workspaceId).executeTakeFirstOrThrow()).id;
    const day = { workspaceId: w.workspaceId, from: '2024-05-06', to: '2024-05-06', by: [] as GroupBy[], time: 'calendar' as const, timeZone: 'UTC' };
    expect((await computeMetrics(t.app, day)).total.metrics.answered).toBe(0);
    clock += 10 * M;
    expect((await t.req('POST', `/api/v1/conversations/${conv}/replies`, { token: w.token, body: { text: 'Hi Zoe' } })).status).toBe(201);
    // Not projected yet (not even marked: the rollup reactor has not run): the report recomputes
    // the conversation itself, since it has an event past the reactor's cursor.
    expect([...(await staleIds(t.app, w.workspaceId))]).toEqual([conv]);
    expect((await computeMetrics(t.app, day)).total.metrics).toMatchObject({ answered: 1, firstResponseMedian: 600 });
    await projectAll(t.app);
    // A projection computed before a newer change is not written over it: the conversation stays marked.
    clock += 10 * M;
    expect((await deliver(t, w, buildInbound({ from: { id: 'zoe', name: 'zoe' }, timestamp: clock }))).status).toBe(200);
    await settle();
    // This workspace only: other tests' conversations may be marked too (a computed priority change marks one).
    const racing = await projectStale(t.app, {
      workspaceId: w.workspaceId,
      beforeWrite: async () => {
        clock += 5 * M;
        expect((await t.req('POST', `/api/v1/conversations/${conv}/status`, { token: w.token, body: { status: 'resolved' } })).status).toBe(200);
      },
    });
    expect(racing).toBe(0); // taken, computed, and not written: it changed meanwhile
    const rows = await t.app.store.db.selectFrom('metric_cycles').select(['idx', 'resolved_at']).where('conversation_id', '=', conv).execute();
    expect(rows).toEqual([{ idx: 0, resolved_at: null }]);
    expect((await t.app.store.db.selectFrom('metric_stale').select('conversation_id').where('conversation_id', '=', conv).execute()).length).toBe(1);
    expect((await computeMetrics(t.app, day)).total.metrics).toMatchObject({ inboundMessages: 2, resolved: 1 });
    await projectAll(t.app);
    expect(await t.app.store.db.selectFrom('metric_cycles').select(['idx', 'resolved_at']).where('conversation_id', '=', conv).execute()).toEqual([
      { idx: 0, resolved_at: clock },
    ]);
  });

  it('a cycle whose customer keeps writing for weeks is found for a period long after its start', async () => {
    const w = await buildWorkspace(t);
    clock = Date.parse('2024-06-03T10:00:00Z');
    for (const day of [0, 20, 45]) {
      clock = Date.parse('2024-06-03T10:00:00Z') + day * 86_400_000;
      expect((await deliver(t, w, buildInbound({ from: { id: 'kim', name: 'kim' }, timestamp: clock }))).status).toBe(200);
      await settle();
    }
    await projectAll(t.app);
    const [row] = await t.app.store.db.selectFrom('metric_cycles').select(['long_span', 'start_at']).where('workspace_id', '=', w.workspaceId).execute();
    expect(row.long_span).toBe(1);
    const late = { workspaceId: w.workspaceId, from: '2024-07-15', to: '2024-07-20', by: [] as GroupBy[], time: 'calendar' as const, timeZone: 'UTC' };
    const r = await computeMetrics(t.app, late);
    expect(r.total.metrics).toMatchObject({ inboundMessages: 1, conversations: 0 });
    expect(r).toEqual(await computeMetrics(t.app, { ...late, fromScratch: true }));
  });
});
