import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../test/store.js';
import { messengerAdapter } from './adapters.js';
import { graphError } from './testing/fake-graph.js';
import { setupMeta, APP_SECRET, TOKEN, type MetaSetup } from './testing/test-helpers.js';
import { signMetaBody } from './webhook.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PAGE = '1000000001';
let s: MetaSetup;
beforeAll(async () => {
  s = await setupMeta('messenger', PAGE);
});
afterAll(() => s.close());

let seq = 0;
const page = (...messaging: unknown[]) => ({ object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging }] });
const said = (psid: string, text: string) => ({
  sender: { id: psid },
  recipient: { id: PAGE },
  timestamp: Date.now(),
  message: { mid: `m_${psid}_${++seq}`, text },
});
const read = (psid: string, watermark: number) => ({ sender: { id: psid }, recipient: { id: PAGE }, timestamp: Date.now(), read: { watermark } });
const delivered = (psid: string, watermark: number) => ({ sender: { id: psid }, recipient: { id: PAGE }, delivery: { watermark } });
const dmConv = async (psid: string) => (await s.conversations()).find((c) => c.thread_key === `${s.channel.id}:dm:${psid}`)!;
const statusEvents = (messageId: string) =>
  s.db
    .selectFrom('events')
    .select(['data', 'conversation_id'])
    .where('workspace_id', '=', s.w.workspaceId)
    .where('type', '=', 'message.delivery_status')
    .where('data', 'like', `%${messageId}%`)
    .execute();

/** A customer writes; Hearken sends `texts` through the fake Graph API, created `gap` ms apart ending at `end`. */
async function conversationWithReplies(psid: string, texts: string[], end: number, gap = 1000) {
  await s.deliver(page(said(psid, 'Hello?')));
  await s.drain();
  const conv = await dmConv(psid);
  const ids: string[] = [];
  for (const text of texts) {
    const res = await s.reply(conv.id, { text });
    expect(res.status).toBe(201);
    ids.push((await res.json()).message.id);
  }
  await s.runJobs();
  // Pin the send times so the watermark can fall between them (replies carry no network time).
  for (const [i, id] of ids.entries())
    await s.db
      .updateTable('messages')
      .set({ created_at: end - (ids.length - 1 - i) * gap })
      .where('id', '=', id)
      .execute();
  for (const id of ids) expect((await s.message(id)).delivery_status).toBe('sent');
  return { conv, ids };
}

describe(`Messenger watermark receipts (${testDialect})`, () => {
  it('parses the documented shapes: read watermark, delivery without mids → watermark; with mids → per message', () => {
    const evs = messengerAdapter.parse({ headers: {}, body: readFileSync(path.join(here, 'fixtures', 'messenger_receipts.json'), 'utf8') });
    expect(evs).toEqual([
      { type: 'status_watermark', customerExternalId: '5000000001', status: 'read', watermark: 1767225700000, networkTs: 1767225700100 },
      { type: 'status_watermark', customerExternalId: '5000000001', status: 'delivered', watermark: 1767225699000, networkTs: 1767225700000 },
      { type: 'status', externalId: 'm_sent_9', status: 'delivered', networkTs: 1767225700000 },
      // a watermark in seconds is read as Meta's other timestamps are
      { type: 'status_watermark', customerExternalId: '5000000002', status: 'read', watermark: 1767225700000, networkTs: 1767225700200 },
    ]);
    const bad = JSON.stringify(page({ sender: { id: '1' }, recipient: { id: PAGE }, read: { watermark: 'soon' } }));
    expect(() => messengerAdapter.parse({ headers: {}, body: bad })).toThrow(/read\.watermark: not a timestamp/);
    const noSender = JSON.stringify(page({ sender: {}, recipient: { id: PAGE }, read: { watermark: 1 } }));
    expect(() => messengerAdapter.parse({ headers: {}, body: noSender })).toThrow(/sender\.id/);
  });

  it('a read watermark between replies marks only the earlier ones read, with live events; redelivery is harmless', async () => {
    const end = Date.now() - 10_000;
    const { conv, ids } = await conversationWithReplies('6001', ['one', 'two', 'three'], end);
    const inbound = (await s.messages(conv.id)).find((m) => m.direction === 'in')!;
    const body = page(read('6001', end - 500));
    expect((await s.deliver(body)).status).toBe(200);
    await s.drain();
    expect(await Promise.all(ids.map(async (id) => (await s.message(id)).delivery_status))).toEqual(['read', 'read', 'sent']);
    expect((await s.message(inbound.id)).delivery_status).toBe('received'); // inbound messages are not ours to mark
    const ev = await statusEvents(ids[0]!);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.conversation_id).toBe(conv.id);
    expect(JSON.parse(ev[0]!.data)).toEqual({ messageId: ids[0], status: 'read', error: null });
    // Meta redelivers: nothing changes, no second event.
    expect((await s.deliver(body)).status).toBe(200);
    await s.drain();
    expect(await Promise.all(ids.map(async (id) => (await s.message(id)).delivery_status))).toEqual(['read', 'read', 'sent']);
    expect(await statusEvents(ids[0]!)).toHaveLength(1);
    // A watermark at exactly a reply's time covers it ("before or at").
    await s.deliver(page(read('6001', end)));
    await s.drain();
    expect((await s.message(ids[2]!)).delivery_status).toBe('read');
  });

  it('a delivery watermark without mids marks delivered; it never moves read back; a later read moves delivered on', async () => {
    const end = Date.now() - 10_000;
    const { ids } = await conversationWithReplies('6002', ['a', 'b', 'c'], end);
    await s.deliver(page(read('6002', end - 2000)));
    await s.deliver(page(delivered('6002', end - 500)));
    await s.drain();
    expect(await Promise.all(ids.map(async (id) => (await s.message(id)).delivery_status))).toEqual(['read', 'delivered', 'sent']);
    expect((await statusEvents(ids[0]!)).map((e) => JSON.parse(e.data).status)).toEqual(['read']);
    await s.deliver(page(read('6002', end)));
    await s.drain();
    expect(await Promise.all(ids.map(async (id) => (await s.message(id)).delivery_status))).toEqual(['read', 'read', 'read']);
    expect((await statusEvents(ids[1]!)).map((e) => JSON.parse(e.data).status)).toEqual(['delivered', 'read']);
  });

  it('a watermark for another customer touches nothing; one arriving before any message is a no-op; an outside echo uses its network time', async () => {
    const end = Date.now() - 10_000;
    const { ids } = await conversationWithReplies('6003', ['x'], end);
    await s.deliver(page(read('6999', Date.now()), delivered('6998', Date.now())));
    await s.drain();
    expect((await s.message(ids[0]!)).delivery_status).toBe('sent');
    const failed = await s.db.selectFrom('journal').select('error').where('channel_id', '=', s.channel.id).where('status', '=', 'failed').execute();
    expect(failed).toEqual([]);
    expect(await s.db.selectFrom('pending_updates').selectAll().where('channel_id', '=', s.channel.id).execute()).toEqual([]);
    // A reply sent from the Page inbox (echo): stored now, but its network time is what the watermark compares.
    const echoTs = end - 60_000;
    await s.deliver(
      page({ sender: { id: PAGE }, recipient: { id: '6003' }, timestamp: echoTs, message: { mid: `m_echo_${++seq}`, is_echo: true, text: 'from the phone' } }),
    );
    await s.drain();
    await s.deliver(page(read('6003', echoTs)));
    await s.drain();
    const conv = await dmConv('6003');
    const echo = (await s.messages(conv.id)).find((m) => m.body === 'from the phone')!;
    expect(echo.delivery_status).toBe('read');
    expect((await s.message(ids[0]!)).delivery_status).toBe('sent');
  });

  it('a failed or still-queued message stays as it is', async () => {
    await s.deliver(page(said('6004', 'Hi')));
    await s.drain();
    const conv = await dmConv('6004');
    s.fake.setResponder((r) =>
      r.path.endsWith('/messages') ? graphError(400, 551, "This person isn't available right now.", 'OAuthException', 1545041) : undefined,
    );
    const failed = (await (await s.reply(conv.id, { text: 'refused' })).json()).message;
    await s.runJobs();
    s.fake.setResponder((r) => (r.path.endsWith('/messages') ? graphError(400, 613, 'Calls to this api have exceeded the rate limit.') : undefined));
    const queued = (await (await s.reply(conv.id, { text: 'retry later' })).json()).message;
    await s.runJobs();
    s.fake.setResponder(() => undefined);
    expect((await s.message(failed.id)).delivery_status).toBe('failed');
    expect((await s.message(queued.id)).delivery_status).toBe('queued');
    await s.deliver(page(delivered('6004', Date.now() + 1000), read('6004', Date.now() + 1000)));
    await s.drain();
    expect((await s.message(failed.id)).delivery_status).toBe('failed');
    expect((await s.message(queued.id)).delivery_status).toBe('queued');
    expect(await statusEvents(failed.id)).toHaveLength(0);
  });
});

describe(`Messenger watermark receipts are scoped to their channel (${testDialect})`, () => {
  it('a receipt on another channel of the same workspace, for the same customer id, touches nothing here', async () => {
    const end = Date.now() - 10_000;
    const { ids } = await conversationWithReplies('6005', ['mine'], end);
    const res = await s.t.req('POST', '/api/v1/channels', {
      token: s.w.token,
      body: { type: 'messenger', name: 'second page', settings: { pageId: PAGE, apiBaseUrl: s.fake.baseUrl, appSecret: APP_SECRET, pageAccessToken: TOKEN } },
    });
    expect(res.status).toBe(201);
    const other = (await res.json()) as { id: string };
    const body = JSON.stringify(page(read('6005', Date.now())));
    const r = await s.t.http.request(`/webhooks/${other.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signMetaBody(APP_SECRET, body) },
      body,
    });
    expect(r.status).toBe(200);
    await s.drain();
    expect((await s.message(ids[0]!)).delivery_status).toBe('sent');
    const processed = await s.db.selectFrom('journal').select('status').where('channel_id', '=', other.id).execute();
    expect(processed.map((p) => p.status)).toEqual(['processed']);
  });
});
