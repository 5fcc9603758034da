import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { followSlaEvents } from '../sla/follow-events.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { enrichPending } from './enrich-pending.js';
import { followPriorityEvents } from './priority-reactor.js';
import { planRescoreWaiting } from './rescore-waiting.js';

// The computed priority (README "Signals and priority"): scored on arrival and after triage,
// raised by waiting time and by an SLA warning, pinned by an agent's hand and given back by "auto".
const M = 60_000;
let t: TestApp;
let w: TestWorkspace;
let clock = Date.parse('2026-03-02T10:00:00Z');

async function settle() {
  while (await processJournalBatch(t.app)) {}
  while (await enrichPending(t.app)) {}
  await followSlaEvents(t.app);
  while (await runDueJobs(t.app)) {}
  await followPriorityEvents(t.app);
}
async function customer(from: string, text: string) {
  expect((await deliver(t, w, buildInbound({ from: { id: from, name: from }, text, timestamp: clock }))).status).toBe(200);
  await settle();
  return convOf(from);
}
async function convOf(name: string) {
  const r = await (await t.req('GET', '/api/v1/conversations?status=open,pending,resolved&limit=100', { token: w.token })).json();
  return r.conversations.find((c: { contact: { name: string } }) => c.contact.name === name);
}
const get = async (id: string) => (await t.req('GET', `/api/v1/conversations/${id}`, { token: w.token })).json();
const reasons = (c: { signals: { priority: { reasons: Array<{ reason: string }> } } }) => c.signals.priority.reasons.map((r) => r.reason);

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

describe(`computed priority (${testDialect})`, () => {
  it('is computed on arrival from the signals, with its reasons, and logged when the level moves', async () => {
    const c = await customer('asker', 'Where is my order? I paid two weeks ago and nothing arrived.');
    expect(c.signals).toMatchObject({
      intent: { label: 'question', confidence: expect.any(Number) },
      needsReply: true,
      trollScore: expect.any(Number),
      priority: { level: 'high', pinned: false, computedAt: new Date(clock).toISOString() },
    });
    expect(c.signals.priority.score).toBe(c.signals.priority.reasons.reduce((s: number, r: { points: number }) => s + r.points, 0));
    expect(reasons(c)).toEqual(expect.arrayContaining(['question', 'needs a reply: question, a dm to the brand', 'negative sentiment']));
    expect(c.priority).toBe('high');
    const ev = await (await t.req('GET', '/api/v1/events?type=conversation.prioritized&limit=100', { token: w.token })).json();
    expect(ev.events.find((e: { conversationId: string }) => e.conversationId === c.id).data).toMatchObject({ priority: 'high', previous: 'none' });

    // A troll's abuse that needs no reply scores below zero: low.
    const troll = await customer('troll', 'u r all idiots lmaooo 🤡🤡🤡 go cry');
    expect(troll.signals.priority.level).toBe('low');
    expect(troll.signals.priority.score).toBeLessThan(0);
    expect(reasons(troll).some((r: string) => r.startsWith('troll-like'))).toBe(true);
  });

  it('grows while the customer waits (the scheduled re-scorer), and stops growing once answered', async () => {
    const c = await customer('waiter', 'Can you tell me your opening hours?');
    const before = c.signals.priority.score;
    clock += 8 * 60 * M;
    expect(await planRescoreWaiting(t.app)).toBe(true);
    // One queued run at a time, whoever plans it.
    expect(await planRescoreWaiting(t.app)).toBe(false);
    while (await runDueJobs(t.app)) {}
    const later = await get(c.id);
    expect(later.signals.priority.score).toBe(before + 40);
    expect(reasons(later)).toContain('waiting 480 min');
    expect(later.signals.priority.level).toBe('urgent');
    // Answered: the waiting and needs-reply points go, on the reply's event.
    const r = await t.req('POST', `/api/v1/conversations/${c.id}/replies`, { token: w.token, body: { text: 'We open at nine.' } });
    expect(r.status).toBe(201);
    await settle();
    const answered = await get(c.id);
    expect(reasons(answered).some((x: string) => x.startsWith('waiting') || x.startsWith('needs a reply'))).toBe(false);
    expect(answered.signals.priority.score).toBeLessThan(before);
  });

  it('rises when an SLA clock warns', async () => {
    const p = await t.req('POST', '/api/v1/sla-policies', {
      token: w.token,
      body: { name: 'Fast', timeMode: 'calendar', warnPercent: 50, targets: { firstResponseMinutes: 60 } },
    });
    expect(p.status).toBe(201);
    const c = await customer('slow', 'Thanks, love it!');
    expect(reasons(c)).not.toContain('SLA about to breach');
    clock += 31 * M;
    await settle();
    const warned = await get(c.id);
    expect(reasons(warned)).toContain('SLA about to breach');
    expect(warned.signals.priority.score).toBeGreaterThanOrEqual(c.signals.priority.score + 20);
    await t.req('DELETE', `/api/v1/sla-policies/${(await p.json()).id}`, { token: w.token });
  });

  it('a VIP contact counts once the attribute is set', async () => {
    const c = await customer('vip', 'Thanks, love it!');
    const r = await t.req('PATCH', `/api/v1/contacts/${c.contactId}`, { token: w.token, body: { attributes: { vip: true } } });
    expect(r.status).toBe(200);
    await settle();
    expect(reasons(await get(c.id))).toContain('VIP contact');
  });

  it('an agent pins it by hand; the computation leaves it; "auto" gives it back', async () => {
    const c = await customer('pinned', 'Where is my order? I paid two weeks ago and nothing arrived.');
    const patch = (priority: unknown) => t.req('PATCH', `/api/v1/conversations/${c.id}`, { token: w.token, body: { priority } });
    const pinned = await (await patch('low')).json();
    expect(pinned.signals.priority).toMatchObject({ level: 'low', pinned: true });
    clock += 6 * 60 * M;
    await planRescoreWaiting(t.app);
    while (await runDueJobs(t.app)) {}
    expect((await customer('pinned', 'Hello?? Anyone there?')).signals.priority).toMatchObject({ level: 'low', pinned: true });
    const auto = await patch('auto');
    expect(auto.status).toBe(200);
    const back = await auto.json();
    expect(back.signals.priority).toMatchObject({ level: 'high', pinned: false });
    expect(reasons(back).some((x: string) => x.startsWith('waiting'))).toBe(true);
    const ev = await (await t.req('GET', `/api/v1/events?type=conversation.updated&limit=100`, { token: w.token })).json();
    expect(ev.events.filter((e: { conversationId: string }) => e.conversationId === c.id).map((e: { data: { pinned?: boolean } }) => e.data.pinned)).toEqual([
      true,
      false,
    ]);
    // The activity tells the computation's moves from the agent's pin and release.
    const activity = (await (await t.req('GET', `/api/v1/conversations/${c.id}/activity`, { token: w.token })).json()).activity;
    const prio = activity.filter((a: { kind: string }) => a.kind === 'priority');
    expect(prio[0]).toMatchObject({ source: 'computed', priority: 'high', actor: { kind: 'system' } });
    expect(prio.slice(-2)).toEqual([
      expect.objectContaining({ priority: 'low', actor: expect.objectContaining({ kind: 'user' }) }),
      expect.objectContaining({ priority: 'high', source: 'auto' }),
    ]);
    expect(prio.at(-2).source).toBeUndefined();
    for (const bad of ['automatic', 'P1']) {
      const r = await patch(bad);
      expect(r.status).toBe(400);
      expect((await r.json()).error.fields[0]).toMatchObject({ field: 'priority', reason: expect.stringContaining('auto') });
    }
    expect((await get(c.id)).signals.priority.pinned).toBe(false);
  });
});
