import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../test/store.js';
import { jsonFixture } from '../fake-network.js';
import { startSourceTestbed, type SourceTestbed } from '../testing.js';
import { parseListing } from './adapter.js';

let b: SourceTestbed;
beforeAll(async () => {
  b = await startSourceTestbed();
});
afterAll(() => b.close());

const fx = jsonFixture('reddit/fixtures/search.json');
const link = (n: number, created: number) => ({
  kind: 't3',
  data: {
    subreddit: 'CustomerService',
    selftext: `acme problem ${n}`,
    title: `Acme ${n}`,
    name: `t3_new${n}`,
    id: `new${n}`,
    author: 'u1',
    permalink: `/r/CustomerService/comments/new${n}/x/`,
    created_utc: created,
  },
});

describe(`Reddit search source (${testDialect})`, () => {
  it('reads a documented search listing: title and self text, permalink, author', () => {
    const { posts, after } = parseListing(fx, 'https://www.reddit.com');
    expect(after).toBe('t3_1gv8k2c');
    expect(posts[0]).toMatchObject({
      itemId: 't3_1gv9x7a',
      author: 'kitchen_fan_88',
      url: 'https://www.reddit.com/r/CustomerService/comments/1gv9x7a/acme_order_stuck_for_3_weeks/',
      postedAt: 1763630400000,
    });
    expect(posts[0]!.text).toBe(
      'Acme order stuck for 3 weeks\nOrdered an Acme blender three weeks ago, tracking has not moved since. Anyone know how to reach a human at Acme?',
    );
    expect(posts[1]!.text).toBe('My Acme anvil from 1994 still going strong');
  });

  it('searches by new with a User-Agent, pages back to the cursor after a restart, no duplicates, backs off on 429', async () => {
    b.fake.state.reddit = [...fx.data.children];
    await b.query('acme');
    const id = await b.source('reddit', { query: 'acme', baseUrl: b.fake.url });
    const first = await b.poll(id);
    expect(first.result.stored).toBe(2);
    const req = b.fake.requestsTo('reddit')[0]!;
    expect(req.url.pathname).toBe('/search.json');
    expect(req.url.searchParams.get('sort')).toBe('new');
    expect(req.url.searchParams.get('q')).toBe('acme');
    expect(String(req.headers['user-agent'])).toMatch(/^Hearken/);

    const newer = Array.from({ length: 150 }, (_, i) => link(150 - i, 1763630400 + 150 - i));
    b.fake.state.reddit = [...newer, ...fx.data.children];
    const second = await b.pollAfterRestart(id);
    expect(second).toMatchObject({ stored: 150 });
    expect(b.fake.requestsTo('reddit').slice(1)[1]!.url.searchParams.get('after')).toBe('t3_new51');
    expect(await b.pollAfterRestart(id)).toMatchObject({ stored: 0 });
    expect((await b.posts('reddit')).length).toBe(152);

    // Reddit's headers: x-ratelimit-reset is SECONDS until the window resets
    b.fake.script('reddit', {
      status: 429,
      headers: { 'x-ratelimit-used': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '420' },
      body: { message: 'Too Many Requests', error: 429 },
    });
    const limited = await b.poll(id);
    const wait = Date.parse(limited.source.state.backoffUntil) - b.t.app.now();
    expect(wait).toBeGreaterThan(400_000);
    expect(wait).toBeLessThanOrEqual(421_000);
  });

  it('searches one subreddit with restrict_sr', async () => {
    const id = await b.source('reddit', { query: 'acme', subreddit: 'BuyItForLife', baseUrl: b.fake.url });
    const r = await b.poll(id);
    expect(r.result).toMatchObject({ fetched: 1, stored: 0, duplicates: 1 });
    const req = b.fake.requestsTo('reddit').at(-1)!;
    expect(req.url.pathname).toBe('/r/BuyItForLife/search.json');
    expect(req.url.searchParams.get('restrict_sr')).toBe('1');
  });
});
