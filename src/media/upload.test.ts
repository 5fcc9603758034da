import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildTestApp, buildWorkspace, deliver, pollArgs, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { startFakeTelegram } from '../channels/telegram/testing/fake-telegram.js';
import { pollOnce } from '../channels/email/poll.js';
import { startTestImap, startTestSmtp } from '../channels/email/testing/test-servers.js';
import { mediaStoreFor } from './storage.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const ADDRESS = 'support@acme.example';
const PASSWORD = 'correct-mailbox-password';
// A real 1×1 PNG: the bytes a customer receives must be these, byte for byte.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe(`outbound attachments: upload, reply, send (${testDialect})`, () => {
  let t: TestApp;
  let w: TestWorkspace;
  let other: TestWorkspace;
  let tg: Awaited<ReturnType<typeof startFakeTelegram>>;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let imap: Awaited<ReturnType<typeof startTestImap>>;
  let tgChannel: string;
  let mailChannel: string;

  beforeAll(async () => {
    t = await buildTestApp({
      HEARKEN_PUBLIC_URL: 'https://hearken.example.com',
      HEARKEN_MEDIA_MAX_BYTES: String(64 * 1024),
      HEARKEN_BODY_LIMIT_BYTES: String(16 * 1024),
    });
    w = await buildWorkspace(t);
    other = await buildWorkspace(t, { name: 'Other' });
    tg = await startFakeTelegram({ token: TOKEN, chats: [1111111] });
    smtp = await startTestSmtp({ user: ADDRESS, pass: PASSWORD });
    imap = await startTestImap({ user: ADDRESS, pass: PASSWORD });
    const a = await t.req('POST', '/api/v1/channels', {
      token: w.token,
      body: { type: 'telegram', name: 'Acme bot', settings: { botToken: TOKEN, apiBaseUrl: tg.baseUrl } },
    });
    tgChannel = (await a.json()).id;
    const b = await t.req('POST', '/api/v1/channels', {
      token: w.token,
      body: {
        type: 'email',
        name: 'Support',
        settings: {
          address: ADDRESS,
          imapHost: '127.0.0.1',
          imapPort: imap.port,
          imapSecurity: 'none',
          smtpHost: '127.0.0.1',
          smtpPort: smtp.port,
          smtpSecurity: 'none',
          password: PASSWORD,
        },
      },
    });
    mailChannel = (await b.json()).id;
  });
  afterAll(async () => {
    await tg?.close();
    await smtp?.close();
    await imap?.close();
    await t?.close();
  });

  const drain = async () => {
    while ((await processJournalBatch(t.app)) > 0);
  };
  const upload = (token: string, body: BodyInit, headers: Record<string, string> = {}, query = '') =>
    Promise.resolve(t.http.request(`/api/v1/media${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body }));
  const form = (bytes: Uint8Array<ArrayBuffer>, type: string, name: string, field = 'file') => {
    const f = new FormData();
    f.set(field, new Blob([bytes], { type }), name);
    return f;
  };
  const uploadOk = async (bytes: Uint8Array<ArrayBuffer>, type: string, name: string, token = w.token) => {
    const res = await upload(token, form(bytes, type, name));
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; url: string; mime: string; size: number; name: string };
  };
  const replyTo = async (convId: string, body: Record<string, unknown>) => {
    const res = await t.req('POST', `/api/v1/conversations/${convId}/replies`, { token: w.token, body });
    return { status: res.status, json: await res.json() };
  };
  const msg = (id: string) => t.app.store.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const queuedJobs = async () =>
    (await t.app.store.db.selectFrom('jobs').select('id').where('name', '=', 'outbox.send').where('workspace_id', '=', w.workspaceId).execute()).length;
  const telegramConv = async () => {
    const res = await t.http.request(`/webhooks/${tgChannel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': await secretOf(tgChannel) },
      body: readFileSync(path.join(here, '../channels/telegram/fixtures/private_text.json'), 'utf8'),
    });
    expect(res.status).toBe(200);
    await drain();
    return t.app.store.db.selectFrom('conversations').selectAll().where('channel_id', '=', tgChannel).executeTakeFirstOrThrow();
  };
  const secretOf = async (channelId: string) => {
    const { unsealChannel } = await import('../channels/load-channel.js');
    const row = await t.app.store.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    return unsealChannel(row, t.config).secrets.secretToken!;
  };

  it('stores a multipart upload content-addressed and answers {id, url, mime, size, name}; the url serves it to this workspace only', async () => {
    const u = await uploadOk(PNG, 'image/png', 'C:\\Users\\ana\\box.png');
    const key = (await t.app.store.db.selectFrom('media_uploads').select('key').where('id', '=', u.id).executeTakeFirstOrThrow()).key;
    expect(u).toEqual({ id: expect.any(String), url: `/api/v1/media/${key}`, mime: 'image/png', size: PNG.length, name: 'box.png' });
    expect(Buffer.from(await new Response((await mediaStoreFor(t.config).get(key))!.body()).arrayBuffer())).toEqual(PNG);
    const mine = await t.req('GET', u.url, { token: w.token });
    expect(mine.status).toBe(200);
    expect(Buffer.from(await mine.arrayBuffer())).toEqual(PNG);
    expect((await t.req('GET', u.url, { token: other.token })).status).toBe(404);
  });

  it('takes a raw body with its own content type and ?name=', async () => {
    const res = await upload(w.token, PDF, { 'content-type': 'application/pdf' }, '?name=invoice.pdf');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ mime: 'application/pdf', size: PDF.length, name: 'invoice.pdf' });
  });

  it('refuses a type outside the allow-list (SVG, HTML, none), an oversize or empty file, a missing field, no token', async () => {
    for (const [type, name] of [
      ['image/svg+xml', 'x.svg'],
      ['text/html', 'x.html'],
      ['application/x-msdownload', 'x.exe'],
    ] as const) {
      const res = await upload(w.token, form(Buffer.from('<svg/>'), type, name));
      expect(res.status).toBe(415);
      expect((await res.json()).error).toMatchObject({ code: 'unsupported_media_type', fields: [{ field: 'file' }] });
    }
    // Bigger than the media limit (64 KiB here) — and than the server-wide body limit (16 KiB), which uploads do not use.
    const big = await upload(w.token, form(Buffer.alloc(65 * 1024, 1), 'image/png', 'big.png'));
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large');
    const medium = await upload(w.token, form(Buffer.alloc(40 * 1024, 1), 'application/pdf', 'medium.pdf'));
    expect(medium.status).toBe(201);
    const rawBig = await upload(w.token, Buffer.alloc(200 * 1024, 1), { 'content-type': 'application/pdf' });
    expect(rawBig.status).toBe(413);
    const empty = await upload(w.token, form(new Uint8Array(0), 'image/png', 'empty.png'));
    expect(empty.status).toBe(400);
    const noField = await upload(w.token, form(PNG, 'image/png', 'a.png', 'photo'));
    expect(noField.status).toBe(400);
    expect((await noField.json()).error.fields[0].field).toBe('file');
    expect((await upload('nope', form(PNG, 'image/png', 'a.png'))).status).toBe(401);
    // The server-wide limit still holds everywhere else.
    const other = await t.req('POST', '/api/v1/saved-replies', { token: w.token, body: { title: 'x', text: 'y'.repeat(20 * 1024) } });
    expect(other.status).toBe(413);
  });

  it('a Telegram reply with a picture and a PDF: stored on the message like inbound media, sent by multipart sendPhoto + sendDocument', async () => {
    const conv = await telegramConv();
    const pic = await uploadOk(PNG, 'image/png', 'box.png');
    const pdf = await uploadOk(PDF, 'application/pdf', 'label.pdf');
    const r = await replyTo(conv.id, { text: 'Here is the photo and your return label', attachments: [pic.id, pdf.id] });
    expect(r.status).toBe(201);
    expect(r.json.message.attachments).toEqual([
      { type: 'image', name: 'box.png', stored: expect.stringMatching(/^[0-9a-f]{64}$/), size: PNG.length, contentType: 'image/png', media: pic.id },
      { type: 'file', name: 'label.pdf', stored: expect.stringMatching(/^[0-9a-f]{64}$/), size: PDF.length, contentType: 'application/pdf', media: pdf.id },
    ]);
    const before = tg.requests.length;
    await runDueJobs(t.app);
    const m = await msg(r.json.message.id);
    expect(m.delivery_status).toBe('sent');
    const sent = tg.requests.slice(before);
    expect(sent.map((x) => x.apiMethod)).toEqual(['sendPhoto', 'sendDocument']);
    expect(sent[0]!.body).toMatchObject({ multipart: true, chat_id: '1111111', caption: 'Here is the photo and your return label' });
    expect(JSON.parse(sent[0]!.body.reply_parameters)).toEqual({ message_id: 42, allow_sending_without_reply: true });
    expect(sent[0]!.body.files[0]).toMatchObject({ field: 'photo', name: 'box.png', type: 'image/png', size: PNG.length });
    expect(Buffer.from(sent[0]!.body.files[0].bytes)).toEqual(PNG);
    expect(sent[1]!.body.caption).toBeUndefined();
    expect(sent[1]!.body.files[0]).toMatchObject({ field: 'document', name: 'label.pdf', type: 'application/pdf' });
    expect(m.external_id).toBe(`1111111:${tg.state.nextMessageId - 1}`);
    // The thread serves the stored copy to this workspace.
    expect((await t.req('GET', `/api/v1/media/${r.json.message.attachments[0].stored}`, { token: w.token })).status).toBe(200);
  });

  it('Telegram: text longer than a caption goes first as its own message; a file alone needs no text', async () => {
    const conv = await telegramConv();
    const pic = await uploadOk(PNG, 'image/png', 'box.png');
    const long = 'x'.repeat(1500);
    const a = await replyTo(conv.id, { text: long, attachments: [pic.id] });
    expect(a.status).toBe(201);
    const before = tg.requests.length;
    await runDueJobs(t.app);
    const sent = tg.requests.slice(before);
    expect(sent.map((x) => x.apiMethod)).toEqual(['sendMessage', 'sendPhoto']);
    expect(sent[1]!.body.caption).toBeUndefined();
    expect((await msg(a.json.message.id)).delivery_status).toBe('sent');
    const b = await replyTo(conv.id, { text: '', attachments: [pic.id] });
    expect(b.status).toBe(201);
    await runDueJobs(t.app);
    expect((await msg(b.json.message.id)).delivery_status).toBe('sent');
    expect((await replyTo(conv.id, { text: '  ' })).status).toBe(400);
  });

  it("Telegram's refusal of a file is the reply's failure, with its text", async () => {
    const conv = await telegramConv();
    const pic = await uploadOk(PNG, 'image/png', 'box.png');
    tg.blocked.add(1111111);
    const r = await replyTo(conv.id, { text: 'hi', attachments: [pic.id] });
    await runDueJobs(t.app);
    tg.blocked.delete(1111111);
    expect(await msg(r.json.message.id)).toMatchObject({ delivery_status: 'failed', delivery_error: expect.stringContaining('bot was blocked by the user') });
  });

  it("refuses before queueing: a foreign workspace's upload, an unknown id, too many files, a channel that carries none", async () => {
    const conv = await telegramConv();
    const jobs = await queuedJobs();
    const foreign = await uploadOk(PNG, 'image/png', 'theirs.png', other.token);
    const f = await replyTo(conv.id, { text: 'hi', attachments: [foreign.id] });
    expect(f.status).toBe(404);
    expect(f.json.error.fields[0].field).toBe('attachments.0');
    expect((await replyTo(conv.id, { text: 'hi', attachments: ['nope'] })).status).toBe(404);
    const mine = await uploadOk(PNG, 'image/png', 'box.png');
    expect((await replyTo(conv.id, { text: 'hi', attachments: [mine.id, mine.id] })).status).toBe(400);
    expect((await replyTo(conv.id, { text: 'hi', attachments: Array.from({ length: 11 }, (_, i) => `id${i}`) })).status).toBe(400);
    // The API channel does not send files: refused with the capability error, nothing queued.
    await deliver(t, w, buildInbound({ text: 'via api' }));
    await drain();
    const apiConv = await t.app.store.db.selectFrom('conversations').selectAll().where('channel_id', '=', w.channelId).executeTakeFirstOrThrow();
    const api = await replyTo(apiConv.id, { text: 'hi', attachments: [mine.id] });
    expect(api.status).toBe(422);
    expect(api.json.error).toMatchObject({ code: 'capability_unsupported', fields: [{ field: 'attachments' }] });
    expect(await queuedJobs()).toBe(jobs);
    const count = await t.app.store.db.selectFrom('messages').select('id').where('conversation_id', '=', apiConv.id).where('direction', '=', 'out').execute();
    expect(count).toHaveLength(0);
  });

  it('an email reply carries its files as MIME attachments, byte for byte', async () => {
    await imap.deliver(readFileSync(path.join(here, '../channels/email/fixtures/first_contact.eml'), 'utf8').replace(/\r?\n/g, '\r\n'));
    const row = await t.app.store.db.selectFrom('channels').selectAll().where('id', '=', mailChannel).executeTakeFirstOrThrow();
    await pollOnce(...pollArgs(t.app, row));
    await drain();
    const conv = await t.app.store.db.selectFrom('conversations').selectAll().where('channel_id', '=', mailChannel).executeTakeFirstOrThrow();
    const pdf = await uploadOk(PDF, 'application/pdf', 'label.pdf');
    const pic = await uploadOk(PNG, 'image/png', 'box.png');
    const r = await replyTo(conv.id, { text: 'Your return label is attached.', attachments: [pdf.id, pic.id] });
    expect(r.status).toBe(201);
    await runDueJobs(t.app);
    expect((await msg(r.json.message.id)).delivery_status).toBe('sent');
    const mail = smtp.received.at(-1)!.parsed;
    expect(mail.text?.trim()).toBe('Your return label is attached.');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      ['label.pdf', 'application/pdf', PDF.length],
      ['box.png', 'image/png', PNG.length],
    ]);
    expect(mail.attachments[0]!.content.equals(PDF)).toBe(true);
  });

  it('a file gone from the store fails the reply for good instead of sending it without the file', async () => {
    const conv = await telegramConv();
    const gone = await uploadOk(Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]), 'image/jpeg', 'gone.jpg');
    const r = await replyTo(conv.id, { text: 'see picture', attachments: [gone.id] });
    await mediaStoreFor(t.config).delete(r.json.message.attachments[0].stored);
    const before = tg.requests.length;
    await runDueJobs(t.app);
    expect(tg.requests.length).toBe(before);
    expect(await msg(r.json.message.id)).toMatchObject({ delivery_status: 'failed', delivery_error: expect.stringContaining('gone.jpg is no longer stored') });
  });
});
