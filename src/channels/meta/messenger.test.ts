import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../../conversations/reply.js';
import { testDialect } from '../../test/store.js';
import { graphError } from './testing/fake-graph.js';
import { setupMeta, TOKEN, APP_SECRET, type MetaSetup } from './testing/test-helpers.js';
import { hmacHex } from '../../lib/crypto.js';

const PAGE = '1000000001';
let s: MetaSetup;
beforeAll(async () => {
  s = await setupMeta('messenger', PAGE);
});
afterAll(() => s.close());

let seq = 0;
const dmItem = (psid: string, text: string, extra: Record<string, unknown> = {}) => ({
  sender: { id: psid },
  recipient: { id: PAGE },
  timestamp: Date.now(),
  message: { mid: `m_${psid}_${++seq}`, text, ...extra },
});
const page = (...entries: Array<{ messaging?: unknown[]; changes?: unknown[] }>) => ({
  object: 'page',
  entry: entries.map((e) => ({ id: PAGE, time: Date.now(), ...e })),
});
const comment = (o: { from: string; post: string; id: string; text: string; verb?: string; parent?: string }) => ({
  field: 'feed',
  value: {
    from: { id: o.from, name: `User ${o.from}` },
    post_id: o.post,
    comment_id: o.id,
    parent_id: o.parent ?? o.post,
    message: o.text,
    item: 'comment',
    verb: o.verb ?? 'add',
    created_time: Math.floor(Date.now() / 1000),
  },
});
const dmConv = async (psid: string) => (await s.conversations()).find((c) => c.thread_key.endsWith(`:dm:${psid}`))!;

describe(`Messenger / Facebook Page channel (${testDialect})`, () => {
  it('creation moves the pasted app secret and page token into sealed secrets and shows only the verify token', async () => {
    expect(Object.keys(s.channel.secrets)).toEqual(['verifyToken']);
    expect(s.channel.settings).toEqual({ pageId: PAGE, apiBaseUrl: s.fake.baseUrl });
    const list = await (await s.t.req('GET', '/api/v1/channels', { token: s.w.token })).json();
    expect(JSON.stringify(list)).not.toContain(TOKEN);
    expect(JSON.stringify(list)).not.toContain(APP_SECRET);
    const missing = await s.t.req('POST', '/api/v1/channels', {
      token: s.w.token,
      body: { type: 'messenger', name: 'x', settings: { pageId: PAGE, appSecret: APP_SECRET } },
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.fields).toContainEqual(expect.objectContaining({ field: 'settings.pageAccessToken' }));
    const badUrl = await s.t.req('POST', '/api/v1/channels', {
      token: s.w.token,
      body: { type: 'messenger', name: 'x', settings: { pageId: PAGE, apiBaseUrl: 'ftp://x', appSecret: APP_SECRET, pageAccessToken: TOKEN } },
    });
    expect(badUrl.status).toBe(400);
  });

  it('answers the hub.challenge handshake only with the verify token', async () => {
    const url = (token: string) => `/webhooks/${s.channel.id}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
    const ok = await s.t.http.request(url(s.channel.secrets.verifyToken!));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await s.t.http.request(url('wrong'))).status).toBe(403);
    expect((await s.t.http.request(`/webhooks/${s.channel.id}`)).status).toBe(404);
  });

  it('refuses a bad signature with 401 and journals nothing', async () => {
    const before = await s.db
      .selectFrom('journal')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect((await s.deliver(page({ messaging: [dmItem('5001', 'hi')] }), 'not-the-app-secret')).status).toBe(401);
    const unsigned = await s.t.http.request(`/webhooks/${s.channel.id}`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
    const after = await s.db
      .selectFrom('journal')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a batch of several entries and items is threaded per customer; edits, echoes and receipts apply; a duplicate delivery makes one message', async () => {
    const a1 = dmItem('5001', 'Where is my order?');
    const a2 = dmItem('5001', 'Red', { quick_reply: { payload: 'RED' } });
    const b1 = dmItem('5002', 'Xin chào');
    const body = page(
      {
        messaging: [
          a1,
          a2,
          {
            sender: { id: '5001' },
            recipient: { id: PAGE },
            timestamp: Date.now(),
            postback: { mid: `m_pb_${++seq}`, title: 'Track order', payload: 'TRACK' },
          },
        ],
      },
      {
        messaging: [
          b1,
          {
            sender: { id: PAGE },
            recipient: { id: '5002' },
            timestamp: Date.now() + 1,
            message: { mid: `m_echo_${++seq}`, is_echo: true, text: 'Answered from the phone' },
          },
          {
            sender: { id: '5001' },
            recipient: { id: PAGE },
            timestamp: Date.now() + 2,
            message_edit: { mid: a1.message.mid, text: 'Where is my order #A-1?', num_edit: 1 },
          },
          { sender: { id: '5001' }, recipient: { id: PAGE }, timestamp: Date.now(), reaction: { mid: a1.message.mid, action: 'react', emoji: '❤' } },
        ],
      },
    );
    expect((await s.deliver(body)).status).toBe(200);
    expect((await s.deliver(body)).status).toBe(200); // Meta redelivers
    await s.drain();
    const a = await dmConv('5001');
    const b = await dmConv('5002');
    expect(a).toMatchObject({ kind: 'dm', visibility: 'private', status: 'open' });
    const am = await s.messages(a.id);
    expect(am.map((m) => m.body)).toEqual(['Where is my order #A-1?', 'Red', 'Track order']);
    expect(am[0]!.edited_at).not.toBeNull();
    const bm = await s.messages(b.id);
    expect(bm.map((m) => [m.direction, m.author_kind, m.body])).toEqual([
      ['in', 'customer', 'Xin chào'],
      ['out', 'outside', 'Answered from the phone'],
    ]);
    expect(b.waiting_since).toBeNull(); // the outside echo answered the customer
    const identity = await s.db.selectFrom('identities').selectAll().where('external_id', '=', '5001').executeTakeFirstOrThrow();
    expect(identity.network).toBe('facebook');
  });

  it('a reply goes through the Send API with RESPONSE inside 24 h and is recorded with the network id; its echo is not recorded twice', async () => {
    await s.deliver(page({ messaging: [dmItem('5003', 'Hello?')] }));
    await s.drain();
    const conv = await dmConv('5003');
    const res = await s.reply(conv.id, { text: 'Hi! Checking now.' });
    expect(res.status).toBe(201);
    const { message } = await res.json();
    const sent = s.fake.requests.length;
    expect(await s.runJobs()).toBeGreaterThan(0);
    const req = s.fake.requests[sent]!;
    expect(req).toMatchObject({
      method: 'POST',
      path: `/v21.0/${PAGE}/messages`,
      authorization: `Bearer ${TOKEN}`,
      query: { appsecret_proof: hmacHex(APP_SECRET, TOKEN) },
    });
    expect(req.body).toEqual({
      recipient: { id: '5003' },
      messaging_type: 'RESPONSE',
      message: { text: 'Hi! Checking now.', metadata: `hearken:${message.id}` },
    });
    const stored = await s.message(message.id);
    expect(stored).toMatchObject({ delivery_status: 'sent', external_id: expect.stringMatching(/^m_fake/) });
    // Meta echoes the send back with our metadata, then confirms delivery: one message, delivered.
    const echo = {
      sender: { id: PAGE },
      recipient: { id: '5003' },
      timestamp: Date.now(),
      message: { mid: stored.external_id, is_echo: true, text: 'Hi! Checking now.', metadata: `hearken:${message.id}` },
    };
    await s.deliver(
      page({ messaging: [echo, { sender: { id: '5003' }, recipient: { id: PAGE }, delivery: { mids: [stored.external_id], watermark: Date.now() } }] }),
    );
    await s.drain();
    expect((await s.messages(conv.id)).map((m) => m.body)).toEqual(['Hello?', 'Hi! Checking now.']);
    expect((await s.message(message.id)).delivery_status).toBe('delivered');
  });

  it('after 24 h only a human may answer, with the HUMAN_AGENT tag; bots never; after 7 days nobody', async () => {
    await s.deliver(page({ messaging: [dmItem('5004', 'Any news?')] }));
    await s.drain();
    const conv = await dmConv('5004');
    await s.age(conv.id, 30 * 3600_000);
    const fresh = await s.db.selectFrom('conversations').selectAll().where('id', '=', conv.id).executeTakeFirstOrThrow();
    await expect(
      reply(s.t.app, { workspaceId: s.w.workspaceId, conversationId: fresh.id, actorUserId: null, authorKind: 'bot', text: 'Auto answer' }),
    ).rejects.toMatchObject({ code: 'window_closed', message: expect.stringMatching(/only a human agent/) });
    const before = s.fake.requests.length;
    const res = await s.reply(conv.id, { text: 'Sorry for the wait — here is an update.' });
    expect(res.status).toBe(201);
    await s.runJobs();
    expect(s.fake.requests[before]!.body).toMatchObject({ recipient: { id: '5004' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    await s.age(conv.id, 8 * 24 * 3600_000);
    const late = await s.reply(conv.id, { text: 'Hello again' });
    expect(late.status).toBe(422);
    expect((await late.json()).error.code).toBe('window_closed');
    const long = await s.reply(conv.id, { text: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
  });

  it('Page comments thread per post + commenter; public reply via /{comment-id}/comments', async () => {
    await s.deliver(
      page({
        changes: [
          comment({ from: '7001', post: `${PAGE}_300`, id: '300_1', text: 'Broken on arrival' }),
          comment({ from: '7001', post: `${PAGE}_300`, id: '300_2', text: 'Hello??', parent: '300_1' }),
          comment({ from: '7002', post: `${PAGE}_300`, id: '300_3', text: 'Same here' }),
          comment({ from: '7001', post: `${PAGE}_301`, id: '301_1', text: 'Other post' }),
          comment({ from: PAGE, post: `${PAGE}_300`, id: '300_4', text: 'Our own reply', parent: '300_1' }),
        ],
      }),
    );
    await s.drain();
    const convs = (await s.conversations()).filter((c) => c.kind === 'comment');
    expect(convs.map((c) => [c.public_item_id, c.thread_key.split(':').pop()])).toEqual([
      [`${PAGE}_300`, '7001'],
      [`${PAGE}_300`, '7002'],
      [`${PAGE}_301`, '7001'],
    ]);
    const c = convs[0]!;
    expect((await s.messages(c.id)).map((m) => m.body)).toEqual(['Broken on arrival', 'Hello??']);
    const before = s.fake.requests.length;
    const res = await s.reply(c.id, { text: 'So sorry! Which order?' });
    expect(res.status).toBe(201);
    const { message } = await res.json();
    await s.runJobs();
    expect(s.fake.requests[before]).toMatchObject({ path: '/v21.0/300_2/comments', body: { message: 'So sorry! Which order?' } });
    expect((await s.message(message.id)).external_id).toMatch(/^300_2_/);
    // edit and removal of a comment
    await s.deliver(
      page({
        changes: [
          comment({ from: '7001', post: `${PAGE}_300`, id: '300_1', text: 'Broken on arrival (photo added)', verb: 'edited' }),
          comment({ from: '7001', post: `${PAGE}_300`, id: '300_2', text: '', verb: 'remove' }),
        ],
      }),
    );
    await s.drain();
    const ms = await s.messages(c.id);
    expect(ms[0]!.body).toBe('Broken on arrival (photo added)');
    expect(ms[1]!.deleted_at).not.toBeNull();
  });

  it('a private reply to a comment uses recipient.comment_id once, in a linked DM; the customer’s answer continues it', async () => {
    await s.deliver(page({ changes: [comment({ from: '7101', post: `${PAGE}_400`, id: '400_1', text: 'My card was charged twice' })] }));
    await s.drain();
    const pub = (await s.conversations()).find((c) => c.public_item_id === `${PAGE}_400`)!;
    const before = s.fake.requests.length;
    const res = await s.reply(pub.id, { text: 'Please send us your order number here.', visibility: 'private', publicNote: 'We sent you a message.' });
    expect(res.status).toBe(201);
    const { privateConversationId, message } = await res.json();
    await s.runJobs();
    const calls = s.fake.requests.slice(before);
    expect(calls.find((r) => r.path.endsWith('/messages'))!.body).toEqual({
      recipient: { comment_id: '400_1' },
      message: { text: 'Please send us your order number here.', metadata: `hearken:${message.id}` },
    });
    expect(calls.find((r) => r.path === '/v21.0/400_1/comments')!.body).toEqual({ message: 'We sent you a message.' });
    expect((await s.message(message.id)).delivery_status).toBe('sent');
    const priv = await s.db.selectFrom('conversations').selectAll().where('id', '=', privateConversationId).executeTakeFirstOrThrow();
    expect(priv).toMatchObject({ kind: 'dm', visibility: 'private', linked_conversation_id: pub.id });
    // Meta allows nothing more until the customer answers.
    const more = await s.reply(priv.id, { text: 'Are you there?' });
    expect(more.status).toBe(422);
    expect((await more.json()).error.message).toMatch(/not answered your private reply/);
    // A second private reply to the same comment is refused by Meta (#10900): failed, with the reason.
    const again = await (await s.reply(pub.id, { text: 'One more thing', visibility: 'private' })).json();
    await s.runJobs();
    expect(await s.message(again.message.id)).toMatchObject({
      delivery_status: 'failed',
      delivery_error: expect.stringMatching(/10900.*one private reply per comment/),
    });
    // The customer answers in Messenger: the same DM conversation (their id is the thread key) continues, with RESPONSE.
    await s.deliver(page({ messaging: [dmItem('7101', 'Order A-99')] }));
    await s.drain();
    const after = await s.messages(priv.id);
    expect(after.at(-1)!.body).toBe('Order A-99');
    const n = s.fake.requests.length;
    expect((await s.reply(priv.id, { text: 'Refund issued.' })).status).toBe(201);
    await s.runJobs();
    expect(s.fake.requests[n]!.body).toMatchObject({ recipient: { id: '7101' }, messaging_type: 'RESPONSE' });
  });

  it('maps Meta errors: rate limits retry with backoff, refusals fail with Meta’s text, an unknown outcome goes to a human', async () => {
    await s.deliver(page({ messaging: [dmItem('5005', 'Help')] }));
    await s.drain();
    const conv = await dmConv('5005');
    s.fake.setResponder((r) => (r.path.endsWith('/messages') ? graphError(400, 613, 'Calls to this api have exceeded the rate limit.') : undefined));
    const { message } = await (await s.reply(conv.id, { text: 'First try' })).json();
    await s.runJobs();
    expect(await s.message(message.id)).toMatchObject({ delivery_status: 'queued', delivery_error: expect.stringMatching(/613/) });
    const job = await s.db.selectFrom('jobs').selectAll().where('payload', 'like', `%${message.id}%`).executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.run_at).toBeGreaterThanOrEqual(Date.now() + 50_000); // the usage-window backoff, not an immediate retry
    s.fake.setResponder(() => undefined);
    await s.dueNow();
    await s.runJobs();
    expect((await s.message(message.id)).delivery_status).toBe('sent');

    s.fake.setResponder((r) =>
      r.path.endsWith('/messages') ? graphError(400, 551, "This person isn't available right now.", 'OAuthException', 1545041) : undefined,
    );
    const blocked = (await (await s.reply(conv.id, { text: 'Hello?' })).json()).message;
    await s.runJobs();
    expect(await s.message(blocked.id)).toMatchObject({
      delivery_status: 'failed',
      delivery_error: expect.stringMatching(/551\/1545041.*isn't available.*not available/),
    });

    s.fake.setResponder((r) => (r.path.endsWith('/messages') ? graphError(400, 190, 'Error validating access token: Session has expired') : undefined));
    const expired = (await (await s.reply(conv.id, { text: 'Hello again' })).json()).message;
    await s.runJobs();
    expect((await s.message(expired.id)).delivery_error).toMatch(/190.*paste a new one/);

    s.fake.setResponder(() => 'hang');
    const unknown = (await (await s.reply(conv.id, { text: 'Did this arrive?' })).json()).message;
    await s.runJobs();
    expect((await s.message(unknown.id)).delivery_status).toBe('needs_human');
    s.fake.setResponder(() => undefined);
  });

  it('keeps a broken payload for admins with the reason, without blocking the next one', async () => {
    await s.deliver({ object: 'page', entry: [{ id: PAGE, messaging: [{ sender: { id: '5006' }, recipient: { id: PAGE }, message: { text: 'no mid' } }] }] });
    await s.deliver(page({ messaging: [dmItem('5006', 'after the broken one')] }));
    await s.drain();
    const failed = await s.db.selectFrom('journal').selectAll().where('channel_id', '=', s.channel.id).where('status', '=', 'failed').execute();
    expect(failed.some((f) => /message\.mid/.test(f.error ?? ''))).toBe(true);
    expect((await s.messages((await dmConv('5006')).id)).map((m) => m.body)).toEqual(['after the broken one']);
  });

  it('rotating the verify token keeps the pasted credentials; pasting a new token replaces it', async () => {
    const rot = await (await s.t.req('POST', `/api/v1/channels/${s.channel.id}/rotate-secret`, { token: s.w.token })).json();
    expect(Object.keys(rot.secrets)).toEqual(['verifyToken']);
    const patched = await s.t.req('PATCH', `/api/v1/channels/${s.channel.id}`, {
      token: s.w.token,
      body: { settings: { pageAccessToken: 'EAAB-new-token-987654321' } },
    });
    expect(patched.status).toBe(200);
    expect(JSON.stringify(await patched.json())).not.toContain('EAAB-new-token');
    const { loadChannel } = await import('../load-channel.js');
    const ch = (await loadChannel(s.db, s.t.config, s.channel.id))!;
    expect(ch.secrets).toMatchObject({ verifyToken: rot.secrets.verifyToken, appSecret: APP_SECRET, pageAccessToken: 'EAAB-new-token-987654321' });
    expect(ch.settings).not.toHaveProperty('pageAccessToken');
  });
});
