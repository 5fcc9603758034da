import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

describe('POST /api/v1/analyze', () => {
  it('analyses a message for any role', async () => {
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    const res = await t.req('POST', '/api/v1/analyze', {
      token: viewer.token,
      body: { text: '@acme onde está meu pedido #BR-7781? ainda não chegou 😡 me liga +55 11 98765-4321', kind: 'mention', brandHandles: ['@acme'] },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.language).toBe('pt');
    expect(body.intent.label).toBe('complaint');
    expect(body.needsReply.value).toBe(true);
    expect(body.pii.map((p: { type: string }) => p.type)).toEqual(['reference', 'phone']);
    expect(body.sentiment.label).toMatch(/negative|neutral|positive/);
  });

  it('refuses bad input with the field named, and callers without auth', async () => {
    for (const body of [{}, { text: '   ' }, { text: 42 }, { text: 'x'.repeat(20_001) }]) {
      const res = await t.req('POST', '/api/v1/analyze', { token: w.token, body });
      expect(res.status).toBe(400);
      expect((await res.json()).error.fields[0].field).toBe('text');
    }
    expect((await t.req('POST', '/api/v1/analyze', { token: w.token, body: 'not json' })).status).toBe(400);
    expect((await t.req('POST', '/api/v1/analyze', { body: { text: 'hi' } })).status).toBe(401);
  });
});

describe('POST /api/v1/tone-check', () => {
  it('returns hints with positions', async () => {
    const text = 'Como já informado, é só reiniciar o app.';
    const res = await t.req('POST', '/api/v1/tone-check', { token: w.token, body: { text, customerText: 'Péssimo, o app não funciona', customerName: 'Ana' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.language).toBe('pt');
    expect(body.hints.map((h: { kind: string }) => h.kind)).toEqual(['dismissive', 'dismissive', 'no-apology', 'no-name']);
    expect(text.slice(body.hints[0].start, body.hints[0].end)).toBe(body.hints[0].text);
  });

  it('refuses bad input and callers without auth', async () => {
    expect((await t.req('POST', '/api/v1/tone-check', { token: w.token, body: { text: '' } })).status).toBe(400);
    expect((await t.req('POST', '/api/v1/tone-check', { token: w.token, body: { text: 'ok', customerName: 5 } })).status).toBe(400);
    expect((await t.req('POST', '/api/v1/tone-check', { body: { text: 'ok' } })).status).toBe(401);
  });
});
