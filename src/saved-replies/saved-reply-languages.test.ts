import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReactors } from '../events/reactors.js';
import { reactors } from '../processes/reactors.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { settlePipeline } from '../test/settle.js';

/** Saved replies in several languages (issue 13): the API, and what rules and macros send. */
let t: TestApp;
let w: TestWorkspace;
let clock = Date.parse('2026-11-02T10:00:00Z');
/** What reached the network, by conversation: the outbox's sends through the fake API channel. */
const sent: Array<{ conversationId: string; text: string }> = [];

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => clock;
  t.app.senders.set('api', {
    send: async (r) => {
      sent.push({ conversationId: r.conversation.id, text: r.message.body });
      return { ok: true, externalId: `net-${r.idempotencyKey}` };
    },
  });
  await runReactors(t.app, reactors);
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

const settle = () => settlePipeline(t.app, 6);
async function say(who: string, text: string) {
  clock += 1000;
  expect((await deliver(t, w, buildInbound({ from: { id: who, name: who }, text, timestamp: clock }))).status).toBe(200);
  await settle();
  return t.app.store.db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .selectAll('conversations')
    .where('conversations.workspace_id', '=', w.workspaceId)
    .where('contacts.name', '=', who)
    .executeTakeFirstOrThrow();
}
const outOf = async (conversationId: string) =>
  (
    await t.app.store.db
      .selectFrom('messages')
      .select(['body', 'author_kind'])
      .where('conversation_id', '=', conversationId)
      .where('direction', '=', 'out')
      .execute()
  ).map((m) => m.body);
const create = (body: unknown, token = w.token) => t.req('POST', '/api/v1/saved-replies', { token, body });
const fieldsOf = async (res: Response) => ((await res.json()).error.fields as Array<{ field: string; reason: string }>).map((f) => f.field);

const VI = 'Xin lỗi {{contact.first_name}}, đơn hàng của bạn đang được giao.';
const ES = 'Perdón, tu pedido está en camino.';

describe(`saved replies in several languages (${testDialect})`, () => {
  it('creates, lists, replaces and deletes translations; old clients see the same fields as before', async () => {
    const res = await create({
      name: 'Late order',
      body: 'Sorry {{contact.first_name}}, your order is on its way.',
      language: 'EN',
      translations: [
        { language: 'vi', body: VI },
        { language: 'es', body: ES },
        { language: 'pt-br', body: 'Desculpe, seu pedido está a caminho.' },
      ],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ name: 'Late order', language: 'en' });
    // Canonical case, language order.
    expect(created.translations.map((x: { language: string }) => x.language)).toEqual(['es', 'pt-BR', 'vi']);

    const listed = (await (await t.req('GET', '/api/v1/saved-replies', { token: w.token })).json()).savedReplies;
    expect(listed.find((r: { id: string }) => r.id === created.id).translations).toEqual(created.translations);
    // Search finds a reply by a translation's text too.
    const found = (await (await t.req('GET', '/api/v1/saved-replies?q=giao', { token: w.token })).json()).savedReplies;
    expect(found.map((r: { name: string }) => r.name)).toEqual(['Late order']);

    // A PATCH without translations keeps them; with them, replaces the set.
    const renamed = await (await t.req('PATCH', `/api/v1/saved-replies/${created.id}`, { token: w.token, body: { name: 'Late delivery' } })).json();
    expect(renamed.translations).toHaveLength(3);
    const replaced = await t.req('PATCH', `/api/v1/saved-replies/${created.id}`, { token: w.token, body: { translations: [{ language: 'vi', body: VI }] } });
    expect(replaced.status).toBe(200);
    expect((await replaced.json()).translations).toEqual([{ language: 'vi', body: VI }]);
    const rows = await t.app.store.db.selectFrom('saved_reply_translations').select('language').where('saved_reply_id', '=', created.id).execute();
    expect(rows.map((r) => r.language)).toEqual(['vi']);

    // An old client: no language, no translations, and it reads what it always read.
    const old = await (await create({ name: 'Plain', body: 'Thanks!' })).json();
    expect(old).toMatchObject({ name: 'Plain', body: 'Thanks!', language: null, translations: [] });

    expect((await t.req('DELETE', `/api/v1/saved-replies/${created.id}`, { token: w.token })).status).toBe(204);
    expect(await t.app.store.db.selectFrom('saved_reply_translations').select('language').where('saved_reply_id', '=', created.id).execute()).toEqual([]);
  });

  it('refuses bad translations with a 400 naming the field: duplicate language, bad code, empty text, the main text’s language', async () => {
    const dup = await create({
      name: 'Dup',
      body: 'x',
      translations: [
        { language: 'vi', body: 'a' },
        { language: 'VI', body: 'b' },
      ],
    });
    expect(dup.status).toBe(400);
    const dupBody = await dup.json();
    expect(dupBody.error.code).toBe('invalid_request');
    expect(dupBody.error.fields).toEqual([{ field: 'translations.1.language', reason: expect.stringContaining('given twice') }]);

    expect(await fieldsOf(await create({ name: 'Bad', body: 'x', translations: [{ language: 'vietnamese', body: 'a' }] }))).toEqual([
      'translations.0.language',
    ]);
    expect(await fieldsOf(await create({ name: 'Bad', body: 'x', translations: [{ language: 'vi', body: '  ' }] }))).toEqual(['translations.0.body']);
    expect(await fieldsOf(await create({ name: 'Bad', body: 'x', translations: { vi: 'a' } }))).toEqual(['translations']);
    expect(await fieldsOf(await create({ name: 'Bad', body: 'x', language: 'en_GB_x' }))).toEqual(['language']);
    expect(await fieldsOf(await create({ name: 'Bad', body: 'x', language: 'es', translations: [{ language: 'ES', body: 'a' }] }))).toEqual([
      'translations.0.language',
    ]);
    const ok = await (await create({ name: 'Main in es later', body: 'x', translations: [{ language: 'es', body: 'a' }] })).json();
    expect(await fieldsOf(await t.req('PATCH', `/api/v1/saved-replies/${ok.id}`, { token: w.token, body: { language: 'es' } }))).toEqual(['language']);
    // Nothing of the refused ones was stored; viewers may not write translations either.
    const names = (await (await t.req('GET', '/api/v1/saved-replies', { token: w.token })).json()).savedReplies.map((r: { name: string }) => r.name);
    expect(names).not.toContain('Dup');
    expect(names).not.toContain('Bad');
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    expect((await t.req('PATCH', `/api/v1/saved-replies/${ok.id}`, { token: viewer.token, body: { translations: [] } })).status).toBe(403);
    const other = await buildWorkspace(t, { name: 'Other' });
    expect((await t.req('PATCH', `/api/v1/saved-replies/${ok.id}`, { token: other.token, body: { translations: [] } })).status).toBe(404);
  });

  it("a rule's send_saved_reply sends the Vietnamese text to a Vietnamese conversation and the main text to a German one", async () => {
    const saved = await (
      await create({
        name: 'On its way',
        body: 'Sorry {{contact.first_name}}, your order is on its way.',
        translations: [
          { language: 'vi', body: VI },
          { language: 'es', body: ES },
        ],
      })
    ).json();
    const rule = await t.req('POST', '/api/v1/rules', {
      token: w.token,
      body: {
        name: 'Answer late orders',
        trigger: { type: 'message_received' },
        conditions: { all: [{ field: 'kind', op: 'in', value: ['dm'] }] },
        actions: [{ type: 'send_saved_reply', savedReplyId: saved.id }],
      },
    });
    expect(rule.status, await rule.clone().text()).toBe(201);
    const vi = await say('Lan', 'Chào shop, đơn hàng của tôi bị giao trễ ba ngày rồi, khi nào tôi nhận được hàng ạ?');
    const de = await say('Jonas', 'Hallo, wo ist meine Bestellung? Sie ist seit einer Woche unterwegs.');
    expect([vi.language, de.language]).toEqual(['vi', 'de']);
    // Variables are filled for the customer, as the composer fills them for an agent.
    const viText = VI.replace('{{contact.first_name}}', 'Lan');
    expect(await outOf(vi.id)).toEqual([viText]);
    expect(await outOf(de.id)).toEqual(['Sorry Jonas, your order is on its way.']);
    expect(sent.filter((s) => s.conversationId === vi.id).map((s) => s.text)).toEqual([viText]);
    expect(sent.filter((s) => s.conversationId === de.id).map((s) => s.text)).toEqual(['Sorry Jonas, your order is on its way.']);
    const firings = await t.app.store.db.selectFrom('rule_firings').select(['conversation_id', 'results']).where('workspace_id', '=', w.workspaceId).execute();
    expect(JSON.parse(firings.find((f) => f.conversation_id === vi.id)!.results)).toEqual([{ type: 'send_saved_reply', ok: true, note: 'sent the "vi" text' }]);

    // A macro's send_saved_reply picks the same way (the rules' executor, as the member).
    await t.req('DELETE', `/api/v1/rules/${(await rule.json()).id}`, { token: w.token });
    const macro = await (
      await t.req('POST', '/api/v1/macros', { token: w.token, body: { name: 'Late', actions: [{ type: 'send_saved_reply', savedReplyId: saved.id }] } })
    ).json();
    const applied = await t.req('POST', `/api/v1/macros/${macro.id}/apply`, { token: w.token, body: { conversationIds: [vi.id, de.id] } });
    expect((await applied.json()).applied).toBe(2);
    expect(await outOf(vi.id)).toEqual([viText, viText]);
    expect(await outOf(de.id)).toHaveLength(2);
    expect((await outOf(de.id))[1]).toContain('your order is on its way');

    // A variable with no value for this customer: nothing is sent, and the macro says why.
    const needsOrder = await (await create({ name: 'Order status', body: 'Order {{contact.order_no}} ships today — {{agent.first_name}}' })).json();
    const m2 = await (
      await t.req('POST', '/api/v1/macros', { token: w.token, body: { name: 'Ships', actions: [{ type: 'send_saved_reply', savedReplyId: needsOrder.id }] } })
    ).json();
    const res = await (await t.req('POST', `/api/v1/macros/${m2.id}/apply`, { token: w.token, body: { conversationIds: [de.id] } })).json();
    expect(JSON.stringify(res)).toContain('{{contact.order_no}} has no value for this conversation');
    expect(await outOf(de.id)).toHaveLength(2);
  });
});
