import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichPending } from '../enrich/enrich-pending.js';
import { followPriorityEvents } from '../enrich/priority-reactor.js';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

// The queue filters and sorts by the triage signals (intent, needs-reply, troll, priority), and
// "Needs a reply" is a built-in view with its count.
let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let clock = Date.parse('2026-03-02T10:00:00Z');
const ids: Record<string, string> = {};
const TEXTS: Record<string, string> = {
  order: 'Where is my order? I paid two weeks ago and nothing arrived.',
  hours: 'Can you tell me your opening hours?',
  broken: 'my package arrived broken and I am furious, this is unacceptable',
  troll: 'u r all idiots lmaooo 🤡🤡🤡 go cry',
  answered: 'Can you tell me your opening hours?',
};

const names = async (query: string, token = w.token) => {
  const r = await t.req('GET', `/api/v1/conversations?${query}&limit=100`, { token });
  expect(r.status).toBe(200);
  return (await r.json()).conversations.map((c: { contact: { name: string } }) => c.contact.name);
};

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
  for (const [name, text] of Object.entries(TEXTS)) {
    clock += 60_000;
    await deliver(t, w, buildInbound({ from: { id: name, name }, text, timestamp: clock }));
  }
  await deliver(t, other, buildInbound({ from: { id: 'elsewhere', name: 'elsewhere' }, text: TEXTS.order }));
  while (await processJournalBatch(t.app)) {}
  while (await enrichPending(t.app)) {}
  await followPriorityEvents(t.app);
  const list = await (await t.req('GET', '/api/v1/conversations?limit=100', { token: w.token })).json();
  for (const c of list.conversations) ids[c.contact.name] = c.id;
  const r = await t.req('POST', `/api/v1/conversations/${ids.answered}/replies`, { token: w.token, body: { text: 'Nine to five.' } });
  expect(r.status).toBe(201);
});
afterAll(() => t.close());

describe(`signal filters and sorts (${testDialect})`, () => {
  it('needs a reply: waiting and flagged by triage; answered ones are out; false lists the others', async () => {
    expect((await names('needsReply=true')).sort()).toEqual(['broken', 'hours', 'order']);
    expect((await names('needsReply=false')).sort()).toEqual(['answered', 'troll']);
    expect(await names('needsReply=true&sort=oldest_waiting')).toEqual(['order', 'hours', 'broken']);
  });

  it('hides likely trolls, or lists only them', async () => {
    expect(await names('troll=only')).toEqual(['troll']);
    expect(await names('troll=hide')).not.toContain('troll');
    expect((await names('troll=hide')).length).toBe(4);
  });

  it('filters by intent and sorts by level, then computed score', async () => {
    expect((await names('intent=question')).sort()).toEqual(['answered', 'hours', 'order']);
    expect(await names('intent=complaint')).toEqual(['broken']);
    const r = await (await t.req('GET', '/api/v1/conversations?sort=priority&limit=100', { token: w.token })).json();
    const keys = r.conversations.map((c: { signals: { priority: { level: string; score: number } } }) => c.signals.priority);
    const rank = ['none', 'low', 'normal', 'high', 'urgent'];
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1], keys[i]];
      expect(rank.indexOf(a.level) > rank.indexOf(b.level) || (a.level === b.level && a.score >= b.score)).toBe(true);
    }
    expect(r.conversations.at(-1).contact.name).toBe('troll');
    // Paging through the same sort two at a time gives the same order.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { conversations: Array<{ contact: { name: string } }>; nextCursor: string | null } = await (
        await t.req('GET', `/api/v1/conversations?sort=priority&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: w.token })
      ).json();
      paged.push(...page.conversations.map((c) => c.contact.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(r.conversations.map((c: { contact: { name: string } }) => c.contact.name));
    expect(await names('priority=high&sort=priority')).not.toContain('troll');
  });

  it('"Needs a reply" is a built-in view with its count, per workspace', async () => {
    const counts = await (await t.req('GET', '/api/v1/conversations/counts', { token: w.token })).json();
    expect(counts.open.needsReply).toBe(3);
    const elsewhere = await (await t.req('GET', '/api/v1/conversations/counts', { token: other.token })).json();
    expect(elsewhere.open.needsReply).toBe(1);
    expect(await names('needsReply=true', other.token)).toEqual(['elsewhere']);
  });

  it('refuses bad filter values with the parameter named', async () => {
    for (const q of ['troll=maybe', 'needsReply=yes', 'intent=rant', 'sort=troll']) {
      const r = await t.req('GET', `/api/v1/conversations?${q}`, { token: w.token });
      expect(r.status).toBe(400);
      expect((await r.json()).error.fields[0].field).toMatch(new RegExp(`^query\\.${q.split('=')[0]}\\b`));
    }
  });
});
