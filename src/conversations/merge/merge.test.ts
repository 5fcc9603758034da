import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../../events/reactors.js';
import { processJournalBatch } from '../../intake/processor.js';
import { runDueJobs } from '../../jobs/run-due.js';
import { computeConversationFacts } from '../../metrics/rollup/compute-facts.js';
import { projectAll } from '../../metrics/rollup/project-stale.js';
import { reactors } from '../../processes/reactors.js';
import type { SendRequest } from '../../channels/contract/send.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';

const M = 60_000;
let t: TestApp;
let clock = Date.parse('2026-11-02T10:00:00Z');
const sent: Array<{ conversationId: string; thread: string; text: string; replyTo: string | null }> = [];

/** Intake, every reactor and the jobs they ask for (the sender included), until quiet. */
async function settle() {
  for (let i = 0; i < 3; i++) {
    while (await processJournalBatch(t.app)) {}
    await runReactors(t.app, reactors);
    while (await runDueJobs(t.app)) {}
  }
}
/** A customer message on a network thread of the API channel. */
async function say(w: TestWorkspace, thread: string, text: string, who = 'cust-1') {
  const body = buildInbound({ from: { id: who, name: who }, text, timestamp: clock, conversation: { kind: 'dm', thread } });
  expect((await deliver(t, w, body)).status).toBe(200);
  await settle();
  return body.id as string;
}
async function convOf(w: TestWorkspace, thread: string): Promise<string> {
  const row = await t.app.store.db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', w.workspaceId)
    .where('thread_key', '=', `${w.channelId}:t:${thread}`)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}
const api = async (w: TestWorkspace, method: string, path: string, body?: unknown, token = w.token) => {
  const res = await t.req(method, path, { token, body });
  return { status: res.status, body: await res.json() };
};
const merge = (w: TestWorkspace, target: string, sources: string[], token = w.token) =>
  api(w, 'POST', `/api/v1/conversations/${target}/merge`, { sourceIds: sources }, token);
const messagesOf = async (id: string) =>
  t.app.store.db
    .selectFrom('messages')
    .select(['id', 'body', 'conversation_id', 'origin_conversation_id', 'direction'])
    .where('conversation_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
async function reply(w: TestWorkspace, id: string, text: string, extra: Record<string, unknown> = {}) {
  const r = await api(w, 'POST', `/api/v1/conversations/${id}/replies`, { text, ...extra });
  expect(r.status).toBe(201);
  await settle();
  return r.body;
}
const factsOf = async (w: TestWorkspace, ids: string[]) => {
  const { facts } = await computeConversationFacts(t.app.store.db, w.workspaceId, ids);
  return facts
    .map((f) => ({
      id: f.conversationId,
      start: f.start,
      inbound: f.inbound,
      fr: f.firstResponse,
      next: f.nextResponses,
      res: f.resolution,
      reopened: f.reopened,
    }))
    .sort((a, b) => a.id.localeCompare(b.id) || a.start - b.start);
};
const eventsOf = async (w: TestWorkspace, type: string) =>
  t.app.store.db.selectFrom('events').select(['conversation_id', 'data']).where('workspace_id', '=', w.workspaceId).where('type', '=', type).execute();

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  t.app.senders.set('api', {
    send: async (r: SendRequest) => {
      sent.push({ conversationId: r.conversation.id, thread: r.conversation.thread_key, text: r.message.body, replyTo: r.message.reply_to_external_id });
      return { ok: true, externalId: `net-${r.idempotencyKey}` };
    },
  });
  await runReactors(t.app, reactors);
});
afterAll(() => t.close());

describe(`merging conversations (${testDialect})`, () => {
  it('moves every message into the target in time order, keeps each one’s thread, leaves a tombstone and says so', async () => {
    const w = await buildWorkspace(t);
    await say(w, 'a', 'first on A');
    clock += M;
    await say(w, 'b', 'first on B');
    clock += M;
    await say(w, 'a', 'second on A');
    clock += M;
    await say(w, 'b', 'second on B');
    const [a, b] = [await convOf(w, 'a'), await convOf(w, 'b')];
    await api(w, 'POST', `/api/v1/conversations/${b}/tags`, { add: ['refund'] });
    await api(w, 'POST', `/api/v1/conversations/${a}/tags`, { add: ['vip'] });

    const r = await merge(w, a, [b]);
    expect(r.status).toBe(200);
    expect(r.body.merged).toEqual([{ sourceId: b, messages: 2 }]);
    expect(r.body.conversation.tags).toEqual(['refund', 'vip']);
    const msgs = await messagesOf(a);
    expect(msgs.map((m) => m.body)).toEqual(['first on A', 'first on B', 'second on A', 'second on B']);
    expect(msgs.map((m) => m.origin_conversation_id)).toEqual([null, b, null, b]);
    expect(await messagesOf(b)).toEqual([]);

    // The source answers with where it went; it is in no list; commands on it are refused.
    const tomb = await api(w, 'GET', `/api/v1/conversations/${b}`);
    expect(tomb.status).toBe(200);
    expect(tomb.body.mergedInto).toMatchObject({ id: a, byUserId: w.ownerId });
    expect(tomb.body.messages).toEqual([]);
    const list = await api(w, 'GET', '/api/v1/conversations?status=open,pending,snoozed,resolved&limit=100');
    expect(list.body.conversations.map((c: { id: string }) => c.id)).toEqual([a]);
    expect((await api(w, 'POST', `/api/v1/conversations/${b}/notes`, { text: 'x' })).status).toBe(409);

    const target = await api(w, 'GET', `/api/v1/conversations/${a}`);
    expect(target.body.mergedFrom).toEqual([expect.objectContaining({ id: b, by: { id: w.ownerId, name: 'Olivia Owner' } })]);
    expect(target.body.messages.map((m: { originConversationId: string | null }) => m.originConversationId)).toEqual([null, b, null, b]);
    const activity = await api(w, 'GET', `/api/v1/conversations/${a}/activity`);
    expect(activity.body.activity.at(-1)).toMatchObject({ kind: 'merged', sourceId: b, messages: 2, actor: { kind: 'user', name: 'Olivia Owner' } });
    const evs = await eventsOf(w, 'conversation.merged');
    expect(evs).toHaveLength(1);
    expect(evs[0].conversation_id).toBe(a);
    expect(JSON.parse(evs[0].data)).toMatchObject({ targetId: a, sourceId: b, messages: 2 });
    const counts = await api(w, 'GET', '/api/v1/conversations/counts');
    expect(counts.body.open.all).toBe(1);
  });

  it('refuses another customer (400), another workspace (404), itself, bad input and a tombstone — changing nothing', async () => {
    const w = await buildWorkspace(t);
    const other = await buildWorkspace(t);
    await say(w, 'a', 'mine');
    await say(w, 'z', 'someone else', 'cust-2');
    await say(other, 'o', 'elsewhere');
    const [a, z, o] = [await convOf(w, 'a'), await convOf(w, 'z'), await convOf(other, 'o')];
    const before = await messagesOf(a);

    const stranger = await merge(w, a, [z]);
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.message).toMatch(/another customer/);
    expect((await merge(w, a, [o])).status).toBe(404);
    expect((await merge(w, o, [a])).status).toBe(404);
    expect((await merge(w, a, [a])).status).toBe(400);
    expect((await merge(w, a, [])).status).toBe(400);
    expect((await api(w, 'POST', `/api/v1/conversations/${a}/merge`, { sourceIds: 'nope' })).status).toBe(400);
    expect(await messagesOf(a)).toEqual(before);
    expect((await messagesOf(z)).length).toBe(1);
    expect(await eventsOf(w, 'conversation.merged')).toEqual([]);
    const rows = await t.app.store.db.selectFrom('conversations').select('merged_into_id').where('id', 'in', [a, z, o]).execute();
    expect(rows.every((r) => r.merged_into_id === null)).toBe(true);

    // Contacts merged into one person: now allowed.
    const contacts = await t.app.store.db.selectFrom('conversations').select(['id', 'contact_id']).where('id', 'in', [a, z]).execute();
    const ca = contacts.find((c) => c.id === a)!.contact_id;
    const cz = contacts.find((c) => c.id === z)!.contact_id;
    expect((await api(w, 'POST', `/api/v1/contacts/${ca}/merge`, { otherContactId: cz })).status).toBe(200);
    expect((await merge(w, a, [z])).status).toBe(200);
    const again = await merge(w, a, [z]);
    expect(again.status).toBe(409);
  });

  it('a later customer message on the source thread lands in the target; a reply goes out through the thread of the message it answers', async () => {
    const w = await buildWorkspace(t);
    await say(w, 'a', 'on A');
    clock += M;
    await say(w, 'b', 'on B');
    const [a, b] = [await convOf(w, 'a'), await convOf(w, 'b')];
    expect((await merge(w, a, [b])).status).toBe(200);
    clock += M;
    const late = await say(w, 'b', 'again on B');
    const convs = await t.app.store.db.selectFrom('conversations').select('id').where('workspace_id', '=', w.workspaceId).execute();
    expect(convs).toHaveLength(2); // no new conversation
    const last = (await messagesOf(a)).at(-1)!;
    expect(last).toMatchObject({ body: 'again on B', origin_conversation_id: b });

    // The default target is the customer's latest message: B's thread.
    sent.length = 0;
    clock += M;
    await reply(w, a, 'answer on B');
    expect(sent).toEqual([{ conversationId: b, thread: `${w.channelId}:t:b`, text: 'answer on B', replyTo: late }]);
    // Answering A's message: A's thread.
    const onA = (await messagesOf(a)).find((m) => m.body === 'on A')!;
    clock += M;
    await reply(w, a, 'answer on A', { replyToMessageId: onA.id });
    expect(sent.at(-1)).toMatchObject({ conversationId: a, thread: `${w.channelId}:t:a`, text: 'answer on A' });
    // Both replies are in the merged conversation, each remembering its thread.
    const outs = (await messagesOf(a)).filter((m) => m.direction === 'out');
    expect(outs.map((m) => [m.body, m.origin_conversation_id])).toEqual([
      ['answer on B', b],
      ['answer on A', null],
    ]);
    const status = await t.app.store.db
      .selectFrom('messages')
      .select('delivery_status')
      .where('conversation_id', '=', a)
      .where('direction', '=', 'out')
      .execute();
    expect(status.every((s) => s.delivery_status === 'sent')).toBe(true);
  });

  it('metrics: resolved conversations merged give exactly the same facts and report; a merged open thread is answered and resolved once', async () => {
    const w = await buildWorkspace(t);
    clock = Date.parse('2026-11-03T09:00:00Z');
    await say(w, 'a', 'A needs help');
    clock += 5 * M;
    await say(w, 'b', 'B needs help');
    const [a, b] = [await convOf(w, 'a'), await convOf(w, 'b')];
    clock += 10 * M;
    await reply(w, a, 'answer A', { thenStatus: 'resolved' });
    clock += 20 * M;
    await reply(w, b, 'answer B', { thenStatus: 'resolved' });
    await projectAll(t.app, w.workspaceId);
    const q = 'from=2026-11-03&to=2026-11-03';
    const report = async () => (await api(w, 'GET', `/api/v1/metrics?${q}`)).body;
    const factsBefore = await factsOf(w, [a, b]);
    const reportBefore = await report();
    expect(factsBefore.map((f) => f.fr?.cal)).toEqual(expect.arrayContaining([15 * M, 30 * M]));

    clock += 60 * M;
    expect((await merge(w, a, [b])).status).toBe(200);
    await settle();
    await projectAll(t.app, w.workspaceId);
    expect(await factsOf(w, [a, b])).toEqual(factsBefore);
    expect(await report()).toEqual(reportBefore);

    // Open threads: B's customer waits; the merge does not answer it, the reply does, once.
    const w2 = await buildWorkspace(t);
    clock = Date.parse('2026-11-04T09:00:00Z');
    await say(w2, 'a', 'A');
    clock += M;
    await say(w2, 'b', 'B');
    const [a2, b2] = [await convOf(w2, 'a'), await convOf(w2, 'b')];
    clock += M;
    expect((await merge(w2, a2, [b2])).status).toBe(200);
    clock += 8 * M;
    await reply(w2, a2, 'answer to B'); // latest customer message: B's thread
    clock += M;
    await reply(w2, a2, 'answer to A', { replyToMessageId: (await messagesOf(a2))[0].id, thenStatus: 'resolved' });
    const facts = await factsOf(w2, [a2, b2]);
    expect(facts).toHaveLength(2);
    const fa = facts.find((f) => f.id === a2)!;
    const fb = facts.find((f) => f.id === b2)!;
    expect(fb.fr?.cal).toBe(9 * M);
    expect(fa.fr?.cal).toBe(11 * M);
    // One resolution of the merged conversation resolves both threads, at the same instant.
    expect(fa.res?.cal).toBe(11 * M);
    expect(fb.res?.cal).toBe(10 * M);
  });

  it('SLA: a merged thread keeps its one clock (no second breach) and the target shows the nearest due time', async () => {
    const w = await buildWorkspace(t);
    const policy = { name: 'Fast', timeMode: 'calendar', targets: { firstResponseMinutes: 30 } };
    expect((await api(w, 'POST', '/api/v1/sla-policies', policy)).status).toBe(201);
    clock = Date.parse('2026-11-05T09:00:00Z');
    await say(w, 'b', 'B first');
    clock += 10 * M;
    await say(w, 'a', 'A later');
    const [a, b] = [await convOf(w, 'a'), await convOf(w, 'b')];
    const due = async (id: string) =>
      (await t.app.store.db.selectFrom('conversations').select('sla_due_at').where('id', '=', id).executeTakeFirstOrThrow()).sla_due_at;
    expect(Number(await due(a))).toBe(Date.parse('2026-11-05T09:40:00Z'));
    clock += M;
    expect((await merge(w, a, [b])).status).toBe(200);
    await settle();
    // B's customer has waited longest: the merged conversation is due when B's clock is.
    expect(Number(await due(a))).toBe(Date.parse('2026-11-05T09:30:00Z'));
    clock = Date.parse('2026-11-05T10:30:00Z');
    await settle();
    const breaches = await eventsOf(w, 'sla.breached');
    expect(breaches).toHaveLength(2); // one per customer thread, never a third
    expect(breaches.every((e) => e.conversation_id === a)).toBe(true);
    const clocks = await t.app.store.db.selectFrom('sla_clocks').select(['conversation_id', 'target']).where('workspace_id', '=', w.workspaceId).execute();
    expect(clocks.map((c) => c.conversation_id).sort()).toEqual([a, b].sort());
    // Evaluating again (another event) breaches nothing more.
    await reply(w, a, 'sorry for the wait');
    clock += 60 * M;
    await settle();
    expect(await eventsOf(w, 'sla.breached')).toHaveLength(2);
  });

  it('permissions: merging needs conversations.triage on every conversation', async () => {
    const w = await buildWorkspace(t);
    await say(w, 'a', 'A');
    await say(w, 'b', 'B');
    const [a, b] = [await convOf(w, 'a'), await convOf(w, 'b')];
    const viewer = await buildMember(t, w.workspaceId, 'viewer', 'Vic Viewer');
    const denied = await merge(w, a, [b], viewer.token);
    expect(denied.status).toBe(403);
    expect((await messagesOf(b)).length).toBe(1);
    expect((await t.req('POST', `/api/v1/conversations/${a}/merge`, { body: { sourceIds: [b] } })).status).toBe(401);
    const agent = await buildMember(t, w.workspaceId, 'agent', 'Alex Agent');
    expect((await merge(w, a, [b], agent.token)).status).toBe(200);
    expect((await api(w, 'POST', `/api/v1/conversations/${b}/unmerge`, undefined, viewer.token)).status).toBe(403);
  });

  it('unmerge sends every message of the source thread back, later ones included; notes stay', async () => {
    const w = await buildWorkspace(t);
    await say(w, 'a', 'A1');
    clock += M;
    await say(w, 'b', 'B1');
    const [a, b] = [await convOf(w, 'a'), await convOf(w, 'b')];
    expect((await merge(w, a, [b])).status).toBe(200);
    clock += M;
    await say(w, 'b', 'B2');
    clock += M;
    await reply(w, a, 'reply on B');
    expect((await api(w, 'POST', `/api/v1/conversations/${a}/notes`, { text: 'a note' })).status).toBe(201);
    const r = await api(w, 'POST', `/api/v1/conversations/${b}/unmerge`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ targetId: a, messages: 3, conversation: { id: b, mergedInto: null } });
    expect((await messagesOf(b)).map((m) => [m.body, m.origin_conversation_id])).toEqual([
      ['B1', null],
      ['B2', null],
      ['reply on B', null],
    ]);
    expect((await messagesOf(a)).map((m) => m.body)).toEqual(['A1', 'a note']);
    expect((await api(w, 'POST', `/api/v1/conversations/${b}/unmerge`)).status).toBe(409);
    // The thread is its own again: a new customer message lands in B.
    clock += M;
    await say(w, 'b', 'B3');
    expect((await messagesOf(b)).at(-1)?.body).toBe('B3');
    const evs = await eventsOf(w, 'conversation.unmerged');
    expect(JSON.parse(evs[0].data)).toMatchObject({ targetId: a, sourceId: b, messages: 3 });
  });

  it('a chain of merges (A into B, then B into C): A’s thread still lands in C, replies to A’s message still go to A’s thread, and facts stay per thread', async () => {
    const w = await buildWorkspace(t);
    clock = Date.parse('2026-11-06T09:00:00Z');
    await say(w, 'a', 'A1');
    clock += M;
    await say(w, 'b', 'B1');
    clock += M;
    await say(w, 'c', 'C1');
    const [a, b, c] = [await convOf(w, 'a'), await convOf(w, 'b'), await convOf(w, 'c')];
    expect((await merge(w, b, [a])).status).toBe(200);
    expect((await merge(w, c, [b])).status).toBe(200);
    expect((await messagesOf(c)).map((m) => [m.body, m.origin_conversation_id])).toEqual([
      ['A1', a],
      ['B1', b],
      ['C1', null],
    ]);
    clock += M;
    await say(w, 'a', 'A2');
    expect((await messagesOf(c)).at(-1)).toMatchObject({ body: 'A2', origin_conversation_id: a });
    sent.length = 0;
    clock += M;
    await reply(w, c, 'answer A', { thenStatus: 'resolved' });
    expect(sent).toEqual([expect.objectContaining({ conversationId: a, thread: `${w.channelId}:t:a` })]);
    const facts = await factsOf(w, [a, b, c]);
    expect(facts.map((f) => [f.id, f.inbound.length, f.fr !== null, f.res !== null])).toEqual(
      [
        [a, 2, true, true],
        [b, 1, false, true],
        [c, 1, false, true],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    // Undoing B's merge: B comes back with A's thread inside it; then A comes back out of B.
    const back = await api(w, 'POST', `/api/v1/conversations/${b}/unmerge`);
    expect(back.status).toBe(200);
    expect((await messagesOf(b)).map((m) => [m.body, m.origin_conversation_id])).toEqual([
      ['A1', a],
      ['B1', null],
      ['A2', a],
      ['answer A', a],
    ]);
    expect((await messagesOf(c)).map((m) => m.body)).toEqual(['C1']);
    expect((await api(w, 'POST', `/api/v1/conversations/${a}/unmerge`)).status).toBe(200);
    expect((await messagesOf(a)).map((m) => m.body)).toEqual(['A1', 'A2', 'answer A']);
  });
});
