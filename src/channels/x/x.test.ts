import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildWorkspace, pollArgs, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { processJournalBatch } from '../../intake/processor.js';
import { runDueJobs } from '../../jobs/run-due.js';
import { startFakeX } from './testing/fake-x.js';
import { pollOnce } from './poll.js';
import { xHmac } from './webhook.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures', name), 'utf8');
const BRAND = '2244994945';
const JORDAN = '3001969357';
const creds = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};

describe(`X end to end (${testDialect})`, () => {
  let t: TestApp;
  let w: TestWorkspace;
  let fake: Awaited<ReturnType<typeof startFakeX>>;
  let channelId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorkspace(t);
    fake = await startFakeX({ creds, userId: BRAND });
    fake.users.set(BRAND, { id: BRAND, name: 'Acme Support', username: 'AcmeSupport' });
    fake.users.set(JORDAN, { id: JORDAN, name: 'Jordan Brinks', username: 'furiouscamper' });
    fake.users.set('199566737', { id: '199566737', name: 'Le Braat', username: 'LeBraat' });
    // The posts the webhook fixture talks about exist on the network.
    for (const [id, author] of [
      ['1860000000000000001', JORDAN],
      ['1860000000000000004', '4337869213'],
    ] as const)
      fake.tweets.set(id, {
        id,
        text: `@AcmeSupport post ${id}`,
        author_id: author,
        conversation_id: '1860000000000000001',
        created_at: new Date().toISOString(),
      });
    const res = await t.req('POST', '/api/v1/channels', {
      token: w.token,
      body: {
        type: 'x',
        name: '@AcmeSupport',
        settings: {
          userId: BRAND,
          handle: '@AcmeSupport',
          apiBaseUrl: fake.baseUrl,
          consumerKey: creds.consumerKey,
          consumerSecret: creds.consumerSecret,
          accessToken: creds.token,
          accessTokenSecret: creds.tokenSecret,
        },
      },
    });
    expect(res.status).toBe(201);
    const ch = await res.json();
    channelId = ch.id;
    expect(JSON.stringify(ch)).not.toContain(creds.consumerSecret);
    const row = await t.app.store.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    expect(row.settings).not.toContain(creds.consumerSecret);
    expect(row.settings).not.toContain(creds.tokenSecret);
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  const post = (body: string, secret = creds.consumerSecret) =>
    Promise.resolve(
      t.http.request(`/webhooks/${channelId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': xHmac(secret, body) },
        body,
      }),
    );
  const drain = async () => {
    while ((await processJournalBatch(t.app)) > 0);
  };
  const msgByExt = (ext: string) =>
    t.app.store.db.selectFrom('messages').selectAll().where('channel_id', '=', channelId).where('external_id', '=', ext).execute();
  const msg = (id: string) => t.app.store.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const replyTo = async (convId: string, body: Record<string, unknown>) => {
    const res = await t.req('POST', `/api/v1/conversations/${convId}/replies`, { token: w.token, body });
    return { status: res.status, json: await res.json() };
  };
  const mentionConv = async () => {
    const m = (await msgByExt('1860000000000000001'))[0]!;
    return t.app.store.db.selectFrom('conversations').selectAll().where('id', '=', m.conversation_id).executeTakeFirstOrThrow();
  };
  const dm = (id: string, text: string, from = JORDAN, to = BRAND) =>
    JSON.stringify({
      for_user_id: BRAND,
      direct_message_events: [
        {
          type: 'message_create',
          id,
          created_timestamp: String(Date.now()),
          message_create: { target: { recipient_id: to }, sender_id: from, message_data: { text } },
        },
      ],
      users: { [JORDAN]: { id: JORDAN, name: 'Jordan Brinks', screen_name: 'furiouscamper' } },
    });

  it('answers the CRC challenge on GET with the consumer secret', async () => {
    const res = await t.http.request(`/webhooks/${channelId}?crc_token=abc123`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ response_token: xHmac(creds.consumerSecret, 'abc123') });
  });

  it('a delivery with a bad signature is 401', async () => {
    expect((await post(fixture('tweet_create_mentions.json'), 'not-the-secret')).status).toBe(401);
    const none = await t.http.request(`/webhooks/${channelId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
  });

  it("mentions: one public conversation per post replied to, with the account's own reply recorded as an echo; twice delivered is once stored", async () => {
    expect((await post(fixture('tweet_create_mentions.json'))).status).toBe(200);
    expect((await post(fixture('tweet_create_mentions.json'))).status).toBe(200);
    await drain();
    const conv = await mentionConv();
    expect(conv).toMatchObject({ kind: 'mention', visibility: 'public', public_item_id: '1860000000000000001' });
    const msgs = await t.app.store.db.selectFrom('messages').selectAll().where('conversation_id', '=', conv.id).orderBy('network_ts').execute();
    expect(msgs.map((m) => [m.external_id, m.direction, m.author_kind])).toEqual([
      ['1860000000000000001', 'in', 'customer'],
      ['1860000000000000002', 'out', 'outside'],
      ['1860000000000000004', 'in', 'customer'],
    ]);
    expect(await msgByExt('1860000000000000003')).toHaveLength(0); // the retweet
  });

  it("a public reply is a post answering the customer's latest post, signed with OAuth 1.0a; the post id is recorded", async () => {
    const conv = await mentionConv();
    const r = await replyTo(conv.id, { text: 'We are on it, sorry about this! https://acme.example/help/damaged-parcels' });
    expect(r.status).toBe(201);
    await runDueJobs(t.app);
    const req = fake.requests.at(-1)!;
    expect(req).toMatchObject({
      method: 'POST',
      path: '/2/tweets',
      body: { text: 'We are on it, sorry about this! https://acme.example/help/damaged-parcels', reply: { in_reply_to_tweet_id: '1860000000000000004' } },
    });
    const m = await msg(r.json.message.id);
    expect(m.delivery_status).toBe('sent');
    expect(fake.tweets.get(m.external_id!)).toMatchObject({ author_id: BRAND, conversation_id: '1860000000000000001' });
  });

  it('refuses a post over 280 weighted characters before sending (CJK counts 2, URLs 23)', async () => {
    const conv = await mentionConv();
    const before = fake.requests.length;
    const cjk = await replyTo(conv.id, { text: '非常抱歉'.repeat(36) }); // 144 characters, 288 weighted
    expect(cjk.status).toBe(400);
    expect(cjk.json.error.message).toMatch(/288 characters.*limit is 280/);
    const ok = `${'a'.repeat(256)} https://example.com/${'x'.repeat(100)}`; // 256 + 1 + 23 = 280
    expect((await replyTo(conv.id, { text: ok })).status).toBe(201);
    expect(fake.requests.length).toBe(before);
    await runDueJobs(t.app);
    expect(fake.requests.at(-1)!.body.text).toBe(ok);
  });

  it('DMs: a webhook DM opens a private conversation; the reply goes by the DM endpoint; the network id is the DM event id', async () => {
    await post(dm('1860000000000000200', 'my order number is A-7781'));
    await drain();
    const [m] = await msgByExt('1860000000000000200');
    const conv = await t.app.store.db.selectFrom('conversations').selectAll().where('id', '=', m!.conversation_id).executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ kind: 'dm', visibility: 'private', thread_key: `${channelId}:dm:${JORDAN}` });
    const r = await replyTo(conv.id, { text: 'Thanks Jordan, a replacement is on its way.' });
    await runDueJobs(t.app);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/2/dm_conversations/with/${JORDAN}/messages`,
      body: { text: 'Thanks Jordan, a replacement is on its way.' },
    });
    const sent = await msg(r.json.message.id);
    expect(sent.delivery_status).toBe('sent');
    expect(sent.external_id).toBe(fake.dms[0]!.id);
    // X echoes our own DM back through Account Activity: it is the same event id, so nothing new.
    await post(dm(sent.external_id!, 'Thanks Jordan, a replacement is on its way.', BRAND, JORDAN));
    await drain();
    expect(await msgByExt(sent.external_id!)).toHaveLength(1);
  });

  it('moving a mention to private sends a DM to its author', async () => {
    const conv = await mentionConv();
    const r = await replyTo(conv.id, { text: 'Could you send us your address here?', visibility: 'private' });
    expect(r.status).toBe(201);
    await runDueJobs(t.app);
    expect(fake.requests.at(-1)!.path).toBe(`/2/dm_conversations/with/${JORDAN}/messages`);
    expect((await msg(r.json.message.id)).delivery_status).toBe('sent');
  });

  it("429 with x-rate-limit-reset is retried after the reset; 403 duplicate content fails with X's text", async () => {
    const conv = await mentionConv();
    const reset = Math.floor(Date.now() / 1000) + 600;
    fake.setResponder((r) =>
      r.path === '/2/tweets'
        ? fake.problem(429, 'Too Many Requests', 'Too Many Requests', 'about:blank', { 'x-rate-limit-reset': String(reset), 'x-rate-limit-remaining': '0' })
        : undefined,
    );
    const limited = await replyTo(conv.id, { text: 'Checking with the warehouse.' });
    await runDueJobs(t.app);
    fake.setResponder(() => undefined);
    const lm = await msg(limited.json.message.id);
    expect(lm.delivery_status).toBe('queued');
    const job = await t.app.store.db.selectFrom('jobs').selectAll().where('payload', 'like', `%${lm.id}%`).executeTakeFirstOrThrow();
    expect(job.run_at).toBeGreaterThanOrEqual(reset * 1000 - 2000);

    const dup = await replyTo(conv.id, { text: 'We are on it, sorry about this! https://acme.example/help/damaged-parcels' });
    await runDueJobs(t.app);
    const dm = await msg(dup.json.message.id);
    expect(dm.delivery_status).toBe('failed');
    expect(dm.delivery_error).toBe('X refused the reply (403): Forbidden: You are not allowed to create a Tweet with duplicate content.');
  });

  it("a customer whose DMs are closed: failed with X's text", async () => {
    fake.dmClosed.add(JORDAN);
    const [m] = await msgByExt('1860000000000000200');
    const r = await replyTo(m!.conversation_id, { text: 'One more thing' });
    await runDueJobs(t.app);
    fake.dmClosed.delete(JORDAN);
    expect((await msg(r.json.message.id)).delivery_error).toBe('X refused the message (403): Forbidden: You cannot send messages to this user.');
  });

  it('a deleted post is marked deleted', async () => {
    await post(
      JSON.stringify({
        for_user_id: BRAND,
        tweet_delete_events: [{ status: { id: '1860000000000000004', user_id: '4337869213' }, timestamp_ms: String(Date.now()) }],
      }),
    );
    await drain();
    expect((await msgByExt('1860000000000000004'))[0]!.deleted_at).not.toBeNull();
  });

  it('polling: mentions (since_id) and DMs are journaled with their cursors, resume after them, and dedupe against webhooks', async () => {
    const load = () => t.app.store.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    expect((await pollOnce(...pollArgs(t.app, await load()))).skipped).toMatch(/polling is off/);
    expect((await t.req('PATCH', `/api/v1/channels/${channelId}`, { token: w.token, body: { settings: { polling: true } } })).status).toBe(200);
    // A new mention (only findable by polling) and the DM already received by webhook.
    fake.tweets.set('1860000000000000300', {
      id: '1860000000000000300',
      text: '@AcmeSupport where do I find my invoice?',
      author_id: '199566737',
      conversation_id: '1860000000000000300',
      created_at: new Date().toISOString(),
    });
    fake.dms.unshift({
      id: '1860000000000000200',
      event_type: 'MessageCreate',
      text: 'my order number is A-7781',
      sender_id: JORDAN,
      dm_conversation_id: `${BRAND}-${JORDAN}`,
      created_at: new Date().toISOString(),
    });
    const first = await pollOnce(...pollArgs(t.app, await load()));
    expect(first.errors).toEqual([]);
    expect(first.mentions).toBeGreaterThanOrEqual(1);
    const settings = JSON.parse((await load()).settings);
    expect(settings.mentionsSinceId).toBe('1860000000000000300');
    expect(BigInt(settings.dmNewestId)).toBeGreaterThanOrEqual(1860000000000000200n);
    await drain();
    const [inv] = await msgByExt('1860000000000000300');
    const conv = await t.app.store.db.selectFrom('conversations').selectAll().where('id', '=', inv!.conversation_id).executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ kind: 'mention', public_item_id: '1860000000000000300' });
    expect(await msgByExt('1860000000000000200')).toHaveLength(1); // webhook + poll = one message
    expect(await msgByExt('1860000000000000001')).toHaveLength(1);
    // Resumes from its cursors: since_id on mentions, nothing new journaled.
    const journaled = (await t.app.store.db.selectFrom('journal').select('id').where('channel_id', '=', channelId).execute()).length;
    const again = await pollOnce(...pollArgs(t.app, await load()));
    expect(again).toMatchObject({ mentions: 0, dms: 0, errors: [] });
    expect(fake.requests.filter((r) => r.path.endsWith('/mentions')).at(-1)!.query.since_id).toBe('1860000000000000300');
    expect((await t.app.store.db.selectFrom('journal').select('id').where('channel_id', '=', channelId).execute()).length).toBe(journaled);
  });
});
