import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../events/reactors.js';
import { setBusinessHours } from '../hours/set-business-hours.js';
import { runDueJobs } from '../jobs/run-due.js';
import { reactors } from '../processes/reactors.js';
import { buildInbound, buildPeerApp, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { fireRules } from './fire.js';
import { loadRules } from './store.js';
import { scanTimeRules } from './time-scan.js';
import { settlePipeline } from '../test/settle.js';

const M = 60_000;
let t: TestApp;
let clock = Date.parse('2026-11-02T10:00:00Z'); // a Monday

const settle = (app = t.app) => settlePipeline(app, 4);
async function say(w: TestWorkspace, who: string, text: string) {
  const body = buildInbound({ from: { id: who, name: who }, text, timestamp: clock });
  expect((await deliver(t, w, body)).status).toBe(200);
  await settle();
  return t.app.store.db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .selectAll('conversations')
    .where('conversations.workspace_id', '=', w.workspaceId)
    .where('contacts.name', '=', who)
    .executeTakeFirstOrThrow();
}
const fired = (ruleId: string) =>
  t.app.store.db.selectFrom('rule_firings').selectAll().where('rule_id', '=', ruleId).where('outcome', '=', 'applied').execute();
async function rule(w: TestWorkspace, body: Record<string, unknown>) {
  const res = await t.req('POST', '/api/v1/rules', { token: w.token, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string };
}
/** The scheduler's scan, then the jobs it asked for. */
async function scan(app = t.app) {
  await scanTimeRules(app);
  while (await runDueJobs(app)) {}
}

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  t.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
  await runReactors(t.app, reactors);
});
afterAll(() => t.close());

describe(`time-based rules and many workers (${testDialect})`, () => {
  it('"no reply for 10 minutes" fires once per waiting period, and not again after a restart', async () => {
    clock = Date.parse('2026-11-02T10:00:00Z');
    const w = await buildWorkspace(t);
    const r = await rule(w, { name: 'Waiting 10 min', trigger: { type: 'no_reply_for', minutes: 10 }, actions: [{ type: 'add_tags', tags: ['waiting'] }] });
    const conv = await say(w, 'Wes', 'Anyone there? My order is late.');
    clock += 9 * M;
    await scan();
    expect(await fired(r.id)).toHaveLength(0);
    clock += 2 * M;
    await scan();
    await scan();
    expect(await fired(r.id)).toHaveLength(1);

    // A restart: a new process over the same database finds nothing more to do for this period.
    const peer = await buildPeerApp(t);
    peer.app.now = () => clock;
    try {
      clock += 5 * M;
      await scan(peer.app);
      expect(await fired(r.id)).toHaveLength(1);
    } finally {
      await peer.close();
    }
    // An answer ends the period; the customer's next message starts a new one that fires again.
    await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, { token: w.token, body: { text: 'Looking now.' } });
    await settle();
    clock += 20 * M;
    await scan();
    expect(await fired(r.id)).toHaveLength(1);
    clock += M;
    await say(w, 'Wes', 'Still waiting');
    clock += 11 * M;
    await scan();
    expect(await fired(r.id)).toHaveLength(2);
  });

  it('business minutes: a message on Friday 17:55 with "10 business minutes" fires on Monday morning', async () => {
    clock = Date.parse('2026-11-06T09:00:00Z'); // Friday
    const w = await buildWorkspace(t);
    const day = [{ start: '09:00', end: '18:00' }];
    await setBusinessHours(t.app, {
      workspaceId: w.workspaceId,
      actorUserId: null,
      hours: { timeZone: 'UTC', days: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] }, holidays: [] },
    });
    const r = await rule(w, {
      name: 'Business wait',
      trigger: { type: 'no_reply_for', minutes: 10, time: 'business' },
      actions: [{ type: 'add_tags', tags: ['late'] }],
    });
    const cal = await rule(w, { name: 'Calendar wait', trigger: { type: 'no_reply_for', minutes: 10 }, actions: [{ type: 'add_tags', tags: ['late-cal'] }] });
    clock = Date.parse('2026-11-06T17:55:00Z');
    await say(w, 'Fritz', 'Order question before the weekend');
    clock = Date.parse('2026-11-06T18:30:00Z');
    await scan();
    expect(await fired(r.id)).toHaveLength(0);
    expect(await fired(cal.id)).toHaveLength(1);
    clock = Date.parse('2026-11-09T09:04:00Z'); // Monday
    await scan();
    expect(await fired(r.id)).toHaveLength(0);
    clock = Date.parse('2026-11-09T09:06:00Z');
    await scan();
    expect(await fired(r.id)).toHaveLength(1);
  });

  it('"pending for N hours" and "assignee silent for N minutes"', async () => {
    clock = Date.parse('2026-11-10T10:00:00Z');
    const w = await buildWorkspace(t);
    const pending = await rule(w, { name: 'Pending 2h', trigger: { type: 'pending_for', hours: 2 }, actions: [{ type: 'set_status', status: 'resolved' }] });
    const silent = await rule(w, { name: 'Silent 15', trigger: { type: 'assignee_silent', minutes: 15 }, actions: [{ type: 'assign', assigneeId: null }] });
    const a = await say(w, 'Pia', 'Question one');
    await t.req('POST', `/api/v1/conversations/${a.id}/status`, { token: w.token, body: { status: 'pending' } });
    const b = await say(w, 'Sid', 'Question two');
    await t.req('POST', `/api/v1/conversations/${b.id}/assign`, { token: w.token, body: { assigneeId: w.ownerId } });
    await settle();
    clock += 14 * M;
    await scan();
    expect(await fired(silent.id)).toHaveLength(0);
    clock += 2 * M;
    await scan();
    expect(await fired(silent.id)).toHaveLength(1);
    expect((await t.app.store.db.selectFrom('conversations').select('assignee_id').where('id', '=', b.id).executeTakeFirstOrThrow()).assignee_id).toBeNull();
    expect(await fired(pending.id)).toHaveLength(0);
    clock += 2 * 60 * M;
    await scan();
    expect(await fired(pending.id)).toHaveLength(1);
    expect((await t.app.store.db.selectFrom('conversations').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status).toBe('resolved');
  });

  it('two workers never both fire one rule for one event', async () => {
    clock = Date.parse('2026-11-11T10:00:00Z');
    const w = await buildWorkspace(t);
    const r = await rule(w, { name: 'Note', trigger: { type: 'conversation_created' }, actions: [{ type: 'add_note', text: 'hello from the rule' }] });
    // Disabled while the message arrives, so only the race below fires it.
    await t.req('POST', `/api/v1/rules/${r.id}/disable`, { token: w.token });
    const conv = await say(w, 'Race', 'Hi');
    await t.req('POST', `/api/v1/rules/${r.id}/enable`, { token: w.token });
    const ev = await t.app.store.db
      .selectFrom('events')
      .select('id')
      .where('conversation_id', '=', conv.id)
      .where('type', '=', 'conversation.created')
      .executeTakeFirstOrThrow();
    // Other workers: their own connections on PostgreSQL; on SQLite the same app, run concurrently (one writer anyway).
    const peers = testDialect === 'postgres' ? await Promise.all([buildPeerApp(t), buildPeerApp(t), buildPeerApp(t)]) : [];
    try {
      for (const p of peers) p.app.now = () => clock;
      const apps = peers.length ? [t.app, ...peers.map((p) => p.app)] : [t.app, t.app, t.app, t.app];
      const occasion = async (app: typeof t.app) => ({
        conversationId: conv.id,
        eventKey: `e:${ev.id}`,
        eventId: Number(ev.id),
        eventType: 'conversation.created',
        depth: 1,
        rules: await loadRules(app.store.db, w.workspaceId, { enabledOnly: true }),
        timeBased: false,
      });
      const counts = await Promise.all(apps.map(async (app) => fireRules(app, w.workspaceId, await occasion(app))));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
      // And the reactor loops of four workers at once enqueue nothing twice either.
      await Promise.all(apps.map((app) => runReactors(app, reactors)));
    } finally {
      await Promise.all(peers.map((p) => p.close()));
    }
    const notes = await t.app.store.db.selectFrom('messages').select('id').where('conversation_id', '=', conv.id).where('direction', '=', 'note').execute();
    expect(notes).toHaveLength(1);
    expect(await fired(r.id)).toHaveLength(1);
  });
});
