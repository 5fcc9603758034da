import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichPending } from '../../enrich/enrich-pending.js';
import { reEnrichSince } from '../../enrich/reenrich.js';
import { runReactors } from '../../events/reactors.js';
import { processJournalBatch } from '../../intake/processor.js';
import { runDueJobs } from '../../jobs/run-due.js';
import { reactors } from '../../processes/reactors.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { settleAfterRemoval } from '../settle-after-removal.js';
import { AUTO_SPAM, spamVerdict } from './auto-mark.js';

const M = 60_000;
let t: TestApp;
let clock = Date.parse('2026-11-02T10:00:00Z');

/** Intake, triage, every reactor and the jobs they ask for, until quiet. */
async function settle() {
  for (let i = 0; i < 3; i++) {
    while (await processJournalBatch(t.app)) {}
    while (await enrichPending(t.app)) {}
    await runReactors(t.app, reactors);
    while (await runDueJobs(t.app)) {}
  }
}
async function say(w: TestWorkspace, who: string, text: string, over: Record<string, unknown> = {}) {
  const body = buildInbound({ from: { id: who, name: who }, text, timestamp: clock, ...over });
  expect((await deliver(t, w, body)).status).toBe(200);
  await settle();
  return body.id as string;
}
const get = async (w: TestWorkspace, path: string) => (await t.req('GET', path, { token: w.token })).json();
const queueNames = async (w: TestWorkspace, query = 'status=open,pending,resolved,snoozed') =>
  (await get(w, `/api/v1/conversations?${query}&limit=100`)).conversations.map((c: { contact: { name: string } }) => c.contact.name).sort();
async function idOf(w: TestWorkspace, name: string): Promise<string> {
  const row = await t.app.store.db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select('conversations.id')
    .where('conversations.workspace_id', '=', w.workspaceId)
    .where('contacts.name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}
const clocks = async (id: string) => t.app.store.db.selectFrom('sla_clocks').select(['target', 'status']).where('conversation_id', '=', id).execute();
const breaches = async (w: TestWorkspace) =>
  Number(
    (
      await t.app.store.db
        .selectFrom('events')
        .select((e) => e.fn.countAll().as('n'))
        .where('workspace_id', '=', w.workspaceId)
        .where('type', '=', 'sla.breached')
        .executeTakeFirstOrThrow()
    ).n,
  );
async function withPolicy() {
  const w = await buildWorkspace(t);
  const policy = { name: 'Fast', timeMode: 'calendar', targets: { firstResponseMinutes: 30 } };
  expect((await t.req('POST', '/api/v1/sla-policies', { token: w.token, body: policy })).status).toBe(201);
  return w;
}

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  t.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
  await runReactors(t.app, reactors); // cursors start "now"
});
afterAll(() => t.close());

describe(`spam and removed messages leave the queue (${testDialect})`, () => {
  it('defect 4: spam, a troll and a deleted comment leave the queue, breach nothing, and stay out of SLA attainment', async () => {
    clock = Date.parse('2026-11-02T10:00:00Z');
    const w = await withPolicy();
    await say(w, 'Real Customer', 'Where is my order? It was due Monday.');
    await say(w, 'Spam Bot', 'follow back pls, check my page, free followers 🔥 https://a.b/c https://d.e/f');
    await say(w, 'Troll', 'you all are pathetic losers, nobody buys your trash');
    const comment = await say(w, 'Gone Commenter', 'hm', { conversation: { kind: 'comment', thread: 'post-1', item_id: 'post-1' } });
    expect((await deliver(t, w, { type: 'delete', id: comment, timestamp: clock + M })).status).toBe(200);
    await settle();

    // Only the real customer waits in the queue and is counted.
    expect(await queueNames(w)).toEqual(['Real Customer']);
    const counts = await get(w, '/api/v1/conversations/counts');
    expect(counts.open).toMatchObject({ all: 1, unassigned: 1 });
    expect(counts.folders).toEqual({ spam: 2, removed: 1 });
    expect(await queueNames(w, 'folder=spam')).toEqual(['Spam Bot', 'Troll']);
    const spamRows = (await get(w, '/api/v1/conversations?folder=spam')).conversations;
    expect(spamRows.find((c: { contact: { name: string } }) => c.contact.name === 'Spam Bot').spam).toMatchObject({
      source: 'triage',
      signal: 'spam',
      by: null,
    });
    expect(spamRows.find((c: { contact: { name: string } }) => c.contact.name === 'Troll').spam).toMatchObject({ source: 'triage', signal: 'troll', score: 1 });

    // The deleted comment is no "(no text)" row still waiting: it says deleted, and nothing waits.
    const [removed] = (await get(w, '/api/v1/conversations?folder=removed')).conversations;
    expect(removed).toMatchObject({ contact: { name: 'Gone Commenter' }, waitingSince: null, needsReply: false, lastMessage: { deleted: true, body: '' } });
    expect(removed.removedAt).not.toBeNull();

    // An hour later: only the real customer's clock breached; the others' stopped, cancelled.
    clock += 60 * M;
    for (const id of [await idOf(w, 'Real Customer'), await idOf(w, 'Spam Bot'), await idOf(w, 'Troll'), await idOf(w, 'Gone Commenter')])
      await t.req('GET', `/api/v1/conversations/${id}/sla`, { token: w.token });
    await settle();
    expect(await clocks(await idOf(w, 'Real Customer'))).toEqual([{ target: 'first_response', status: 'breached' }]);
    // (Triage may mark before intake's own SLA evaluation runs: then no clock starts at all.)
    for (const n of ['Spam Bot', 'Troll', 'Gone Commenter']) expect((await clocks(await idOf(w, n))).filter((c) => c.status !== 'cancelled')).toEqual([]);
    expect(await breaches(w)).toBe(1);
    expect((await get(w, `/api/v1/conversations/${await idOf(w, 'Spam Bot')}/sla`)).dueAt).toBeNull();
    const r = await get(w, '/api/v1/metrics?from=2026-11-01&to=2026-11-03');
    expect(r.total.metrics).toMatchObject({ slaTargets: 1, slaBreached: 1, slaAttainment: 0 });
  });

  it('an agent marks spam by hand (conversation and bulk); "Not spam" restores the status; counted per period', async () => {
    clock = Date.parse('2026-11-03T10:00:00Z');
    const w = await withPolicy();
    await say(w, 'Ana', 'Where is my order?');
    await say(w, 'Bea', 'Do you ship to Porto?');
    await say(w, 'Cid', 'Is the shop open on Sunday?');
    const [ana, bea, cid] = [await idOf(w, 'Ana'), await idOf(w, 'Bea'), await idOf(w, 'Cid')];
    expect((await t.req('POST', `/api/v1/conversations/${bea}/status`, { token: w.token, body: { status: 'pending' } })).status).toBe(200);

    const marked = await t.req('POST', `/api/v1/conversations/${ana}/spam`, { token: w.token });
    expect(marked.status).toBe(200);
    expect((await marked.json()).spam).toMatchObject({ source: 'agent', by: w.ownerId, signal: null });
    expect((await t.req('POST', `/api/v1/conversations/${ana}/spam`, { token: w.token })).status).toBe(409);
    const bulk = await t.req('POST', '/api/v1/conversations/bulk', { token: w.token, body: { ids: [bea, cid, ana], spam: true } });
    expect(await bulk.json()).toEqual({ updated: 3, errors: [] });
    await settle();
    expect(await queueNames(w)).toEqual([]);
    expect(await queueNames(w, 'folder=spam')).toEqual(['Ana', 'Bea', 'Cid']);
    expect((await clocks(ana)).map((c) => c.status)).toEqual(['cancelled']);

    // Not spam: back where they were (Bea pending), the clock running again.
    expect((await t.req('POST', `/api/v1/conversations/${bea}/not-spam`, { token: w.token })).status).toBe(200);
    expect((await t.req('POST', `/api/v1/conversations/${bea}/not-spam`, { token: w.token })).status).toBe(409);
    expect(await (await t.req('POST', '/api/v1/conversations/bulk', { token: w.token, body: { ids: [ana], spam: false } })).json()).toEqual({
      updated: 1,
      errors: [],
    });
    await settle();
    const back = (await get(w, '/api/v1/conversations?status=open,pending')).conversations;
    expect(back.map((c: { contact: { name: string }; status: string; spam: unknown }) => [c.contact.name, c.status, c.spam]).sort()).toEqual([
      ['Ana', 'open', null],
      ['Bea', 'pending', null],
    ]);
    expect((await clocks(ana)).map((c) => c.status)).toEqual(['running']);

    const counts = await get(w, '/api/v1/metrics/spam?from=2026-11-03&to=2026-11-03');
    expect(counts).toMatchObject({ marked: { total: 3, byAgent: 3, byTriage: 0 }, notSpam: { total: 2, falsePositives: 0 }, inFolder: 1 });
    // Each marking is in the audit log, with who did it.
    const audit = await t.app.store.db.selectFrom('audit_log').select(['action', 'target_id']).where('workspace_id', '=', w.workspaceId).execute();
    expect(
      audit
        .filter((a) => a.action === 'conversation.marked_spam')
        .map((a) => a.target_id)
        .sort(),
    ).toEqual([ana, bea, cid].sort());
    expect(audit.filter((a) => a.action === 'conversation.unmarked_spam')).toHaveLength(2);
  });

  it('refuses what it should: another workspace, a viewer, bad bulk input, bad period', async () => {
    clock = Date.parse('2026-11-04T10:00:00Z');
    const w = await withPolicy();
    const other = await buildWorkspace(t, { name: 'Other' });
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    await say(w, 'Dee', 'Hello?');
    const dee = await idOf(w, 'Dee');
    expect((await t.req('POST', `/api/v1/conversations/${dee}/spam`, { token: other.token })).status).toBe(404);
    expect((await t.req('POST', `/api/v1/conversations/${dee}/spam`, { token: viewer.token })).status).toBe(403);
    expect((await t.req('POST', '/api/v1/conversations/nope/not-spam', { token: w.token })).status).toBe(404);
    const bad = await t.req('POST', '/api/v1/conversations/bulk', { token: w.token, body: { ids: [dee], spam: 'yes' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('spam');
    expect((await t.req('GET', '/api/v1/conversations?folder=trash', { token: w.token })).status).toBe(400);
    expect((await t.req('GET', '/api/v1/metrics/spam?from=tomorrow', { token: w.token })).status).toBe(400);
    expect((await t.req('GET', '/api/v1/metrics/spam', { token: other.token })).status).toBe(200);
    // Nothing changed on the way.
    expect(await queueNames(w)).toEqual(['Dee']);
  });

  it('triage leaves real customers alone: an angry customer with specifics, a conversation already answered, one cleared as "Not spam"', async () => {
    clock = Date.parse('2026-11-05T10:00:00Z');
    const w = await withPolicy();
    await say(w, 'Angry', 'This is the worst, my order #A1234 from 3 March never arrived, I hate this!!!');
    await say(w, 'Known', 'Where is my parcel?');
    const known = await idOf(w, 'Known');
    expect((await t.req('POST', `/api/v1/conversations/${known}/replies`, { token: w.token, body: { text: 'Checking now!' } })).status).toBe(201);
    await say(w, 'Known', 'you all are pathetic losers, nobody buys your trash');
    // A real question beside the insult keeps the conversation in the queue.
    await say(w, 'Mixed', 'Where is my order? It was due Monday.');
    await say(w, 'Mixed', 'you all are pathetic losers, nobody buys your trash');
    // A run of troll-leaning messages, one of them over the line, is set aside.
    await say(w, 'Run', 'lol this company is a joke');
    await say(w, 'Run', 'not telling you anything, figure it out yourselves clowns');
    const run = await idOf(w, 'Run');
    expect((await get(w, `/api/v1/conversations/${run}`)).spam).toMatchObject({ source: 'triage', signal: 'troll', score: 0.7 });
    expect((await t.req('POST', `/api/v1/conversations/${run}/not-spam`, { token: w.token })).status).toBe(200);
    await say(w, 'Cleared', 'WORST COMPANY EVER!!! everyone boycott now');
    const cleared = await idOf(w, 'Cleared');
    expect((await get(w, `/api/v1/conversations?folder=spam`)).conversations.map((c: { id: string }) => c.id)).toEqual([cleared]);
    expect((await t.req('POST', `/api/v1/conversations/${cleared}/not-spam`, { token: w.token })).status).toBe(200);
    // Running triage again over history does not overrule the person.
    await reEnrichSince(t.app, { since: clock - 60 * M, workspaceId: w.workspaceId });
    await settle();
    expect(await queueNames(w)).toEqual(['Angry', 'Cleared', 'Known', 'Mixed', 'Run']);
    const counts = await get(w, '/api/v1/metrics/spam?from=2026-11-05&to=2026-11-05');
    expect(counts).toMatchObject({ marked: { total: 2, byTriage: 2 }, notSpam: { total: 2, falsePositives: 2 }, inFolder: 0 });
  });

  it('a removed message that comes back puts the conversation back in the queue; a new customer message does too', async () => {
    clock = Date.parse('2026-11-06T10:00:00Z');
    const w = await withPolicy();
    const first = await say(w, 'Eve', 'Anyone there?', { conversation: { kind: 'comment', thread: 'post-9', item_id: 'post-9' } });
    expect((await deliver(t, w, { type: 'delete', id: first, timestamp: clock + M })).status).toBe(200);
    await settle();
    expect(await queueNames(w)).toEqual([]);
    const eve = await idOf(w, 'Eve');
    // The merge hook for moderation: un-hiding clears the removal column and settles again.
    await t.app.store.db.updateTable('messages').set({ deleted_at: null }).where('conversation_id', '=', eve).execute();
    expect(await t.app.store.db.transaction().execute((tx) => settleAfterRemoval(tx, w.workspaceId, eve, clock))).toBe(true);
    expect(await queueNames(w)).toEqual(['Eve']);
    expect(await t.app.store.db.transaction().execute((tx) => settleAfterRemoval(tx, w.workspaceId, eve, clock))).toBe(false);

    await t.app.store.db.updateTable('messages').set({ deleted_at: clock }).where('conversation_id', '=', eve).execute();
    await t.app.store.db.transaction().execute((tx) => settleAfterRemoval(tx, w.workspaceId, eve, clock));
    expect(await queueNames(w)).toEqual([]);
    clock += 5 * M;
    await say(w, 'Eve', 'Hello again', { conversation: { kind: 'comment', thread: 'post-9', item_id: 'post-9' } });
    const row = (await get(w, '/api/v1/conversations')).conversations[0];
    expect(row).toMatchObject({ contact: { name: 'Eve' }, removedAt: null, waitingSince: new Date(clock).toISOString() });
  });

  it('the auto-spam rule, at its edges', () => {
    expect(spamVerdict({ intent: 'spam', confidence: AUTO_SPAM.spamConfidence, trollScore: 0 })).toEqual({ signal: 'spam', score: 0.8 });
    expect(spamVerdict({ intent: 'spam', confidence: 0.79, trollScore: 0 })).toBeNull();
    expect(spamVerdict({ intent: 'abuse', confidence: 0.9, trollScore: 0.69 })).toBeNull();
    expect(spamVerdict({ intent: 'complaint', confidence: 0.9, trollScore: 0.7 })).toEqual({ signal: 'troll', score: 0.7 });
  });
});
