import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { startFakeTelegram } from '../channels/telegram/testing/fake-telegram.js';
import { telegramAdapter } from '../channels/telegram/adapter.js';
import { setupMeta, type MetaSetup } from '../channels/meta/testing/test-helpers.js';
import { buttonPayload, parseButtonPayload } from '../channels/contract/survey-button.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, '../channels/telegram/fixtures', name), 'utf8');
const TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SURVEY = '0190a1b2c3d40000aabbccddeeff';

describe('survey button payloads', () => {
  it('round-trip and refuse anything else', () => {
    expect(parseButtonPayload(buttonPayload(SURVEY, 10))).toEqual({ surveyId: SURVEY, score: 10 });
    expect(Buffer.byteLength(buttonPayload(SURVEY, 10))).toBeLessThanOrEqual(64); // Telegram's callback_data limit
    for (const bad of ['helpful:yes', 'hks:', `hks:${SURVEY}`, `hks:${SURVEY}:x`, `hks:${SURVEY}:100`, 'hks:ZZZ:1', null, undefined])
      expect(parseButtonPayload(bad)).toBeNull();
  });
  it('Telegram: a survey button press is an answer, any other button stays a message', () => {
    const cb = JSON.parse(fixture('callback_query.json'));
    cb.callback_query.data = buttonPayload(SURVEY, 2);
    expect(telegramAdapter.parse({ headers: {}, body: JSON.stringify(cb) })).toEqual([
      { type: 'survey_answer', surveyId: SURVEY, score: 2, from: { externalId: '1111111' }, networkTs: expect.any(Number) },
    ]);
    expect(telegramAdapter.parse({ headers: {}, body: fixture('callback_query.json') })[0]).toMatchObject({ type: 'message', text: 'helpful:yes' });
  });
});

describe(`survey buttons in Telegram (${testDialect})`, () => {
  let t: TestApp;
  let w: TestWorkspace;
  let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
  let channelId: string;
  let secretToken: string;
  beforeAll(async () => {
    t = await buildTestApp({ HEARKEN_PUBLIC_URL: 'https://care.example.com' });
    w = await buildWorkspace(t);
    fake = await startFakeTelegram({ token: TOKEN, chats: [1111111] });
    const ch = await (
      await t.req('POST', '/api/v1/channels', {
        token: w.token,
        body: { type: 'telegram', name: 'Acme bot', settings: { botToken: TOKEN, apiBaseUrl: fake.baseUrl } },
      })
    ).json();
    channelId = ch.id;
    secretToken = ch.secrets.secretToken;
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });
  const post = (body: string) =>
    Promise.resolve(
      t.http.request(`/webhooks/${channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secretToken },
        body,
      }),
    );
  const drain = async () => {
    while ((await processJournalBatch(t.app)) > 0);
  };

  it('asks with an inline keyboard; the press records the answer without reopening; a second press changes nothing', async () => {
    await t.req('PUT', '/api/v1/survey-settings', { token: w.token, body: { kind: 'csat', delayMinutes: 0 } });
    await post(fixture('private_text.json'));
    await drain();
    const conv = await t.app.store.db.selectFrom('conversations').selectAll().where('channel_id', '=', channelId).executeTakeFirstOrThrow();
    expect((await t.req('POST', `/api/v1/conversations/${conv.id}/status`, { token: w.token, body: { status: 'resolved' } })).status).toBe(200);
    await runDueJobs(t.app); // the survey job queues the question
    await runDueJobs(t.app); // the outbox sends it
    const survey = await t.app.store.db.selectFrom('surveys').selectAll().where('conversation_id', '=', conv.id).executeTakeFirstOrThrow();
    expect(survey).toMatchObject({ status: 'sent', delivery: 'buttons' });
    const send = fake.requests.find((r) => r.apiMethod === 'sendMessage')!;
    expect(send.body.text).toBe('How would you rate the help you received?');
    expect(send.body.reply_markup.inline_keyboard).toEqual([
      [
        { text: '😞 Unhappy', callback_data: `hks:${survey.id}:1` },
        { text: '😐 Okay', callback_data: `hks:${survey.id}:2` },
        { text: '😀 Happy', callback_data: `hks:${survey.id}:3` },
      ],
    ]);
    const msg = await t.app.store.db.selectFrom('messages').selectAll().where('id', '=', survey.message_id!).executeTakeFirstOrThrow();
    expect(msg).toMatchObject({ author_kind: 'automation', delivery_status: 'sent' });

    const before = await t.app.store.db.selectFrom('messages').select('id').where('conversation_id', '=', conv.id).execute();
    const press = (data: string, id: string) => {
      const cb = JSON.parse(fixture('callback_query.json'));
      cb.update_id = Math.floor(Math.random() * 1e9);
      cb.callback_query.id = id;
      cb.callback_query.data = data;
      return post(JSON.stringify(cb));
    };
    expect((await press(`hks:${survey.id}:1`, 'q1')).status).toBe(200);
    await press(`hks:${survey.id}:3`, 'q2');
    await press('hks:0190a1b2c3d40000aabbccddeeff:3', 'q3'); // no such survey: ignored
    await drain();
    const after = await t.app.store.db.selectFrom('surveys').selectAll().where('id', '=', survey.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'answered', score: 1, answered_via: 'telegram' });
    const c2 = await t.app.store.db.selectFrom('conversations').select('status').where('id', '=', conv.id).executeTakeFirstOrThrow();
    expect(c2.status).toBe('resolved');
    expect(await t.app.store.db.selectFrom('messages').select('id').where('conversation_id', '=', conv.id).execute()).toHaveLength(before.length);
    const failed = await t.app.store.db.selectFrom('journal').select('status').where('channel_id', '=', channelId).where('status', '!=', 'processed').execute();
    expect(failed).toEqual([]);
  });
});

describe(`survey quick replies in Messenger (${testDialect})`, () => {
  const PAGE = '1000000077';
  let s: MetaSetup;
  beforeAll(async () => {
    s = await setupMeta('messenger', PAGE);
  });
  afterAll(() => s?.close());
  const item = (psid: string, message: Record<string, unknown>) => ({
    object: 'page',
    entry: [{ id: PAGE, time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: PAGE }, timestamp: Date.now(), message }] }],
  });

  it('asks NPS with 11 quick replies; the tapped quick reply is the answer, not a message', async () => {
    await s.t.req('PUT', '/api/v1/survey-settings', { token: s.w.token, body: { kind: 'nps', delayMinutes: 0, question: 'Would you recommend us?' } });
    await s.deliver(item('5101', { mid: 'm_5101_1', text: 'my parcel is late' }));
    await s.drain();
    const [conv] = await s.conversations();
    await s.t.req('POST', `/api/v1/conversations/${conv!.id}/status`, { token: s.w.token, body: { status: 'resolved' } });
    await s.runJobs();
    await s.runJobs();
    const survey = await s.db.selectFrom('surveys').selectAll().where('conversation_id', '=', conv!.id).executeTakeFirstOrThrow();
    const req = s.fake.requests.find((r) => JSON.stringify(r.body ?? {}).includes('quick_replies'))!;
    expect(req.body.message.text).toBe('Would you recommend us?');
    expect(req.body.message.quick_replies).toHaveLength(11);
    expect(req.body.message.quick_replies[9]).toEqual({ content_type: 'text', title: '9', payload: `hks:${survey.id}:9` });
    const count = (await s.messages(conv!.id)).length;
    await s.deliver(item('5101', { mid: 'm_5101_2', text: '9', quick_reply: { payload: `hks:${survey.id}:9` } }));
    await s.drain();
    expect(await s.db.selectFrom('surveys').selectAll().where('id', '=', survey.id).executeTakeFirstOrThrow()).toMatchObject({ status: 'answered', score: 9 });
    expect(await s.messages(conv!.id)).toHaveLength(count);
    // an ordinary quick reply (not a survey's) is still the customer's message
    await s.deliver(item('5101', { mid: 'm_5101_3', text: 'Track order', quick_reply: { payload: 'TRACK' } }));
    await s.drain();
    expect(await s.messages(conv!.id)).toHaveLength(count + 1);
  });
});
