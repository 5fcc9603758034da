import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../test/store.js';
import { jsonFixture } from '../fake-network.js';
import { startSourceTestbed, type SourceTestbed } from '../testing.js';
import { parseSearch } from './adapter.js';

let b: SourceTestbed;
beforeAll(async () => {
  b = await startSourceTestbed();
});
afterAll(() => b.close());

const fx = jsonFixture('x/fixtures/search-recent.json');
const tweet = (id: string, text: string, author = '2244994945') => ({
  id,
  text,
  author_id: author,
  created_at: new Date().toISOString(),
  lang: 'en',
  conversation_id: id,
  edit_history_tweet_ids: [id],
});

describe(`X recent search source (${testDialect})`, () => {
  it('turns the documented recent-search answer into posts with author handles and links', () => {
    const posts = parseSearch(fx);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatchObject({
      itemId: '1859211134567890123',
      author: 'maria_s',
      authorName: 'Maria Santos',
      url: 'https://x.com/maria_s/status/1859211134567890123',
      lang: 'en',
      postedAt: Date.parse('2026-11-20T11:02:13.000Z'),
    });
  });

  it('polls with the bearer token, resumes from since_id after a restart without duplicates, and backs off on 429', async () => {
    b.fake.state.x.tweets = [...fx.data];
    b.fake.state.x.users = [...fx.includes.users];
    await b.query('acme', 'brand', 'Acme on X');
    const bad = await b.api('POST', '/api/v1/listening/sources', { kind: 'x', settings: { query: 'acme' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('secrets.bearerToken');
    const id = await b.source('x', { query: 'acme -is:retweet', baseUrl: b.fake.url }, { bearerToken: b.fake.state.x.bearer });

    const first = await b.poll(id);
    expect(first.result).toMatchObject({ fetched: 2, stored: 2, mentions: 2 });
    const req = b.fake.requestsTo('x')[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${b.fake.state.x.bearer}`);
    expect(req.url.searchParams.get('query')).toBe('acme -is:retweet');
    expect(req.url.searchParams.has('since_id')).toBe(false);
    // the secret is never shown back
    expect(first.source.secrets).toEqual({ bearerToken: true });
    expect(JSON.stringify(first.source)).not.toContain(b.fake.state.x.bearer);

    // 150 new posts: two pages (max 100) read through next_token, all after the stored since_id
    const fresh = Array.from({ length: 150 }, (_, i) => tweet(String(1859211134567890200n + BigInt(150 - i)), `acme question number ${150 - i}?`));
    b.fake.state.x.tweets = [...fresh, ...fx.data];
    const second = await b.pollAfterRestart(id);
    expect(second).toMatchObject({ fetched: 150, stored: 150, duplicates: 0 });
    const calls = b.fake.requestsTo('x').slice(1);
    expect(calls.map((c) => c.url.searchParams.get('since_id'))).toEqual(['1859211134567890123', '1859211134567890123']);
    expect(calls[1]!.url.searchParams.get('next_token')).toBeTruthy();
    expect((await b.posts('x')).length).toBe(152);

    // a restart that polls again finds nothing new and stores nothing twice
    const third = await b.pollAfterRestart(id);
    expect(third).toMatchObject({ fetched: 0, stored: 0 });
    expect(b.fake.requestsTo('x').at(-1)!.url.searchParams.get('since_id')).toBe(String(1859211134567890200n + 150n));

    // 429 with x-rate-limit-reset (epoch seconds): backoff recorded, no call before then
    const reset = Math.floor(b.t.app.now() / 1000) + 600;
    b.fake.script('x', {
      status: 429,
      headers: { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
    });
    const limited = await b.poll(id);
    expect(limited.result.error).toMatch(/429/);
    expect(Date.parse(limited.source.state.backoffUntil)).toBeGreaterThanOrEqual(reset * 1000 - 1000);
    expect(Date.parse(limited.source.nextPollAt)).toBeGreaterThanOrEqual(reset * 1000 - 1000);
    const before = b.fake.requestsTo('x').length;
    const skipped = await b.poll(id);
    expect(skipped.result.skipped).toMatch(/rate limited until/);
    expect(b.fake.requestsTo('x').length).toBe(before);
    const realNow = b.t.app.now;
    b.t.app.now = () => reset * 1000 + 1000;
    try {
      const after = await b.poll(id);
      expect(after.result.error).toBeUndefined();
      expect(after.source.state.backoffUntil).toBeNull();
    } finally {
      b.t.app.now = realNow;
    }

    // a 200 that used up the window (x-rate-limit-remaining: 0): no 429 needed to wait for the reset
    const reset2 = Math.floor(b.t.app.now() / 1000) + 300;
    b.fake.script('x', {
      status: 200,
      headers: { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset2) },
      body: { meta: { result_count: 0 } },
    });
    const used = await b.poll(id);
    expect(used.source.state.lastError).toBeNull();
    expect(Date.parse(used.source.state.backoffUntil)).toBeGreaterThanOrEqual(reset2 * 1000 - 1000);
    b.t.app.now = () => reset2 * 1000 + 1000;
    try {
      // a revoked token: the network's 401 is kept in the state, nothing is lost
      await b.api('PATCH', `/api/v1/listening/sources/${id}`, { secrets: { bearerToken: 'revoked' } });
      const denied = await b.poll(id);
      expect(denied.source.state.lastError).toMatch(/X answered 401/);
      expect((await b.posts('x')).length).toBe(152);
    } finally {
      b.t.app.now = realNow;
    }
  });
});
