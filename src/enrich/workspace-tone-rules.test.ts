import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
});
afterAll(() => t.close());

const check = async (token: string, text: string, language = 'en') =>
  (await (await t.req('POST', '/api/v1/tone-check', { token, body: { text, language } })).json()).hints as Array<{
    kind: string;
    text?: string;
    message: string;
  }>;

describe(`workspace tone rules (${testDialect})`, () => {
  it('lists built-in rules for every language to any member; a viewer and an agent cannot change them', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const res = await t.req('GET', '/api/v1/tone-rules', { token: agent.token });
    expect(res.status).toBe(200);
    const rules = (await res.json()).rules;
    for (const lang of ['en', 'pt', 'tr', 'vi']) expect(rules.some((r: any) => r.language === lang && r.builtIn && r.kind === 'dismissive')).toBe(true);
    expect(rules.find((r: any) => r.language === 'en' && r.phrase === 'obviously')).toEqual({
      id: null,
      language: 'en',
      kind: 'dismissive',
      phrase: 'obviously',
      reason: null,
      enabled: true,
      builtIn: true,
      updatedAt: null,
    });
    const pt = (await (await t.req('GET', '/api/v1/tone-rules?language=pt', { token: agent.token })).json()).rules;
    expect(new Set(pt.map((r: any) => r.language))).toEqual(new Set(['pt']));
    expect((await t.req('POST', '/api/v1/tone-rules', { token: agent.token, body: { language: 'en', kind: 'dismissive', phrase: 'whatever' } })).status).toBe(
      403,
    );
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    expect((await t.req('POST', '/api/v1/tone-rules', { token: viewer.token, body: { language: 'en', kind: 'dismissive', phrase: 'whatever' } })).status).toBe(
      403,
    );
    expect((await t.req('GET', '/api/v1/tone-rules', { token: viewer.token })).status).toBe(200);
    expect((await t.req('GET', '/api/v1/tone-rules')).status).toBe(401);
    const doc = await (await t.req('GET', '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/tone-rules', '/api/v1/tone-rules/{id}']));
  });

  it('adds a rule with a reason: the tone check underlines it with that reason, only in this workspace', async () => {
    const before = await check(w.token, 'Hi Ana, per the manual the kettle needs descaling.');
    expect(before.some((h) => h.text === 'per the manual')).toBe(false);
    const res = await t.req('POST', '/api/v1/tone-rules', {
      token: w.token,
      body: { language: 'en', kind: 'dismissive', phrase: '  Per the   MANUAL ', reason: 'Sounds like "read the manual": explain the step instead' },
    });
    expect(res.status).toBe(201);
    const rule = await res.json();
    expect(rule).toMatchObject({ language: 'en', kind: 'dismissive', phrase: 'per the manual', enabled: true, builtIn: false });
    const hints = await check(w.token, 'Hi Ana, per the manual the kettle needs descaling.');
    const h = hints.find((x) => x.text === 'per the manual');
    expect(h).toMatchObject({ kind: 'dismissive', message: 'Sounds like "read the manual": explain the step instead' });
    expect((await check(other.token, 'Hi Ana, per the manual the kettle needs descaling.')).some((x) => x.text === 'per the manual')).toBe(false);
    // and another workspace cannot see, edit or delete it
    expect((await (await t.req('GET', '/api/v1/tone-rules', { token: other.token })).json()).rules.some((r: any) => r.id === rule.id)).toBe(false);
    expect((await t.req('PATCH', `/api/v1/tone-rules/${rule.id}`, { token: other.token, body: { enabled: false } })).status).toBe(404);
    expect((await t.req('DELETE', `/api/v1/tone-rules/${rule.id}`, { token: other.token })).status).toBe(404);

    // edit the phrase into a pattern; then disable it
    const patched = await t.req('PATCH', `/api/v1/tone-rules/${rule.id}`, { token: w.token, body: { phrase: 'per the manual*' } });
    expect((await patched.json()).phrase).toBe('per the manual*');
    expect((await check(w.token, 'Hi Ana, per the manuals it must be descaled.')).find((x) => x.text === 'per the manuals')?.message).toContain(
      'read the manual',
    );
    await t.req('PATCH', `/api/v1/tone-rules/${rule.id}`, { token: w.token, body: { enabled: false } });
    expect((await check(w.token, 'Hi Ana, per the manuals it must be descaled.')).some((x) => x.text === 'per the manuals')).toBe(false);
    expect((await t.req('DELETE', `/api/v1/tone-rules/${rule.id}`, { token: w.token })).status).toBe(204);
    expect((await t.req('DELETE', `/api/v1/tone-rules/${rule.id}`, { token: w.token })).status).toBe(404);
  });

  it('switches a built-in phrase off, in one language, and back on by deleting the override', async () => {
    expect((await check(w.token, 'Hi Ana, just restart it.')).some((h) => h.text === 'just')).toBe(true);
    const off = await (
      await t.req('POST', '/api/v1/tone-rules', { token: w.token, body: { language: 'en', kind: 'dismissive', phrase: 'just', enabled: false } })
    ).json();
    expect(off).toMatchObject({ builtIn: true, enabled: false });
    expect((await check(w.token, 'Hi Ana, just restart it.')).some((h) => h.text === 'just')).toBe(false);
    expect((await check(w.token, 'Hi Ana, simply restart it.')).some((h) => h.text === 'simply')).toBe(true);
    expect((await check(other.token, 'Hi Ana, just restart it.')).some((h) => h.text === 'just')).toBe(true);
    const listed = (await (await t.req('GET', '/api/v1/tone-rules?language=en', { token: w.token })).json()).rules.filter((r: any) => r.phrase === 'just');
    expect(listed).toEqual([expect.objectContaining({ id: off.id, builtIn: true, enabled: false })]);
    await t.req('DELETE', `/api/v1/tone-rules/${off.id}`, { token: w.token });
    expect((await check(w.token, 'Hi Ana, just restart it.')).some((h) => h.text === 'just')).toBe(true);
  });

  it('works in Portuguese, Turkish and Vietnamese, and in a language with no built-in list', async () => {
    await t.req('POST', '/api/v1/tone-rules', { token: w.token, body: { language: 'pt', kind: 'blame', phrase: 'você não viu', reason: 'Culpa o cliente' } });
    expect((await check(w.token, 'Olá Ana, você não viu o e-mail?', 'pt')).find((h) => h.text === 'você não viu')?.message).toBe('Culpa o cliente');
    await t.req('POST', '/api/v1/tone-rules', { token: w.token, body: { language: 'tr', kind: 'dismissive', phrase: 'zaten söyledik' } });
    expect((await check(w.token, 'Merhaba Ana, zaten söyledik.', 'tr')).find((h) => h.text === 'zaten söyledik')?.kind).toBe('dismissive');
    await t.req('POST', '/api/v1/tone-rules', { token: w.token, body: { language: 'vi', kind: 'dismissive', phrase: 'đã nói rồi' } });
    expect((await check(w.token, 'Chào Ana, đã nói rồi mà.', 'vi')).some((h) => h.text === 'đã nói rồi')).toBe(true);
    await t.req('POST', '/api/v1/tone-rules', { token: w.token, body: { language: 'de', kind: 'dismissive', phrase: 'einfach' } });
    expect((await check(w.token, 'Hallo Ana, einfach neu starten.', 'de')).find((h) => h.text === 'einfach')?.kind).toBe('dismissive');
  });

  it('refuses bad input with the field named, and duplicates with 409; nothing is stored', async () => {
    const bad = async (body: unknown) => {
      const res = await t.req('POST', '/api/v1/tone-rules', { token: w.token, body });
      return { status: res.status, fields: ((await res.json()).error?.fields ?? []).map((f: any) => f.field) };
    };
    expect(await bad({ language: 'english', kind: 'dismissive', phrase: 'x' })).toEqual({ status: 400, fields: ['language'] });
    expect(await bad({ language: 'en', kind: 'rude', phrase: 'x' })).toEqual({ status: 400, fields: ['kind'] });
    expect(await bad({ language: 'en', kind: 'dismissive', phrase: '(a+)+$' })).toEqual({ status: 400, fields: ['phrase'] });
    expect(await bad({ language: 'en', kind: 'dismissive', phrase: '   ' })).toEqual({ status: 400, fields: ['phrase'] });
    expect(await bad({ language: 'en', kind: 'dismissive', phrase: 'ok', reason: 'x'.repeat(201) })).toEqual({ status: 400, fields: ['reason'] });
    const first = await t.req('POST', '/api/v1/tone-rules', { token: w.token, body: { language: 'en', kind: 'blame', phrase: 'you ignored' } });
    expect(first.status).toBe(201);
    const dup = await t.req('POST', '/api/v1/tone-rules', { token: w.token, body: { language: 'en', kind: 'blame', phrase: 'You  ignored' } });
    expect(dup.status).toBe(409);
    expect((await t.req('PATCH', `/api/v1/tone-rules/${(await first.json()).id}`, { token: w.token, body: {} })).status).toBe(400);
    const rows = await t.app.store.db
      .selectFrom('tone_rules')
      .select('phrase')
      .where('workspace_id', '=', w.workspaceId)
      .where('phrase', '=', 'you ignored')
      .execute();
    expect(rows).toHaveLength(1);
  });
});
