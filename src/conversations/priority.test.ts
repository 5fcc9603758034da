import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

// Priorities are named levels (urgent, high, normal, low, none) in every answer and filter; the
// numbers 0–4 of the first API version are still accepted on the way in.
let t: TestApp;
let w: TestWorkspace;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  for (const name of ['calm', 'middling', 'burning', 'hot']) await deliver(t, w, buildInbound({ from: { id: name, name } }));
  while ((await processJournalBatch(t.app)) > 0);
  const list = await (await t.req('GET', '/api/v1/conversations?limit=100', { token: w.token })).json();
  for (const c of list.conversations) ids[c.contact.name] = c.id;
});
afterAll(async () => {
  await t?.close();
});

const patch = (id: string, priority: unknown) => t.req('PATCH', `/api/v1/conversations/${id}`, { token: w.token, body: { priority } });

describe(`named priorities (${testDialect})`, () => {
  it('reads and writes names; a new conversation is "none"; the old numbers still work', async () => {
    const fresh = await (await t.req('GET', `/api/v1/conversations/${ids.calm}`, { token: w.token })).json();
    expect(fresh.priority).toBe('none');
    const r = await patch(ids.burning!, 'urgent');
    expect(r.status).toBe(200);
    expect((await r.json()).priority).toBe('urgent');
    // 3 was "P3" in the first API version: the second-highest level
    expect((await (await patch(ids.hot!, 3)).json()).priority).toBe('high');
    expect((await (await patch(ids.middling!, 'normal')).json()).priority).toBe('normal');
  });

  it('sorts urgent first and filters "at least" a level, by name or old number', async () => {
    const sorted = await (await t.req('GET', '/api/v1/conversations?sort=priority&limit=100', { token: w.token })).json();
    expect(sorted.conversations.map((c: { priority: string }) => c.priority)).toEqual(['urgent', 'high', 'normal', 'none']);
    expect(sorted.conversations[0].id).toBe(ids.burning);
    const high = await (await t.req('GET', '/api/v1/conversations?priority=high&limit=100', { token: w.token })).json();
    expect(high.conversations.map((c: { contact: { name: string } }) => c.contact.name).sort()).toEqual(['burning', 'hot']);
    const legacy = await (await t.req('GET', '/api/v1/conversations?priority=4&limit=100', { token: w.token })).json();
    expect(legacy.conversations.map((c: { id: string }) => c.id)).toEqual([ids.burning]);
  });

  it('refuses an unknown level with the field named', async () => {
    for (const bad of ['P1', 5, 'blazing']) {
      const r = await patch(ids.calm!, bad);
      expect(r.status).toBe(400);
      const body = await r.json();
      expect(body.error.fields[0].field).toBe('priority');
      expect(body.error.fields[0].reason).toContain('urgent');
    }
    const q = await t.req('GET', '/api/v1/conversations?priority=P0', { token: w.token });
    expect(q.status).toBe(400);
    expect((await q.json()).error.fields[0].field).toBe('query.priority');
  });

  it('names the level in the event log and in SLA policies (old numbers accepted)', async () => {
    const events = await (await t.req('GET', `/api/v1/events?type=conversation.updated&limit=100`, { token: w.token })).json();
    const priorities = (events.events as Array<{ data: { priority?: unknown } }>).map((e) => e.data.priority);
    expect(priorities).toEqual(expect.arrayContaining(['urgent', 'high', 'normal']));
    const created = await t.req('POST', '/api/v1/sla-policies', {
      token: w.token,
      body: { name: 'Hot', timeMode: 'calendar', match: { priorities: ['urgent', 3] }, targets: { firstResponseMinutes: 10 } },
    });
    expect(created.status).toBe(201);
    expect((await created.json()).match.priorities).toEqual(['urgent', 'high']);
    const bad = await t.req('POST', '/api/v1/sla-policies', {
      token: w.token,
      body: { name: 'Bad', timeMode: 'calendar', match: { priorities: ['P0'] }, targets: { firstResponseMinutes: 10 } },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('match.priorities.0');
  });
});
