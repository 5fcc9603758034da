import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildMember, buildWorkspace, deliver } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import type { FakeTemplate } from './testing/fake-graph.js';
import { setupMeta, type MetaSetup } from './testing/test-helpers.js';

const PHONE = '106540352242923';
const WABA = '102290129340398';
let s: MetaSetup;
beforeAll(async () => {
  s = await setupMeta('whatsapp', PHONE);
});
afterAll(() => s.close());

const tpl = (name: string, language: string, status: FakeTemplate['status'], body: string, id = `${900 + name.length}${language.length}`): FakeTemplate => ({
  id,
  name,
  language,
  status,
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order update' },
    { type: 'BODY', text: body },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
  ],
});
const wa = (from: string, body: string) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: WABA,
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550783881', phone_number_id: PHONE },
            messages: [{ from, id: `wamid.TPL${from}${Math.random()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body } }],
          },
        },
      ],
    },
  ],
});
const sync = () => s.t.req('POST', `/api/v1/channels/${s.channel.id}/templates/sync`, { token: s.w.token });
const list = async (q = '') =>
  (await (await s.t.req('GET', `/api/v1/channels/${s.channel.id}/templates${q}`, { token: s.w.token })).json()).templates as Array<{
    id: string;
    name: string;
    language: string;
    status: string;
    bodyParams: number;
    body: string;
  }>;
async function closedConversation(waId: string) {
  await s.deliver(wa(waId, 'where is my parcel?'));
  await s.drain();
  const conv = (await s.conversations()).find((c) => c.thread_key.endsWith(`:dm:${waId}`))!;
  await s.age(conv.id, 30 * 3600_000);
  return conv;
}
const sendTemplate = (convId: string, body: unknown) => s.t.req('POST', `/api/v1/conversations/${convId}/template-messages`, { token: s.w.token, body });

describe(`WhatsApp message templates (${testDialect})`, () => {
  it('sync needs the WhatsApp Business Account id, and says so', async () => {
    const res = await sync();
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].field).toBe('settings.businessAccountId');
    expect((await s.t.req('PATCH', `/api/v1/channels/${s.channel.id}`, { token: s.w.token, body: { settings: { businessAccountId: WABA } } })).status).toBe(
      200,
    );
  });

  it('syncs every page of templates from the Business Management API; lists approved ones; follows changes at Meta', async () => {
    const filler = Array.from({ length: 105 }, (_, i) => tpl(`promo_${String(i).padStart(3, '0')}`, 'en_US', 'REJECTED', 'Sale!', `77${i}`));
    s.fake.templates.set(WABA, [
      tpl('order_update', 'en_US', 'APPROVED', 'Hi {{1}}, your order {{2}} has shipped.', '1001'),
      tpl('order_update', 'pt_BR', 'APPROVED', 'Olá {{1}}, seu pedido {{2}} foi enviado.', '1002'),
      tpl('follow_up', 'en_US', 'APPROVED', 'We are still looking into your question. Reply to continue.', '1003'),
      tpl('new_offer', 'en_US', 'PENDING', 'New: {{1}}', '1004'),
      ...filler,
    ]);
    const res = await sync();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ added: 109, updated: 0, removed: 0, total: 109 });
    const gets = s.fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/${WABA}/message_templates`));
    expect(gets).toHaveLength(2); // two pages of 100
    expect(gets[0]!.query.fields).toBe('name,language,status,category,components');
    expect(gets[1]!.query.after).toBeTruthy();
    const approved = await list();
    expect(approved.map((t) => `${t.name}/${t.language}/${t.bodyParams}`)).toEqual(['follow_up/en_US/0', 'order_update/en_US/2', 'order_update/pt_BR/2']);
    expect(approved[1]!.body).toBe('Hi {{1}}, your order {{2}} has shipped.');
    expect(await list('?status=all')).toHaveLength(109);

    // at Meta: new_offer approved, the fillers deleted
    s.fake.templates.set(WABA, [...s.fake.templates.get(WABA)!.slice(0, 3), tpl('new_offer', 'en_US', 'APPROVED', 'New: {{1}}', '1004')]);
    expect(await (await sync()).json()).toEqual({ added: 0, updated: 4, removed: 105, total: 4 });
    expect((await list()).map((t) => t.name)).toContain('new_offer');
  });

  it('a channel whose network has no templates refuses to sync or send one, in a sentence', async () => {
    const res = await s.t.req('POST', `/api/v1/channels/${s.w.channelId}/templates/sync`, { token: s.w.token });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: 'capability_unsupported', message: 'API channels have no message templates' });
    expect(await (await s.t.req('GET', `/api/v1/channels/${s.w.channelId}/templates`, { token: s.w.token })).json()).toEqual({ templates: [] });
  });

  it('another workspace sees none of them; only admins sync', async () => {
    const other = await buildWorkspace(s.t, { name: 'Other' });
    expect((await s.t.req('GET', `/api/v1/channels/${s.channel.id}/templates`, { token: other.token })).status).toBe(404);
    expect((await s.t.req('POST', `/api/v1/channels/${s.channel.id}/templates/sync`, { token: other.token })).status).toBe(404);
    const conv = await closedConversation('15551239000');
    const t = (await list())[0]!;
    expect(
      (await s.t.req('POST', `/api/v1/conversations/${conv.id}/template-messages`, { token: other.token, body: { templateId: t.id, params: [] } })).status,
    ).toBe(404);
    const viewer = await buildMember(s.t, s.w.workspaceId, 'viewer');
    expect((await s.t.req('POST', `/api/v1/channels/${s.channel.id}/templates/sync`, { token: viewer.token })).status).toBe(403);
    expect((await s.t.req('GET', `/api/v1/channels/${s.channel.id}/templates`, { token: viewer.token })).status).toBe(200);
  });

  it('outside the 24-hour window a template goes out with its body parameters, while free text is refused', async () => {
    const conv = await closedConversation('15551239001');
    const free = await s.reply(conv.id, { text: 'Hello again' });
    expect(free.status).toBe(422);
    expect((await free.json()).error.message).toMatch(/template/);
    const t = (await list()).find((x) => x.name === 'order_update' && x.language === 'en_US')!;
    const n = s.fake.requests.length;
    const res = await sendTemplate(conv.id, { templateId: t.id, params: ['Ana', '#A-1042'] });
    expect(res.status).toBe(201);
    const { message } = await res.json();
    expect(message.body).toBe('Hi Ana, your order #A-1042 has shipped.');
    await s.runJobs();
    expect(s.fake.requests[n]).toMatchObject({
      method: 'POST',
      path: `/v21.0/${PHONE}/messages`,
      body: {
        messaging_product: 'whatsapp',
        to: '15551239001',
        type: 'template',
        template: {
          name: 'order_update',
          language: { policy: 'deterministic', code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ana' },
                { type: 'text', text: '#A-1042' },
              ],
            },
          ],
        },
      },
    });
    const row = await s.message(message.id);
    expect(row.delivery_status).toBe('sent');
    expect(row.external_id).toMatch(/^wamid\./);
  });

  it('refuses before queueing: wrong parameter count, empty parameter, unapproved or unknown template, a non-WhatsApp conversation', async () => {
    const conv = await closedConversation('15551239002');
    s.fake.templates.set(WABA, [
      ...s.fake.templates.get(WABA)!,
      {
        ...tpl('photo_offer', 'en_US', 'APPROVED', 'Look: {{1}}', '1005'),
        components: [
          { type: 'HEADER', format: 'IMAGE' },
          { type: 'BODY', text: 'Look: {{1}}' },
        ],
      },
    ]);
    expect((await sync()).status).toBe(200);
    const all = await list('?status=all');
    const photo = all.find((x) => x.name === 'photo_offer') as unknown as { id: string; unsupported: string | null };
    expect(photo.unsupported).toMatch(/header is image/);
    const media = await sendTemplate(conv.id, { templateId: photo.id, params: ['kettles'] });
    expect(media.status).toBe(422);
    expect((await media.json()).error.message).toMatch(/cannot be sent from Hearken yet: its header is image/);
    const t = all.find((x) => x.name === 'order_update' && x.language === 'pt_BR')!;
    const n = s.fake.requests.length;
    const few = await sendTemplate(conv.id, { templateId: t.id, params: ['Ana'] });
    expect(few.status).toBe(400);
    expect((await few.json()).error).toMatchObject({ fields: [{ field: 'params', reason: expect.stringMatching(/needs 2 body parameters, got 1/) }] });
    const empty = await sendTemplate(conv.id, { templateId: t.id, params: ['Ana', '  '] });
    expect((await empty.json()).error.fields[0].field).toBe('params.1');
    expect((await sendTemplate(conv.id, { templateId: 'nope', params: [] })).status).toBe(404);
    const long = await sendTemplate(conv.id, { templateId: t.id, params: ['x'.repeat(1025), 'y'] });
    expect((await long.json()).error.fields[0].field).toBe('params.0');
    await deliver(s.t, s.w, buildInbound({ from: { id: 'api-cust' } }));
    await s.drain();
    const apiConv = await s.t.app.store.db.selectFrom('conversations').select('id').where('channel_id', '=', s.w.channelId).executeTakeFirstOrThrow();
    expect((await sendTemplate(apiConv.id, { templateId: t.id, params: ['a', 'b'] })).status).toBe(422); // templates are WhatsApp's only
    expect(s.fake.requests.length).toBe(n);
  });

  it("Meta's own refusals (template gone, parameters changed, paused) fail the message with Meta's error code and text", async () => {
    const conv = await closedConversation('15551239003');
    const [upd, follow, offer] = ['order_update', 'follow_up', 'new_offer'].map(
      (name) => [...s.fake.templates.get(WABA)!].find((x) => x.name === name && x.language === 'en_US')!,
    );
    const ids = Object.fromEntries((await list()).filter((x) => x.language === 'en_US').map((x) => [x.name, x.id]));
    // changed at Meta since the last sync: follow_up now needs a parameter; order_update deleted; new_offer paused
    s.fake.templates.set(WABA, [
      { ...follow!, components: [{ type: 'BODY', text: 'Still on it, {{1}}!' }] },
      { ...offer!, status: 'PAUSED' },
    ]);
    void upd;
    const sent = [];
    for (const [name, params] of [
      ['follow_up', []],
      ['order_update', ['Ana', '#1']],
      ['new_offer', ['kettles']],
    ] as const) {
      const res = await sendTemplate(conv.id, { templateId: ids[name], params });
      expect(res.status).toBe(201);
      sent.push((await res.json()).message.id as string);
    }
    await s.runJobs();
    const rows = await Promise.all(sent.map((id) => s.message(id)));
    expect(rows.map((r) => r.delivery_status)).toEqual(['failed', 'failed', 'failed']);
    expect(rows[0]!.delivery_error).toMatch(/132000.*localizable_params \(0\) does not match the expected number of params \(1\)/);
    expect(rows[1]!.delivery_error).toMatch(/132001.*does not exist in en_US/);
    expect(rows[2]!.delivery_error).toMatch(/132015.*paused/i);
  });

  it("a sync with a bad token changes nothing and shows Meta's error", async () => {
    const before = await list('?status=all');
    s.fake.setResponder((r) =>
      r.method === 'GET'
        ? {
            status: 400,
            body: {
              error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'x' },
            },
          }
        : undefined,
    );
    const res = await sync();
    s.fake.setResponder(() => undefined);
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/Meta error 190\/463: Error validating access token.*paste a new one/);
    expect(await list('?status=all')).toEqual(before);
  });
});
