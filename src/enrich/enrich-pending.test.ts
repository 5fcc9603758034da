import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from '../intake/processor.js';
import { enrichPending } from './enrich-pending.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const list = async (query: string) =>
  (await (await t.req('GET', `/api/v1/conversations?limit=100&${query}`, { token: w.token })).json()).conversations.map((c: any) => c.contact.name).sort();

describe(`enrichment after intake (${testDialect})`, () => {
  it('labels customer messages and their conversations, so the queue filters by language, sentiment and intent', async () => {
    await deliver(t, w, {
      events: [
        buildInbound({ from: { id: 'vi-1', name: 'Vi' }, text: 'Tôi rất thất vọng, đơn hàng của tôi bị giao trễ hai tuần rồi mà không ai trả lời!' }),
        buildInbound({ from: { id: 'pt-1', name: 'Pt' }, text: 'Adorei o atendimento de vocês, muito obrigada pela ajuda rápida!' }),
        buildInbound({ from: { id: 'en-1', name: 'En' }, text: 'How do I change the delivery address on my order?' }),
        buildInbound({ from: { id: 'em-1', name: 'Em' }, text: 'My email is ana.lima@example.com, please call +44 20 7946 0958' }),
      ],
    });
    while ((await processJournalBatch(t.app)) > 0);
    expect(await list('language=vi')).toEqual([]); // nothing analysed yet: intake alone is fast
    expect(await enrichPending(t.app)).toBe(4);
    expect(await enrichPending(t.app)).toBe(0); // idempotent: nothing left
    expect(await list('language=vi')).toEqual(['Vi']);
    expect(await list('language=pt')).toEqual(['Pt']);
    expect(await list('sentiment=negative')).toContain('Vi');
    expect(await list('sentiment=positive')).toContain('Pt');
    expect(await list('intent=question')).toContain('En');
    const en = (await (await t.req('GET', '/api/v1/conversations?limit=100&language=en', { token: w.token })).json()).conversations;
    expect(en.length).toBeGreaterThanOrEqual(1);
    const em = (await (await t.req('GET', '/api/v1/conversations?limit=100', { token: w.token })).json()).conversations.find(
      (c: any) => c.contact.name === 'Em',
    );
    const thread = await (await t.req('GET', `/api/v1/conversations/${em.id}`, { token: w.token })).json();
    const types = thread.messages[0].analysis.pii.map((p: any) => p.type);
    expect(types).toEqual(expect.arrayContaining(['email', 'phone']));
    expect(thread.messages[0].analysis.pii.find((p: any) => p.type === 'email').text).toBe('ana.lima@example.com');
    const bad = await t.req('GET', '/api/v1/conversations?intent=happy', { token: w.token });
    expect(bad.status).toBe(400);
  });
});
