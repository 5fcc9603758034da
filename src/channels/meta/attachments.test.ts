import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../test/store.js';
import { setupMeta, type MetaSetup } from './testing/test-helpers.js';
import type { GraphUpload } from './testing/fake-graph-uploads.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const upload = async (s: MetaSetup, bytes: Buffer, type: string, name: string) => {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await s.t.http.request('/api/v1/media', { method: 'POST', headers: { authorization: `Bearer ${s.w.token}` }, body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

describe(`Messenger: files by Send API upload (${testDialect})`, () => {
  const PAGE = '1122334455';
  let s: MetaSetup;
  let seq = 0;
  beforeAll(async () => {
    s = await setupMeta('messenger', PAGE, { sendTimeoutMs: 5000 }); // multipart uploads on a loaded machine
  });
  afterAll(() => s.close());
  const page = (...entries: Array<{ messaging?: unknown[]; changes?: unknown[] }>) => ({
    object: 'page',
    entry: entries.map((e) => ({ id: PAGE, time: Date.now(), ...e })),
  });
  const dm = (psid: string, text: string) => ({
    sender: { id: psid },
    recipient: { id: PAGE },
    timestamp: Date.now(),
    message: { mid: `m_${psid}_${++seq}`, text },
  });

  it('sends the text, then each file as multipart `filedata` with recipient, messaging_type and message.attachment', async () => {
    await s.deliver(page({ messaging: [dm('5001', 'the box is crushed')] }));
    await s.drain();
    const conv = (await s.conversations()).find((c) => c.thread_key.endsWith(':dm:5001'))!;
    const pic = await upload(s, PNG, 'image/png', 'label.png');
    const pdf = await upload(s, PDF, 'application/pdf', 'return.pdf');
    const res = await s.reply(conv.id, { text: 'Here is your label', attachments: [pic, pdf] });
    expect(res.status).toBe(201);
    const { message } = await res.json();
    const n = s.fake.requests.length;
    await s.runJobs();
    expect(await s.message(message.id)).toMatchObject({ delivery_status: 'sent', external_id: expect.stringMatching(/^m_fake/) });
    const [text, img, file] = s.fake.requests.slice(n);
    expect(text!.body).toMatchObject({ recipient: { id: '5001' }, messaging_type: 'RESPONSE', message: { text: 'Here is your label' } });
    expect(img!.body).toMatchObject({
      multipart: true,
      recipient: { id: '5001' },
      messaging_type: 'RESPONSE',
      message: { attachment: { type: 'image', payload: { is_reusable: false } }, metadata: `hearken:${message.id}` },
    });
    const f = (img!.body.files as GraphUpload[])[0]!;
    expect(f).toMatchObject({ field: 'filedata', name: 'label.png', type: 'image/png', size: PNG.length });
    expect(Buffer.from(f.bytes).equals(PNG)).toBe(true);
    expect(file!.body.message.attachment.type).toBe('file');
  });

  it('refuses files on a comment before queueing; the fake refuses a Send API upload without filedata', async () => {
    await s.deliver(
      page({
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: '7001', name: 'U' },
              post_id: `${PAGE}_300`,
              comment_id: '300_1',
              parent_id: `${PAGE}_300`,
              message: 'Broken!',
              item: 'comment',
              verb: 'add',
              created_time: Math.floor(Date.now() / 1000),
            },
          },
        ],
      }),
    );
    await s.drain();
    const conv = (await s.conversations()).find((c) => c.visibility === 'public')!;
    const pic = await upload(s, PNG, 'image/png', 'x.png');
    const jobs = await s.db.selectFrom('jobs').select('id').where('name', '=', 'outbox.send').execute();
    for (const visibility of ['public', 'private']) {
      const res = await s.reply(conv.id, { text: 'see this', visibility, attachments: [pic] });
      expect(res.status).toBe(422);
      expect((await res.json()).error).toMatchObject({ code: 'capability_unsupported', fields: [{ field: 'attachments' }] });
    }
    expect(await s.db.selectFrom('jobs').select('id').where('name', '=', 'outbox.send').execute()).toHaveLength(jobs.length);
    const form = new FormData();
    form.set('recipient', JSON.stringify({ id: '5001' }));
    form.set('messaging_type', 'RESPONSE');
    form.set('message', JSON.stringify({ attachment: { type: 'image', payload: {} } }));
    const { hmacHex } = await import('../../lib/crypto.js');
    const { APP_SECRET, TOKEN } = await import('./testing/test-helpers.js');
    const res = await fetch(`${s.fake.baseUrl}/${PAGE}/messages?appsecret_proof=${hmacHex(APP_SECRET, TOKEN)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: form,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('Upload attachment failure');
  });
});

describe(`WhatsApp: files uploaded to /{phone-number-id}/media, sent by id (${testDialect})`, () => {
  const PHONE = '106540352242922';
  let s: MetaSetup;
  beforeAll(async () => {
    s = await setupMeta('whatsapp', PHONE, { sendTimeoutMs: 5000 });
  });
  afterAll(() => s.close());
  const wa = (from: string, body: string) => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE },
              contacts: [{ wa_id: from, profile: { name: 'Ana' } }],
              messages: [{ from, id: `wamid.A${from}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body } }],
            },
          },
        ],
      },
    ],
  });

  it('uploads each file, then sends an image with the text as caption and a PDF as a document with its file name', async () => {
    await s.deliver(wa('15551230009', 'Oi, a caixa chegou amassada'));
    await s.drain();
    const conv = (await s.conversations()).find((c) => c.thread_key.endsWith(':dm:15551230009'))!;
    const pic = await upload(s, PNG, 'image/png', 'label.png');
    const pdf = await upload(s, PDF, 'application/pdf', 'return.pdf');
    const res = await s.reply(conv.id, { text: 'Segue a etiqueta', attachments: [pic, pdf] });
    expect(res.status).toBe(201);
    const { message } = await res.json();
    const n = s.fake.requests.length;
    await s.runJobs();
    expect(await s.message(message.id)).toMatchObject({ delivery_status: 'sent', external_id: expect.stringMatching(/^wamid\.UPLOAD/) });
    const sent = s.fake.requests.slice(n);
    expect(sent.map((r) => r.path.split('/').pop())).toEqual(['media', 'messages', 'media', 'messages']);
    expect(sent[0]!.body).toMatchObject({ multipart: true, messaging_product: 'whatsapp', type: 'image/png' });
    expect((sent[0]!.body.files as GraphUpload[])[0]).toMatchObject({ field: 'file', name: 'label.png', size: PNG.length });
    const imageId = [...s.fake.uploads.keys()].at(-2);
    expect(sent[1]!.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: '15551230009',
      type: 'image',
      image: { id: imageId, caption: 'Segue a etiqueta' },
    });
    expect(sent[3]!.body).toMatchObject({ type: 'document', document: { filename: 'return.pdf' } });
    expect(sent[3]!.body.document.caption).toBeUndefined();
  });

  it("a refused upload is the reply's failure with WhatsApp's error", async () => {
    const conv = (await s.conversations()).find((c) => c.thread_key.endsWith(':dm:15551230009'))!;
    // WebP is storable by Hearken but not a WhatsApp media type for images: Meta refuses it.
    const webp = await upload(s, Buffer.from('RIFF\0\0\0\0WEBPVP8 '), 'image/webp', 'sticker.webp');
    const { message } = await (await s.reply(conv.id, { text: 'x', attachments: [webp] })).json();
    await s.runJobs();
    expect(await s.message(message.id)).toMatchObject({ delivery_status: 'failed', delivery_error: expect.stringContaining('131053') });
  });
});
