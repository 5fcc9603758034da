import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditReactor } from '../audit/audit-reactor.js';
import { runReactors } from '../events/reactors.js';
import { enrichPending } from '../enrich/enrich-pending.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { CUSTOMER_TEXTS } from '../lib/customer-texts/index.js';
import { surveyToken } from '../surveys/token.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

/**
 * Issue 20: what Hearken writes to a customer in its own words is in the customer's language —
 * the conversation's (triage), else the workspace default, else English.
 */
let t: TestApp;
let clock = Date.parse('2024-03-04T20:00:00+01:00'); // a Monday evening in Berlin: the office is closed
const MIN = 60_000;

beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_PUBLIC_URL: 'https://care.example.com' });
  t.app.now = () => clock;
  // A stand-in network that accepts every send (the fake clock is years behind a real signature check).
  t.app.senders.set('api', { send: async (r) => ({ ok: true, externalId: `net-${r.idempotencyKey}` }) });
});
afterAll(() => t?.close());

async function settle() {
  while ((await processJournalBatch(t.app)) > 0);
  await enrichPending(t.app);
  while (await runDueJobs(t.app));
}
async function customer(w: TestWorkspace, id: string, text: string, extra: Record<string, unknown> = {}) {
  expect((await deliver(t, w, buildInbound({ from: { id, name: id }, text, timestamp: clock, ...extra }))).status).toBe(200);
  await settle();
  return t.app.store.db
    .selectFrom('conversations')
    .innerJoin('identities', 'identities.contact_id', 'conversations.contact_id')
    .selectAll('conversations')
    .where('identities.external_id', '=', id)
    .where('conversations.workspace_id', '=', w.workspaceId)
    .orderBy('conversations.created_at', 'desc')
    .executeTakeFirstOrThrow();
}
const outbound = (conversationId: string) =>
  t.app.store.db
    .selectFrom('messages')
    .select(['body', 'buttons'])
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'out')
    .orderBy('created_at')
    .execute();
const PT = 'Meu pedido ainda não chegou e já faz duas semanas, ninguém me responde. O que está acontecendo com a entrega?';

describe(`customer-facing texts in the customer's language (${testDialect})`, () => {
  it('moving a Portuguese comment to private offers, and posts, the public note in Portuguese', async () => {
    const w = await buildWorkspace(t);
    const conv = await customer(w, 'pt-1', PT, { conversation: { kind: 'comment', item_id: 'post-1' } });
    expect(conv.language).toBe('pt');
    const detail = await (await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token })).json();
    expect(detail).toMatchObject({ replyLanguage: 'pt', defaultPublicNote: 'Enviamos uma mensagem privada para você.' });
    const r = await t.req('POST', `/api/v1/conversations/${conv.id}/replies`, {
      token: w.token,
      body: { text: 'Pode nos passar o número do pedido?', visibility: 'private', publicNote: detail.defaultPublicNote },
    });
    expect(r.status).toBe(201);
    expect((await outbound(conv.id)).map((m) => m.body)).toEqual(['Enviamos uma mensagem privada para você.']);
  });

  it('a conversation of unknown language gets the workspace default (admins set it, by field), then English', async () => {
    const w = await buildWorkspace(t);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    const conv = await customer(w, 'und-1', '👍👍', { conversation: { kind: 'comment', item_id: 'post-2' } });
    const note = async () => (await (await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token })).json()).defaultPublicNote;
    expect(await note()).toBe("We've sent you a private message.");
    expect(await (await t.req('GET', '/api/v1/workspace', { token: agent.token })).json()).toMatchObject({
      defaultLanguage: null,
      languages: ['en', 'vi', 'zh', 'tr', 'hy', 'pt', 'es'],
    });
    expect((await t.req('PATCH', '/api/v1/workspace', { token: agent.token, body: { defaultLanguage: 'es' } })).status).toBe(403);
    const bad = await t.req('PATCH', '/api/v1/workspace', { token: w.token, body: { defaultLanguage: 'klingon' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('defaultLanguage');
    const ok = await t.req('PATCH', '/api/v1/workspace', { token: w.token, body: { defaultLanguage: 'es' } });
    expect(await ok.json()).toMatchObject({ defaultLanguage: 'es' });
    expect(await note()).toBe('Te hemos enviado un mensaje privado.');
    await runReactors(t.app, [auditReactor]);
    const audit = await (await t.req('GET', '/api/v1/audit', { token: w.token })).json();
    expect(audit.items.find((e: { action: string }) => e.action === 'workspace.language_changed')).toMatchObject({ data: { from: null, to: 'es' } });
    // Another workspace keeps its own default.
    const other = await buildWorkspace(t, { name: 'Other' });
    expect(await (await t.req('GET', '/api/v1/workspace', { token: other.token })).json()).toMatchObject({ defaultLanguage: null });
  });

  it("the default away message answers in the customer's language, hours and day names included; the team's own text stays as written", async () => {
    const w = await buildWorkspace(t);
    const office = {
      timeZone: 'Europe/Berlin',
      days: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])),
    };
    expect((await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: office })).status).toBe(200);
    expect((await t.req('PUT', '/api/v1/auto-replies', { token: w.token, body: { enabled: true } })).status).toBe(200);
    const vi = await customer(w, 'vi-1', 'Xin chào, đơn hàng của tôi đã được giao chưa? Tôi đặt từ tuần trước mà vẫn chưa nhận được.');
    const [away] = await outbound(vi.id);
    expect(away!.body).toBe(
      'Cảm ơn bạn đã nhắn tin! Hiện chúng tôi đang ngoài giờ làm việc và sẽ trả lời bạn vào 09:00 Thứ Ba. Giờ làm việc: Thứ 2–Thứ 6 09:00–17:00 (Europe/Berlin).',
    );
    const en = await customer(w, 'en-1', 'Hello, has my order shipped yet? I ordered it last week and nothing has arrived.');
    expect((await outbound(en.id))[0]!.body).toBe(
      "Thanks for your message! We're away right now and will answer Tuesday 09:00. Our hours: Mon–Fri 09:00–17:00 (Europe/Berlin).",
    );
    const own = { enabled: true, away: { text: 'Estamos fechados. Voltamos {{next_open}}.' } };
    expect((await t.req('PUT', '/api/v1/auto-replies', { token: w.token, body: own })).status).toBe(200);
    expect((await t.req('PATCH', '/api/v1/workspace', { token: w.token, body: { defaultLanguage: 'pt' } })).status).toBe(200);
    const tr = await customer(w, 'tr-1', 'Merhaba, siparişim neden hâlâ gelmedi? Geçen hafta sipariş verdim ve bir şey gelmedi.');
    expect((await outbound(tr.id))[0]!.body).toBe('Estamos fechados. Voltamos a partir de terça-feira, às 09:00.');
  });

  it('a survey asks its default question in the customer’s language; the hosted page and its answers speak it too', async () => {
    clock = Date.parse('2024-03-05T10:00:00+01:00');
    const w = await buildWorkspace(t);
    expect((await t.req('PUT', '/api/v1/survey-settings', { token: w.token, body: { kind: 'csat', delayMinutes: 0 } })).status).toBe(200);
    const conv = await customer(w, 'tr-2', 'Merhaba, siparişim neden hâlâ gelmedi? Geçen hafta sipariş verdim ve bir şey gelmedi.');
    expect(conv.language).toBe('tr');
    expect((await t.req('POST', `/api/v1/conversations/${conv.id}/status`, { token: w.token, body: { status: 'resolved' } })).status).toBe(200);
    clock += MIN;
    while (await runDueJobs(t.app));
    const survey = await t.app.store.db.selectFrom('surveys').selectAll().where('conversation_id', '=', conv.id).executeTakeFirstOrThrow();
    expect(survey).toMatchObject({ status: 'sent', question: CUSTOMER_TEXTS['survey.question.csat'].tr });
    const [msg] = await outbound(conv.id);
    expect(msg!.body).toContain('Aldığınız yardımı nasıl değerlendirirsiniz?');
    const page = await (await t.http.request(`/s/${surveyToken(t.app.config.secretKey, survey.id)}`)).text();
    expect(page).toContain('<html lang="tr">');
    for (const s of ['Memnun değilim', 'İdare eder', 'Memnunum', 'Yanıtınız', 'Gönder']) expect(page).toContain(s);
    expect(page).not.toContain('Your answer');
    // A link nobody can read: the browser's language.
    const bad = await t.http.request('/s/not-a-token', { headers: { 'accept-language': 'fr-FR, hy;q=0.8, en;q=0.5' } });
    expect(bad.status).toBe(404);
    const text = await bad.text();
    expect(text).toContain('<html lang="hy">');
    expect(text).toContain(CUSTOMER_TEXTS['survey.page.invalid_link.title'].hy);
  });

  it("the site chat widget shows its labels and default greeting in the visitor's language, and the team's own title as written", async () => {
    const w = await buildWorkspace(t);
    const ORIGIN = 'https://shop.example.com';
    const res = await t.req('POST', '/api/v1/channels', { token: w.token, body: { type: 'site', name: 'Shop chat', settings: { allowedOrigins: [ORIGIN] } } });
    const key = (await res.json()).id;
    const config = async (lang?: string) =>
      (await t.req('GET', `/site/v1/${key}/config`, { headers: { origin: ORIGIN, ...(lang ? { 'accept-language': lang } : {}) } })).json();
    expect(await config('zh-CN,zh;q=0.9,en;q=0.8')).toMatchObject({
      language: 'zh',
      title: '在线咨询',
      greeting: '您好！今天有什么可以帮您？',
      texts: { send: '发送', placeholder: '输入消息…', start: '开始对话', retry: '未发送——重试' },
    });
    expect(await config()).toMatchObject({ language: 'en', title: 'Chat with us', texts: { send: 'Send' } });
    expect(
      (await t.req('PATCH', `/api/v1/channels/${key}`, { token: w.token, body: { settings: { allowedOrigins: [ORIGIN], title: 'Fale com a Loja' } } })).status,
    ).toBe(200);
    expect(await config('es-MX')).toMatchObject({
      language: 'es',
      title: 'Fale com a Loja',
      greeting: '¡Hola! ¿En qué podemos ayudarte hoy?',
      texts: { send: 'Enviar' },
    });
  });
});
