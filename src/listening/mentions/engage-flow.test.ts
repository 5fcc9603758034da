import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../jobs/run-due.js';
import { startFakeCallback } from '../../test/fake-callback.js';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { startFakeX } from '../../channels/x/testing/fake-x.js';
import { jsonFixture, startFakeNetwork, type FakeNetwork } from '../sources/fake-network.js';
import { createListeningPoller } from '../sources/poll-source.js';

let t: TestApp;
let w: TestWorkspace;
let net: FakeNetwork;
let callback: Awaited<ReturnType<typeof startFakeCallback>>;
beforeAll(async () => {
  t = await buildTestApp();
  callback = await startFakeCallback(() => w.signingSecret);
  w = await buildWorkspace(t, { callbackUrl: callback.url });
  net = await startFakeNetwork();
});
afterAll(async () => {
  await net.close();
  await callback.close();
  await t.close();
});

const call = async (method: string, url: string, body?: unknown) => {
  const res = await t.req(method, url, { token: w.token, body });
  return { status: res.status, body: await res.json().catch(() => null) };
};

describe(`listening end to end (${testDialect})`, () => {
  it('a post from a source fixture matches a query, shows as "engage", is engaged into a mention conversation, and the reply leaves through the outbox', async () => {
    const fx = jsonFixture('x/fixtures/search-recent.json');
    net.state.x.tweets = fx.data;
    net.state.x.users = fx.includes.users;
    expect((await call('POST', '/api/v1/listening/queries', { name: 'Acme', query: 'acme -kettle', kind: 'brand' })).status).toBe(201);
    const src = await call('POST', '/api/v1/listening/sources', {
      kind: 'x',
      name: 'X search',
      settings: { query: 'acme', baseUrl: net.url },
      secrets: { bearerToken: net.state.x.bearer },
      pollIntervalSeconds: 60,
    });
    expect(src.status).toBe(201);

    // the scheduler's listening lane polls what is due
    const tick = createListeningPoller(t.app);
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0); // not due again before its interval

    const feed = await call('GET', '/api/v1/listening/mentions?status=new');
    expect(feed.body.mentions).toHaveLength(1);
    const m = feed.body.mentions[0];
    expect(m).toMatchObject({
      suggestion: 'engage',
      status: 'new',
      source: 'x',
      post: { author: 'maria_s', url: 'https://x.com/maria_s/status/1859211134567890123' },
      queries: [{ name: 'Acme', kind: 'brand' }],
    });
    expect(m.suggestionReason).toBeTruthy();
    expect(m.lang).toBe('en');

    const engaged = await call('POST', `/api/v1/listening/mentions/${m.id}/engage`, { channelId: w.channelId });
    expect(engaged.status).toBe(200);
    expect(engaged.body.status).toBe('engaged');
    const convId = engaged.body.conversationId;
    const queue = await call('GET', '/api/v1/conversations?kind=mention');
    expect(queue.body.conversations.map((c: any) => c.id)).toEqual([convId]);
    const conv = await call('GET', `/api/v1/conversations/${convId}`);
    expect(conv.body.conversation ?? conv.body).toMatchObject({ kind: 'mention', visibility: 'public' });
    // engaging again joins the same conversation, nothing is created twice
    expect((await call('POST', `/api/v1/listening/mentions/${m.id}/engage`, { channelId: w.channelId })).body.conversationId).toBe(convId);
    expect((await call('GET', '/api/v1/conversations?kind=mention')).body.conversations).toHaveLength(1);

    const sent = await call('POST', `/api/v1/conversations/${convId}/replies`, { text: 'Sorry to hear that, Maria! Could you DM us your order number?' });
    expect(sent.status).toBeLessThan(300);
    expect(await runDueJobs(t.app)).toBeGreaterThan(0);
    const delivered = [...callback.accepted.values()];
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.body).toMatchObject({
      conversation: { kind: 'mention', item_id: '1859211134567890123' },
      recipient: { id: 'maria_s', handle: 'maria_s' },
      message: { text: 'Sorry to hear that, Maria! Could you DM us your order number?', visibility: 'public' },
    });
    const row = await t.app.store.db
      .selectFrom('messages')
      .select(['delivery_status'])
      .where('conversation_id', '=', convId)
      .where('direction', '=', 'out')
      .executeTakeFirstOrThrow();
    expect(row.delivery_status).toBe('sent');
  });

  it('an X post engaged on an X channel is answered in its own thread on X (the reply goes in reply to that post)', async () => {
    const creds = {
      consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
      consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
      token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
      tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
    }; // X's documented OAuth 1.0a example values
    const x = await startFakeX({ creds, userId: '999' });
    try {
      x.users.set('999', { id: '999', name: 'Acme Support', username: 'AcmeSupport' });
      // the post the listening source found, as X knows it
      x.tweets.set('1859211134567890123', {
        id: '1859211134567890123',
        text: "@friend has anyone else's Acme order been stuck for weeks?",
        author_id: '2244994945',
        conversation_id: '1859211134567890123',
        created_at: new Date().toISOString(),
      });
      const ch = await call('POST', '/api/v1/channels', {
        type: 'x',
        name: '@AcmeSupport',
        settings: {
          userId: '999',
          handle: '@AcmeSupport',
          apiBaseUrl: x.baseUrl,
          consumerKey: creds.consumerKey,
          consumerSecret: creds.consumerSecret,
          accessToken: creds.token,
          accessTokenSecret: creds.tokenSecret,
        },
      });
      expect(ch.body.error ?? null).toBeNull();
      expect(ch.status).toBe(201);
      const m = (await call('GET', '/api/v1/listening/mentions?source=x')).body.mentions[0];
      await call('POST', `/api/v1/listening/mentions/${m.id}/observe`); // judged first, engaged later: allowed
      const engaged = await call('POST', `/api/v1/listening/mentions/${m.id}/engage`, { channelId: ch.body.id });
      // already engaged on the API channel in the test above: the mention keeps its conversation
      expect(engaged.body.conversationId).toBe(m.conversationId);

      // a fresh mention of another post, engaged on the X channel
      x.tweets.set('1859211134567899999', {
        id: '1859211134567899999',
        text: 'Acme refund still missing, anyone?',
        author_id: '2244994945',
        conversation_id: '1859211134567899999',
        created_at: new Date().toISOString(),
      });
      net.state.x.tweets = [
        { id: '1859211134567899999', text: 'Acme refund still missing, anyone?', author_id: '2244994945', created_at: new Date().toISOString(), lang: 'en' },
      ];
      const src = (await call('GET', '/api/v1/listening/sources')).body.sources[0];
      await call('POST', `/api/v1/listening/sources/${src.id}/poll`);
      const fresh = (await call('GET', '/api/v1/listening/mentions?q=refund%20missing')).body.mentions[0];
      const onX = await call('POST', `/api/v1/listening/mentions/${fresh.id}/engage`, { channelId: ch.body.id });
      expect(onX.status).toBe(200);
      const reply = await call('POST', `/api/v1/conversations/${onX.body.conversationId}/replies`, { text: '@maria_s so sorry! Sending you a DM now.' });
      expect(reply.status).toBeLessThan(300);
      await runDueJobs(t.app);
      const posted = x.requests.find((r) => r.method === 'POST' && r.path === '/2/tweets');
      expect(posted?.body).toMatchObject({ text: '@maria_s so sorry! Sending you a DM now.', reply: { in_reply_to_tweet_id: '1859211134567899999' } });
      const out = await t.app.store.db
        .selectFrom('messages')
        .select(['delivery_status', 'delivery_error'])
        .where('conversation_id', '=', onX.body.conversationId)
        .where('direction', '=', 'out')
        .executeTakeFirstOrThrow();
      expect(out).toMatchObject({ delivery_status: 'sent', delivery_error: null });
    } finally {
      await x.close();
    }
  });
});
