import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildWorkspace, pollArgs, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { processJournalBatch } from '../../intake/processor.js';
import { runDueJobs } from '../../jobs/run-due.js';
import type { InboundMessage } from '../contract/inbound.js';
import { telegramAdapter } from './adapter.js';
import { startFakeTelegram } from './testing/fake-telegram.js';
import { connectTelegram } from './connect.js';
import { pollOnce } from './poll.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures', name), 'utf8');
const parse = (body: string) => telegramAdapter.parse({ headers: {}, body });
const TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('Telegram parsing (Bot API Update objects)', () => {
  it('turns a private message into a DM threaded by chat, with a per-chat external id', () => {
    const [m] = parse(fixture('private_text.json')) as InboundMessage[];
    expect(m).toMatchObject({
      type: 'message',
      externalId: '1111111:42',
      kind: 'dm',
      visibility: 'private',
      thread: '1111111',
      text: 'Olá! Meu pedido #A-7781 não chegou',
      from: { externalId: '1111111', name: 'Ana Lima', handle: '@analima' },
      networkTs: 1732352400_000,
      direction: 'in',
      authorKind: 'customer',
    });
  });
  it('keeps media as Telegram file references (never the token-bearing URL) and the caption as text', () => {
    const [m] = parse(fixture('photo_caption.json')) as InboundMessage[];
    expect(m!.text).toBe('the box arrived broken');
    expect(m!.attachments).toEqual([{ type: 'image', name: 'telegram-file:AgACAgQAAxkBAAIBlarge' }]);
  });
  it('parses edits, button presses, group replies; ignores other update types', () => {
    expect(parse(fixture('edited_message.json'))).toEqual([
      { type: 'edit', externalId: '1111111:42', text: 'Olá! Meu pedido #A-7782 não chegou', networkTs: 1732352520_000 },
    ]);
    const [cb] = parse(fixture('callback_query.json')) as InboundMessage[];
    expect(cb).toMatchObject({ externalId: 'cbq:4382bfdwdsb323b2d9', text: 'helpful:yes', thread: '1111111', replyToExternalId: '1111111:5001', kind: 'dm' });
    const [g] = parse(fixture('group_reply.json')) as InboundMessage[];
    expect(g).toMatchObject({
      kind: 'chat',
      thread: '-1001234567890',
      externalId: '-1001234567890:901',
      replyToExternalId: '-1001234567890:900',
      from: { externalId: '2222222', handle: '@mehmet_k' },
    });
    expect(parse(fixture('my_chat_member.json'))).toEqual([]);
    expect(parse(fixture('get_updates.json')).map((e) => (e as InboundMessage).externalId)).toEqual(['3333333:7', '3333333:8']);
  });
  it('throws a clear reason for a broken Update', () => {
    expect(() => parse('{"message":{"text":"hi"}}')).toThrow(/update_id/);
    expect(() => parse('{"update_id":1,"message":{"message_id":1,"date":1,"text":"x"}}')).toThrow(/message\.chat/);
    expect(() => parse('[{"update_id":1},{"update_id":"x"}]')).toThrow(/result\[1\]\.update_id/);
  });
  it('checks the secret token header in constant time', () => {
    const d = (h: Record<string, string>) => ({ headers: h, body: '{}' });
    expect(() => telegramAdapter.verify(d({ 'x-telegram-bot-api-secret-token': 'abc' }), { secretToken: 'abc' }, 0)).not.toThrow();
    expect(() => telegramAdapter.verify(d({ 'x-telegram-bot-api-secret-token': 'abd' }), { secretToken: 'abc' }, 0)).toThrow(/does not match/);
    expect(() => telegramAdapter.verify(d({}), { secretToken: 'abc' }, 0)).toThrow(/missing/);
  });
});

describe(`Telegram end to end (${testDialect})`, () => {
  let t: TestApp;
  let w: TestWorkspace;
  let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
  let channelId: string;
  let secretToken: string;

  beforeAll(async () => {
    t = await buildTestApp({ HEARKEN_PUBLIC_URL: 'https://hearken.example.com' });
    w = await buildWorkspace(t);
    fake = await startFakeTelegram({ token: TOKEN, chats: [1111111, 3333333, 4444444, -1001234567890] });
    const res = await t.req('POST', '/api/v1/channels', {
      token: w.token,
      body: { type: 'telegram', name: 'Acme bot', settings: { botToken: TOKEN, apiBaseUrl: fake.baseUrl } },
    });
    expect(res.status).toBe(201);
    const ch = await res.json();
    channelId = ch.id;
    secretToken = ch.secrets.secretToken;
    // The pasted token is sealed, never echoed nor kept in settings.
    expect(JSON.stringify(ch)).not.toContain(TOKEN);
    const row = await t.app.store.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    expect(row.settings).not.toContain(TOKEN);
    expect(row.secrets_enc).not.toContain(TOKEN);
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  const post = (body: string, secret = secretToken) =>
    Promise.resolve(
      t.http.request(`/webhooks/${channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body,
      }),
    );
  const drain = async () => {
    while ((await processJournalBatch(t.app)) > 0);
  };
  const convOf = (chat: string) =>
    t.app.store.db
      .selectFrom('conversations')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('thread_key', '=', `${channelId}:t:${chat}`)
      .executeTakeFirstOrThrow();
  const msg = (id: string) => t.app.store.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const replyTo = async (convId: string, text: string) => {
    const res = await t.req('POST', `/api/v1/conversations/${convId}/replies`, { token: w.token, body: { text } });
    return { status: res.status, json: await res.json() };
  };

  it('refuses a missing credential and a malformed token at creation', async () => {
    const none = await t.req('POST', '/api/v1/channels', { token: w.token, body: { type: 'telegram', name: 'x', settings: {} } });
    expect(none.status).toBe(400);
    expect((await none.json()).error.fields[0].field).toBe('settings.botToken');
    const bad = await t.req('POST', '/api/v1/channels', { token: w.token, body: { type: 'telegram', name: 'x', settings: { botToken: 'nope' } } });
    expect(bad.status).toBe(400);
  });

  it('connects: getMe validates the token, setWebhook gets the webhook URL and the secret token', async () => {
    const row = await t.app.store.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    expect(await connectTelegram(t.app, row)).toEqual({ ok: true, botUsername: 'acme_support_bot' });
    expect(fake.state).toMatchObject({ webhookUrl: `https://hearken.example.com/webhooks/${channelId}`, secretToken });
  });

  it('a webhook with a wrong or missing secret token is 401 and journals nothing', async () => {
    expect((await post(fixture('private_text.json'), 'wrong')).status).toBe(401);
    const res = await t.http.request(`/webhooks/${channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: fixture('private_text.json'),
    });
    expect(res.status).toBe(401);
    const n = await t.app.store.db.selectFrom('journal').select('id').where('channel_id', '=', channelId).execute();
    expect(n).toHaveLength(0);
  });

  it('webhook → journal → conversation; duplicate delivery is one message; edits apply', async () => {
    expect((await post(fixture('private_text.json'))).status).toBe(200);
    expect((await post(fixture('private_text.json'))).status).toBe(200);
    await drain();
    const conv = await convOf('1111111');
    expect(conv).toMatchObject({ kind: 'dm', visibility: 'private', status: 'open' });
    const msgs = await t.app.store.db.selectFrom('messages').selectAll().where('conversation_id', '=', conv.id).execute();
    expect(msgs).toHaveLength(1);
    await post(fixture('edited_message.json'));
    await post(fixture('photo_caption.json'));
    await drain();
    const after = await t.app.store.db.selectFrom('messages').selectAll().where('conversation_id', '=', conv.id).orderBy('network_ts').execute();
    expect(after.map((m) => m.body)).toEqual(['Olá! Meu pedido #A-7782 não chegou', 'the box arrived broken']);
  });

  it("a reply goes out with sendMessage to the chat, as a reply, and records Telegram's message id", async () => {
    const conv = await convOf('1111111');
    const r = await replyTo(conv.id, 'Sentimos muito! Vamos verificar.');
    expect(r.status).toBe(201);
    await runDueJobs(t.app);
    const req = fake.requests.filter((x) => x.apiMethod === 'sendMessage').at(-1)!;
    expect(req.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(req.body).toEqual({
      chat_id: 1111111,
      text: 'Sentimos muito! Vamos verificar.',
      reply_parameters: { message_id: 43, allow_sending_without_reply: true },
    });
    const m = await msg(r.json.message.id);
    expect(m.delivery_status).toBe('sent');
    expect(m.external_id).toMatch(/^1111111:\d+$/);
  });

  it('refuses a reply over 4,096 characters before sending', async () => {
    const conv = await convOf('1111111');
    const before = fake.requests.length;
    const r = await replyTo(conv.id, 'x'.repeat(4097));
    expect(r.status).toBe(400);
    expect(r.json.error.fields[0].field).toBe('text');
    // 2,100 emoji are 4,200 UTF-16 units: Telegram counts those, so do we.
    expect((await replyTo(conv.id, '😀'.repeat(2100))).status).toBe(400);
    expect(fake.requests.length).toBe(before);
  });

  it('a rate limit (429 retry_after) is retried later, not failed', async () => {
    const conv = await convOf('1111111');
    fake.setResponder((r) => (r.apiMethod === 'sendMessage' ? fake.err(429, 'Too Many Requests: retry after 37', { retry_after: 37 }) : undefined));
    const r = await replyTo(conv.id, 'one moment');
    await runDueJobs(t.app);
    fake.setResponder(() => undefined);
    const m = await msg(r.json.message.id);
    expect(m.delivery_status).toBe('queued');
    expect(m.delivery_error).toContain('Too Many Requests');
    const job = await t.app.store.db.selectFrom('jobs').selectAll().where('payload', 'like', `%${m.id}%`).executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.run_at - t.app.now()).toBeGreaterThan(30_000);
  });

  it("a user who blocked the bot: failed with Telegram's own text", async () => {
    await post(
      JSON.stringify({
        update_id: 900001,
        message: {
          message_id: 1,
          from: { id: 4444444, is_bot: false, first_name: 'Zeynep' },
          chat: { id: 4444444, type: 'private' },
          date: 1732353100,
          text: 'merhaba',
        },
      }),
    );
    await drain();
    fake.blocked.add(4444444);
    const r = await replyTo((await convOf('4444444')).id, 'Merhaba Zeynep');
    await runDueJobs(t.app);
    const m = await msg(r.json.message.id);
    expect(m.delivery_status).toBe('failed');
    expect(m.delivery_error).toBe('Telegram refused the message (403): Forbidden: bot was blocked by the user');
  });

  it('replies in a group to the group chat', async () => {
    await post(fixture('group_reply.json'));
    await drain();
    const conv = await convOf('-1001234567890');
    expect(conv.kind).toBe('chat');
    const r = await replyTo(conv.id, 'Teşekkürler, kontrol ediyoruz');
    await runDueJobs(t.app);
    expect(fake.requests.at(-1)!.body).toMatchObject({ chat_id: -1001234567890, reply_parameters: { message_id: 901 } });
    expect((await msg(r.json.message.id)).external_id).toMatch(/^-1001234567890:\d+$/);
  });

  it('polling mode: getUpdates is journaled with its offset, resumes after it, and overlaps with webhooks dedupe', async () => {
    const patch = await t.req('PATCH', `/api/v1/channels/${channelId}`, { token: w.token, body: { settings: { mode: 'polling' } } });
    expect(patch.status).toBe(200);
    let row = await t.app.store.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    // While the webhook is set Telegram refuses getUpdates: connect switches it off.
    expect((await pollOnce(...pollArgs(t.app, row))).error).toMatch(/409.*webhook is active/);
    expect((await connectTelegram(t.app, row)).ok).toBe(true);
    expect(fake.state.webhookUrl).toBe('');
    const updates = JSON.parse(fixture('get_updates.json')).result;
    fake.queue.push(...updates, JSON.parse(fixture('private_text.json')));
    row = await t.app.store.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    const first = await pollOnce(...pollArgs(t.app, row));
    expect(first.fetched).toBe(3);
    row = await t.app.store.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.settings)).toMatchObject({ mode: 'polling', updateOffset: 815327311 + 1, botUsername: 'acme_support_bot' });
    // Resumes after the stored offset: the confirmed updates are gone, nothing new.
    expect((await pollOnce(...pollArgs(t.app, row))).fetched).toBe(0);
    expect(fake.requests.filter((x) => x.apiMethod === 'getUpdates').at(-1)!.body).toMatchObject({
      offset: 815327312,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
    });
    await drain();
    const conv = await convOf('3333333');
    const msgs = await t.app.store.db.selectFrom('messages').select('body').where('conversation_id', '=', conv.id).orderBy('network_ts').execute();
    expect(msgs.map((m) => m.body)).toEqual(['Xin chào, tôi cần hỗ trợ', 'Đơn hàng #B-12']);
    // private_text.json came by webhook earlier and again by polling: still one message.
    const ana = await t.app.store.db.selectFrom('messages').select('id').where('channel_id', '=', channelId).where('external_id', '=', '1111111:42').execute();
    expect(ana).toHaveLength(1);
  });
});
