import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { startFakeGraph } from '../channels/meta/testing/fake-graph.js';
import { signMetaBody } from '../channels/meta/webhook.js';
import { startFakeTelegram } from '../channels/telegram/testing/fake-telegram.js';
import { fetchMedia, setMediaConnectForTests } from './fetch-media.js';
import type { StoredAttachment } from './fetch-media-job.js';

/**
 * Media sent by id (docs/media-by-id.md): WhatsApp's Graph lookup + lookaside download and
 * Telegram's getFile + file download, against the local fakes of both networks. Graph and the
 * Bot API are reached at the channels' apiBaseUrl (the fakes); the lookaside host Graph answers
 * (lookaside.fbsbx.com) passes every host check and is then routed to the fake by the media test hook.
 */
const MAX = 64 * 1024;
const APP_SECRET = 'app-secret-0123456789';
const WA_TOKEN = 'EAAB-wa-token-0123456789abcdef';
const PHONE = '106540352242922';
const BOT_TOKEN = '7000000002:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(3000)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let graph: Awaited<ReturnType<typeof startFakeGraph>>;
let tg: Awaited<ReturnType<typeof startFakeTelegram>>;
let wa: { id: string };
let bot: { id: string; secretToken: string };

beforeAll(async () => {
  t = await buildTestApp({ HEARKEN_MEDIA_MAX_BYTES: String(MAX), HEARKEN_MEDIA_TIMEOUT_MS: '5000' });
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other Co' });
  graph = await startFakeGraph({ token: WA_TOKEN, appSecret: APP_SECRET, accounts: { [PHONE]: 'whatsapp' } });
  tg = await startFakeTelegram({ token: BOT_TOKEN, chats: [5550001] });
  const graphOrigin = new URL(graph.baseUrl).origin;
  // Only Meta's lookaside host is played by a local server; any other host would go nowhere.
  setMediaConnectForTests((u) => new URL(u.hostname === 'lookaside.fbsbx.com' ? `${graphOrigin}${u.pathname}${u.search}` : 'http://127.0.0.1:9/'));
  const waRes = await t.req('POST', '/api/v1/channels', {
    token: w.token,
    body: { type: 'whatsapp', name: 'WhatsApp', settings: { phoneNumberId: PHONE, apiBaseUrl: graph.baseUrl, appSecret: APP_SECRET, accessToken: WA_TOKEN } },
  });
  expect(waRes.status).toBe(201);
  wa = await waRes.json();
  const tgRes = await t.req('POST', '/api/v1/channels', {
    token: w.token,
    body: { type: 'telegram', name: 'Bot', settings: { botToken: BOT_TOKEN, apiBaseUrl: tg.baseUrl } },
  });
  expect(tgRes.status).toBe(201);
  const tgJson = await tgRes.json();
  bot = { id: tgJson.id, secretToken: tgJson.secrets.secretToken };
});
afterAll(async () => {
  setMediaConnectForTests(null);
  await graph?.close();
  await tg?.close();
  await t?.close();
});

const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
let seq = 0;
/** A WhatsApp Cloud API `messages` webhook with one media message, in the documented shape (Webhooks › messages reference, "image"). */
async function receiveWhatsApp(type: 'image' | 'document' | 'audio' | 'video' | 'sticker', media: Record<string, unknown>): Promise<string> {
  const wamid = `wamid.MEDIA${++seq}`;
  const payload = {
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
              contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
              messages: [{ from: '16505551234', id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type, [type]: media }],
            },
          },
        ],
      },
    ],
  };
  const body = JSON.stringify(payload);
  const res = await t.http.request(`/webhooks/${wa.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signMetaBody(APP_SECRET, body) },
    body,
  });
  expect(res.status).toBe(200);
  await drain();
  return wamid;
}
/** A Telegram Update with one message (Bot API, Update / Message). */
async function receiveTelegram(message: Record<string, unknown>): Promise<string> {
  const id = ++seq;
  const update = {
    update_id: 700000 + id,
    message: {
      message_id: id,
      from: { id: 5550001, is_bot: false, first_name: 'Ana' },
      chat: { id: 5550001, type: 'private', first_name: 'Ana' },
      date: Math.floor(Date.now() / 1000),
      ...message,
    },
  };
  const res = await t.http.request(`/webhooks/${bot.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': bot.secretToken },
    body: JSON.stringify(update),
  });
  expect(res.status).toBe(200);
  await drain();
  return `5550001:${id}`;
}
const messageOf = (channelId: string, externalId: string) =>
  t.app.store.db.selectFrom('messages').selectAll().where('channel_id', '=', channelId).where('external_id', '=', externalId).executeTakeFirstOrThrow();
const attachmentsOf = async (channelId: string, externalId: string): Promise<StoredAttachment[]> =>
  JSON.parse((await messageOf(channelId, externalId)).attachments);
const mediaJobs = () => t.app.store.db.selectFrom('jobs').selectAll().where('name', '=', 'media.fetch').execute();
const lookaside = () => graph.mediaRequests.filter((r) => r.path === '/whatsapp_business/attachments/');

describe(`WhatsApp media by id (${testDialect})`, () => {
  it('resolves the id with Graph, downloads with the bearer token, stores, and serves to the workspace only', async () => {
    graph.media.set('1003383421387256', { bytes: jpeg, mimeType: 'image/jpeg' });
    const wamid = await receiveWhatsApp('image', { caption: 'The box was crushed', mime_type: 'image/jpeg', sha256: sha(jpeg), id: '1003383421387256' });
    expect(await attachmentsOf(wa.id, wamid)).toEqual([{ type: 'image', url: 'whatsapp-media:1003383421387256', name: 'image/jpeg' }]);
    expect((await mediaJobs()).filter((j) => j.status === 'pending')).toHaveLength(1);
    await runDueJobs(t.app);
    const [a] = await attachmentsOf(wa.id, wamid);
    expect(a).toEqual({
      type: 'image',
      url: 'whatsapp-media:1003383421387256',
      name: 'image/jpeg',
      stored: sha(jpeg),
      size: jpeg.length,
      contentType: 'image/jpeg',
    });
    // The lookup, then the download: both with the channel's token, the lookup with appsecret_proof too.
    const [lookup, download] = graph.mediaRequests.slice(-2);
    expect(lookup).toMatchObject({
      method: 'GET',
      path: '/v21.0/1003383421387256',
      authorization: `Bearer ${WA_TOKEN}`,
      query: { appsecret_proof: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(download).toMatchObject({ path: '/whatsapp_business/attachments/', authorization: `Bearer ${WA_TOKEN}`, query: { mid: '1003383421387256' } });
    const res = await t.req('GET', `/api/v1/media/${a!.stored}`, { token: w.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(jpeg)).toBe(true);
    expect((await t.req('GET', `/api/v1/media/${a!.stored}`, { token: other.token })).status).toBe(404);
    // The conversation API shows the stored copy, never the short-lived lookaside URL nor the token.
    const msg = await messageOf(wa.id, wamid);
    const conv = await (await t.req('GET', `/api/v1/conversations/${msg.conversation_id}`, { token: w.token })).json();
    const shown = conv.messages.find((m: { body: string }) => m.body === 'The box was crushed');
    expect(shown.attachments[0]).toMatchObject({ stored: sha(jpeg), contentType: 'image/jpeg' });
    expect(msg.attachments).not.toContain('lookaside');
    expect(msg.attachments).not.toContain(WA_TOKEN);
    expect((await mediaJobs()).every((j) => j.status === 'done')).toBe(true);
  });

  it('refuses bytes whose sha256 is not the one Graph gave', async () => {
    const bytes = randomBytes(2000);
    graph.media.set('2000000000000001', { bytes, mimeType: 'image/png', sha256: sha(randomBytes(10)) });
    const wamid = await receiveWhatsApp('image', { mime_type: 'image/png', id: '2000000000000001' });
    const before = lookaside().length;
    await runDueJobs(t.app);
    const [a] = await attachmentsOf(wa.id, wamid);
    expect(a!.error).toBe('not stored: the downloaded file does not match the sha256 WhatsApp gave for it');
    expect(a!.stored).toBeUndefined();
    expect(lookaside().length).toBe(before + 1); // downloaded, checked, refused
  });

  it('an unknown or expired id: Meta error 100 recorded on the attachment, message kept, job not retried', async () => {
    const wamid = await receiveWhatsApp('document', { caption: 'my invoice', filename: 'invoice.pdf', mime_type: 'application/pdf', id: '3999999999999999' });
    await runDueJobs(t.app);
    const msg = await messageOf(wa.id, wamid);
    expect(msg.body).toBe('my invoice');
    const [a] = JSON.parse(msg.attachments) as StoredAttachment[];
    expect(a).toMatchObject({ type: 'document', name: 'invoice.pdf', url: 'whatsapp-media:3999999999999999' });
    expect(a!.error).toMatch(/^not stored: WhatsApp no longer has this media \(expired or unknown id\): Meta error 100\/33: Unsupported get request/);
    const jobs = (await mediaJobs()).filter((j) => j.payload.includes(msg.id));
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([['done', 1]]);
  });

  it('a file Graph declares larger than the limit is refused without downloading; a foreign type is refused', async () => {
    graph.media.set('4000000000000001', { bytes: jpeg, mimeType: 'video/mp4', fileSize: MAX + 1 });
    graph.media.set('4000000000000002', { bytes: Buffer.from('<svg onload="alert(1)"/>'), mimeType: 'image/svg+xml' });
    const big = await receiveWhatsApp('video', { mime_type: 'video/mp4', id: '4000000000000001' });
    const svg = await receiveWhatsApp('sticker', { mime_type: 'image/svg+xml', id: '4000000000000002' });
    const before = lookaside().length;
    await runDueJobs(t.app);
    expect((await attachmentsOf(wa.id, big))[0]!.error).toBe(`not stored: larger than ${MAX} bytes (WhatsApp says ${MAX + 1})`);
    expect((await attachmentsOf(wa.id, svg))[0]!.error).toMatch(/content type image\/svg\+xml is not an image/);
    expect(lookaside().length).toBe(before + 1); // the SVG was downloaded and refused; the video never was
  });

  it('a token Meta refuses (190) is final, with the hint, and the fake checks the bearer on the lookaside too', async () => {
    graph.media.set('5000000000000001', { bytes: jpeg, mimeType: 'image/jpeg' });
    const patch = await t.req('PATCH', `/api/v1/channels/${wa.id}`, { token: w.token, body: { settings: { accessToken: 'EAAB-revoked-token-000000' } } });
    expect(patch.status).toBe(200);
    try {
      const wamid = await receiveWhatsApp('image', { id: '5000000000000001' });
      await runDueJobs(t.app);
      expect((await attachmentsOf(wa.id, wamid))[0]!.error).toMatch(/^not stored: WhatsApp refused the media lookup: Meta error 190: .*paste a new one/);
    } finally {
      await t.req('PATCH', `/api/v1/channels/${wa.id}`, { token: w.token, body: { settings: { accessToken: WA_TOKEN } } });
    }
    const lookup = await fetch(`${graph.baseUrl}/5000000000000001`, { headers: { authorization: `Bearer ${WA_TOKEN}` } });
    expect(lookup.status).toBe(400); // no appsecret_proof
    const origin = new URL(graph.baseUrl).origin;
    expect((await fetch(`${origin}/whatsapp_business/attachments/?mid=5000000000000001&ext=9999999999&hash=x`)).status).toBe(401);
  });
});

describe(`Telegram media by id (${testDialect})`, () => {
  it('a photo: the largest size a bot may download is fetched with getFile and stored', async () => {
    tg.files.set('ph-small', { bytes: randomBytes(200), path: 'photos/file_1.jpg' });
    tg.files.set('ph-medium', { bytes: jpeg, path: 'photos/file_2.jpg' }); // served as application/octet-stream, like Telegram
    tg.files.set('ph-huge', { bytes: randomBytes(100), path: 'photos/file_3.jpg', size: 21 * 1024 * 1024 });
    const ext = await receiveTelegram({
      caption: 'the lid',
      photo: [
        { file_id: 'ph-small', file_unique_id: 'a', file_size: 200, width: 90, height: 67 },
        { file_id: 'ph-medium', file_unique_id: 'b', file_size: jpeg.length, width: 1280, height: 960 },
        { file_id: 'ph-huge', file_unique_id: 'c', file_size: 21 * 1024 * 1024, width: 9000, height: 9000 },
      ],
    });
    expect(await attachmentsOf(bot.id, ext)).toEqual([{ type: 'image', name: 'telegram-file:ph-medium' }]);
    const before = tg.downloads.length;
    await runDueJobs(t.app);
    const [a] = await attachmentsOf(bot.id, ext);
    expect(a).toMatchObject({ stored: sha(jpeg), size: jpeg.length, contentType: 'image/jpeg' });
    expect(tg.requests.filter((r) => r.apiMethod === 'getFile').at(-1)).toMatchObject({ path: `/bot${BOT_TOKEN}/getFile`, body: { file_id: 'ph-medium' } });
    expect(tg.downloads.slice(before)).toEqual(['photos/file_2.jpg']);
    const res = await t.req('GET', `/api/v1/media/${a!.stored}`, { token: w.token });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(jpeg)).toBe(true);
    expect((await t.req('GET', `/api/v1/media/${a!.stored}`, { token: other.token })).status).toBe(404);
  });

  it('a named document keeps its name; over the Bot API 20 MB or over our limit it is refused without downloading', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(500)]);
    tg.files.set('doc-ok', { bytes: pdf, path: 'documents/file_4.pdf', contentType: 'application/pdf' });
    tg.files.set('doc-huge', { bytes: randomBytes(100), path: 'documents/file_5.pdf', size: 30 * 1024 * 1024 });
    tg.files.set('vid-big', { bytes: randomBytes(100), path: 'videos/file_6.mp4', size: MAX + 1 });
    const ok = await receiveTelegram({
      document: { file_id: 'doc-ok', file_unique_id: 'd', file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: pdf.length },
    });
    const huge = await receiveTelegram({ document: { file_id: 'doc-huge', file_unique_id: 'e', file_name: 'scan.pdf', file_size: 30 * 1024 * 1024 } });
    const big = await receiveTelegram({ video: { file_id: 'vid-big', file_unique_id: 'f', file_size: MAX + 1 } });
    const before = tg.downloads.length;
    await runDueJobs(t.app);
    expect((await attachmentsOf(bot.id, ok))[0]).toMatchObject({
      type: 'file',
      name: 'invoice.pdf',
      url: 'telegram-file:doc-ok',
      stored: sha(pdf),
      contentType: 'application/pdf',
    });
    expect((await attachmentsOf(bot.id, huge))[0]!.error).toBe('not stored: too large for the Bot API (bots can download files up to 20 MB)');
    expect((await attachmentsOf(bot.id, big))[0]!.error).toBe(`not stored: larger than ${MAX} bytes (Telegram says ${MAX + 1})`);
    expect(tg.downloads.slice(before)).toEqual(['documents/file_4.pdf']);
  });

  it("an unknown file id is final with Telegram's own text", async () => {
    const ext = await receiveTelegram({ voice: { file_id: 'gone-voice', file_unique_id: 'g', mime_type: 'audio/ogg' } });
    await runDueJobs(t.app);
    expect((await attachmentsOf(bot.id, ext))[0]!.error).toBe('not stored: Telegram refused getFile (400): Bad Request: invalid file_id');
  });

  it('the bot token is never stored: not in attachments, events, or job errors', async () => {
    const rows = await t.app.store.db.selectFrom('messages').select('attachments').where('channel_id', '=', bot.id).execute();
    expect(rows.length).toBeGreaterThan(3);
    const events = await t.app.store.db.selectFrom('events').select('data').where('workspace_id', '=', w.workspaceId).execute();
    const jobs = await mediaJobs();
    const all = JSON.stringify([rows, events, jobs]);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(BOT_TOKEN.split(':')[1]);
    expect(all).not.toContain(WA_TOKEN);
    expect(all).not.toContain('/file/bot');
  });
});

describe('fetchMedia options used by media by id', () => {
  it('sends the bearer only to the first host, and trusts only the exact configured origin', async () => {
    const seen: Array<[string, string | undefined]> = [];
    const server = createServer((req, res) => {
      seen.push([req.url!, req.headers.authorization]);
      if (req.url!.startsWith('/first')) return res.writeHead(302, { location: 'https://scontent.xx.fbcdn.net/second.jpg' }).end();
      if (req.url!.startsWith('/away')) return res.writeHead(302, { location: 'http://127.0.0.2:1/x.jpg' }).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(jpeg);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    setMediaConnectForTests((u) => new URL(`${local}${u.pathname}`));
    try {
      const r = await fetchMedia('https://lookaside.fbsbx.com/first', 'whatsapp', {
        maxBytes: MAX,
        timeoutMs: 2000,
        headers: { authorization: 'Bearer secret' },
        fallbackType: 'image/jpeg',
        outbound: t.app.outbound,
      });
      expect(r).toMatchObject({ ok: true, contentType: 'image/jpeg' });
      expect(seen).toEqual([
        ['/first', 'Bearer secret'],
        ['/second.jpg', undefined],
      ]);
      // The channel's own API base (a test double here) is trusted as configured; a redirect from it to anything else is not.
      expect(
        await fetchMedia(`${local}/file.jpg`, 'telegram', {
          maxBytes: MAX,
          timeoutMs: 2000,
          trustedOrigin: local,
          fallbackType: 'image/jpeg',
          outbound: t.app.outbound,
        }),
      ).toMatchObject({ ok: true });
      expect(await fetchMedia(`${local}/away`, 'telegram', { maxBytes: MAX, timeoutMs: 2000, trustedOrigin: local, outbound: t.app.outbound })).toEqual({
        ok: false,
        final: true,
        error: 'not stored: only https URLs are fetched (http)',
      });
      expect(
        await fetchMedia(`${local}/file.jpg`, 'telegram', { maxBytes: MAX, timeoutMs: 2000, trustedOrigin: 'http://127.0.0.1:1', outbound: t.app.outbound }),
      ).toEqual({
        ok: false,
        final: true,
        error: 'not stored: only https URLs are fetched (http)',
      });
    } finally {
      const graphOrigin = new URL(graph.baseUrl).origin;
      setMediaConnectForTests((u) => new URL(u.hostname === 'lookaside.fbsbx.com' ? `${graphOrigin}${u.pathname}${u.search}` : 'http://127.0.0.1:9/'));
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
