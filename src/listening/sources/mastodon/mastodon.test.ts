import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../test/store.js';
import { jsonFixture } from '../fake-network.js';
import { startSourceTestbed, type SourceTestbed } from '../testing.js';
import { nextLink, parseStatuses } from './adapter.js';

let b: SourceTestbed;
beforeAll(async () => {
  b = await startSourceTestbed();
});
afterAll(() => b.close());

const fx = jsonFixture<any[]>('mastodon/fixtures/tag-timeline.json');
const status = (id: string, text: string) => ({
  id,
  created_at: new Date().toISOString(),
  visibility: 'public',
  language: 'en',
  uri: `https://m.example/users/z/statuses/${id}`,
  url: `https://m.example/@z/${id}`,
  content: `<p>${text}</p>`,
  spoiler_text: '',
  reblog: null,
  account: { id: '9', username: 'z', acct: 'z@m.example', display_name: 'Zed' },
});

describe(`Mastodon timelines source (${testDialect})`, () => {
  it('reads documented statuses: HTML to text, boosts skipped, language and author kept', () => {
    const posts = parseStatuses(fx);
    expect(posts.map((p) => p.itemId)).toEqual([
      'https://mastodon.example/users/ana/statuses/113512877212553102',
      'https://other.example/users/dee/statuses/55',
    ]);
    expect(posts[0]).toMatchObject({ author: 'ana', authorName: 'Ana Lima', lang: 'pt', url: 'https://mastodon.example/@ana/113512877212553102' });
    expect(posts[0]!.text).toBe('Alguém sabe quando a #Acme vai devolver meu dinheiro? Já são duas semanas & nada.');
    expect(posts[1]!.text).toBe('Loving my new #acme toaster\nBest purchase this year');
    expect(
      nextLink('<https://m.example/api/v1/timelines/tag/acme?max_id=7>; rel="next", <https://m.example/api/v1/timelines/tag/acme?min_id=9>; rel="prev"'),
    ).toBe('https://m.example/api/v1/timelines/tag/acme?max_id=7');
  });

  it('follows since_id and Link headers, resumes after a restart without duplicates, and backs off on 429', async () => {
    b.fake.state.mastodon.tags.set('acme', [...fx]);
    await b.query('#acme OR acme', 'brand', 'Acme tag');
    const missing = await b.api('POST', '/api/v1/listening/sources', { kind: 'mastodon', settings: { instance: b.fake.url, timeline: 'tag' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].field).toBe('settings.hashtag');
    const id = await b.source('mastodon', { instance: b.fake.url, timeline: 'tag', hashtag: '#acme' });
    const first = await b.poll(id);
    expect(first.result).toMatchObject({ fetched: 2, stored: 2, mentions: 2 });
    expect(b.fake.requestsTo('mastodon')[0]!.url.pathname).toBe('/api/v1/timelines/tag/acme');

    // 90 newer statuses: more than a page (40), read back through rel="next" down to since_id
    const newer = Array.from({ length: 90 }, (_, i) => status(String(113512877212553200n + BigInt(90 - i)), `acme post ${90 - i}`));
    b.fake.state.mastodon.tags.set('acme', [...newer, ...fx]);
    const second = await b.pollAfterRestart(id);
    expect(second).toMatchObject({ fetched: 90, stored: 90, duplicates: 0 });
    const calls = b.fake.requestsTo('mastodon').slice(1);
    expect(calls[0]!.url.searchParams.get('since_id')).toBe('113512877212553102');
    expect(calls.length).toBe(3);
    expect(calls[1]!.url.searchParams.get('max_id')).toBeTruthy();
    const third = await b.pollAfterRestart(id);
    expect(third).toMatchObject({ fetched: 0, stored: 0 });
    expect(b.fake.requestsTo('mastodon').at(-1)!.url.searchParams.get('since_id')).toBe(String(113512877212553200n + 90n));
    expect((await b.posts('mastodon')).length).toBe(92);

    // Mastodon's rate limit: 429 with X-RateLimit-Reset as an ISO time
    const reset = new Date(b.t.app.now() + 300_000).toISOString();
    b.fake.script('mastodon', {
      status: 429,
      headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
      body: { error: 'Too many requests' },
    });
    const limited = await b.poll(id);
    expect(Math.abs(Date.parse(limited.source.state.backoffUntil) - Date.parse(reset))).toBeLessThan(2000);
    expect((await b.poll(id)).result.skipped).toMatch(/rate limited/);
  });

  it('reads the public timeline too', async () => {
    b.fake.state.mastodon.public = [status('5', 'acme public post')];
    const id = await b.source('mastodon', { instance: b.fake.url, timeline: 'public', local: true });
    expect((await b.poll(id)).result.stored).toBe(1);
    const req = b.fake.requestsTo('mastodon').at(-1)!;
    expect(req.url.pathname).toBe('/api/v1/timelines/public');
    expect(req.url.searchParams.get('local')).toBe('true');
  });
});
