import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { processJournalBatch } from '../../intake/processor.js';
import { runDueJobs } from '../../jobs/run-due.js';
import { startFakeX } from './testing/fake-x.js';
import { xHmac } from './webhook.js';

const BRAND = '2244994945';
const SAM = '3001969358';
const creds = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};

describe(`X moderation against the fake X API (${testDialect})`, () => {
  let t: TestApp;
  let w: TestWorkspace;
  let fake: Awaited<ReturnType<typeof startFakeX>>;
  let channelId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorkspace(t);
    fake = await startFakeX({ creds, userId: BRAND });
    const res = await t.req('POST', '/api/v1/channels', {
      token: w.token,
      body: {
        type: 'x',
        name: '@AcmeSupport',
        settings: {
          userId: BRAND,
          apiBaseUrl: fake.baseUrl,
          consumerKey: creds.consumerKey,
          consumerSecret: creds.consumerSecret,
          accessToken: creds.token,
          accessTokenSecret: creds.tokenSecret,
        },
      },
    });
    channelId = (await res.json()).id;
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  /** A customer's post on X, replying to `replyTo` (a post of `rootAuthor`), delivered by Account Activity. */
  async function mention(id: string, replyTo: string, rootAuthor: string) {
    const now = new Date().toISOString();
    fake.tweets.set(replyTo, { id: replyTo, text: 'Our big sale starts today', author_id: rootAuthor, conversation_id: replyTo, created_at: now });
    fake.tweets.set(id, {
      id,
      text: '@AcmeSupport call me on +31 6 1234 5678',
      author_id: SAM,
      conversation_id: replyTo,
      created_at: now,
      referenced_tweets: [{ type: 'replied_to', id: replyTo }],
    });
    const body = JSON.stringify({
      for_user_id: BRAND,
      tweet_create_events: [
        {
          created_at: new Date().toUTCString(),
          id_str: id,
          text: '@AcmeSupport call me on +31 6 1234 5678',
          in_reply_to_status_id_str: replyTo,
          in_reply_to_user_id_str: rootAuthor,
          user: { id_str: SAM, name: 'Sam', screen_name: 'sam' },
          entities: { user_mentions: [{ screen_name: 'AcmeSupport', id_str: BRAND }] },
          timestamp_ms: String(Date.now()),
        },
      ],
    });
    const r = await t.http.request(`/webhooks/${channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': xHmac(creds.consumerSecret, body) },
      body,
    });
    expect(r.status).toBe(200);
    while ((await processJournalBatch(t.app)) > 0);
    return t.app.store.db.selectFrom('messages').selectAll().where('channel_id', '=', channelId).where('external_id', '=', id).executeTakeFirstOrThrow();
  }
  const moderate = (convId: string, msgId: string, action: string) =>
    t.req('POST', `/api/v1/conversations/${convId}/messages/${msgId}/moderation`, { token: w.token, body: { action } });
  const action = (msgId: string) =>
    t.app.store.db.selectFrom('moderation_actions').selectAll().where('message_id', '=', msgId).orderBy('created_at', 'desc').executeTakeFirstOrThrow();

  it('hides a reply in a conversation the account started (PUT /2/tweets/:id/hidden), unhides it, and likes it', async () => {
    const m = await mention('1870000000000000002', '1870000000000000001', BRAND);
    expect((await moderate(m.conversation_id, m.id, 'hide')).status).toBe(202);
    await runDueJobs(t.app);
    const put = fake.requests.find((r) => r.path === '/2/tweets/1870000000000000002/hidden');
    expect(put).toMatchObject({ method: 'PUT', body: { hidden: true } });
    expect(fake.hidden.has('1870000000000000002')).toBe(true);
    expect((await action(m.id)).status).toBe('done');
    const hiddenAt = (await t.app.store.db.selectFrom('messages').select('hidden_at').where('id', '=', m.id).executeTakeFirstOrThrow()).hidden_at;
    expect(hiddenAt).not.toBeNull();
    await moderate(m.conversation_id, m.id, 'unhide');
    await runDueJobs(t.app);
    expect(fake.hidden.has('1870000000000000002')).toBe(false);
    await moderate(m.conversation_id, m.id, 'like');
    await runDueJobs(t.app);
    expect(fake.requests.find((r) => r.path === `/2/users/${BRAND}/likes`)).toMatchObject({ method: 'POST', body: { tweet_id: '1870000000000000002' } });
    expect(fake.liked.has('1870000000000000002')).toBe(true);
  });

  it("X's 403 for a reply under someone else's post is shown in X's words; delete and block are not offered", async () => {
    const m = await mention('1870000000000000012', '1870000000000000011', '999');
    await moderate(m.conversation_id, m.id, 'hide');
    await runDueJobs(t.app);
    const a = await action(m.id);
    expect(a.status).toBe('failed');
    expect(a.error).toBe('X refused to hide the post (403): Forbidden: You cannot hide or unhide a Tweet that is not a reply to a conversation you started.');
    expect(fake.hidden.size).toBe(0);
    const del = await moderate(m.conversation_id, m.id, 'delete');
    expect(del.status).toBe(422);
    expect((await del.json()).error.message).toBe('X lets an account delete only its own posts: hide the reply instead');
    expect((await moderate(m.conversation_id, m.id, 'block')).status).toBe(422);
  });

  it('a 429 is retried at x-rate-limit-reset, then done', async () => {
    const m = await mention('1870000000000000022', '1870000000000000021', BRAND);
    let n = 0;
    fake.setResponder((r) =>
      r.path.endsWith('/hidden') && ++n === 1
        ? {
            status: 429,
            body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
            headers: { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 60) },
          }
        : undefined,
    );
    await moderate(m.conversation_id, m.id, 'hide');
    await runDueJobs(t.app);
    expect(await action(m.id)).toMatchObject({ status: 'queued', error: 'X refused to hide the post (429): Too Many Requests' });
    const job = await t.app.store.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', 'outbox.moderate')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(job.run_at).toBeGreaterThan(Date.now() + 30_000);
    await t.app.store.db.updateTable('jobs').set({ run_at: 0 }).where('id', '=', job.id).execute();
    await runDueJobs(t.app);
    fake.setResponder(() => undefined);
    expect((await action(m.id)).status).toBe('done');
    expect(fake.hidden.has('1870000000000000022')).toBe(true);
  });
});
