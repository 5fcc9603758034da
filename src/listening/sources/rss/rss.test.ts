import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../test/store.js';
import { fixture } from '../fake-network.js';
import { startSourceTestbed, type SourceTestbed } from '../testing.js';
import { parseFeed, unwrapLink } from './adapter.js';

let b: SourceTestbed;
beforeAll(async () => {
  b = await startSourceTestbed();
});
afterAll(() => b.close());

const alerts = fixture('rss/fixtures/google-alerts.atom.xml');
const news = fixture('rss/fixtures/news.rss.xml');

describe(`RSS/Atom source (${testDialect})`, () => {
  it('reads Google Alerts (Atom): unwraps google.com/url links, HTML titles to text', () => {
    const posts = parseFeed(alerts, 0);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatchObject({
      itemId: 'tag:google.com,2013:googlealerts/feed:16273891716482914302',
      url: 'https://news.example.com/2026/11/acme-kettle-recall',
      postedAt: Date.parse('2026-11-20T09:31:07Z'),
    });
    expect(posts[0]!.text).toBe(
      'Acme kettle recall: customers still waiting for refunds\nOwners of the Acme K2 kettle say the refund promised in October never arrived & support does not answer.',
    );
    expect(unwrapLink('https://example.com/a')).toBe('https://example.com/a');
  });

  it('reads RSS 2.0: guid, CDATA HTML description, pubDate, dc:creator', () => {
    const posts = parseFeed(news, 0);
    expect(posts[0]).toMatchObject({
      itemId: 'https://news.example.com/2026/11/acme-outage',
      author: 'Jane Reporter',
      url: 'https://news.example.com/2026/11/acme-outage',
      postedAt: Date.parse('Fri, 20 Nov 2026 08:15:00 GMT'),
    });
    expect(posts[0]!.text).toBe(
      'Acme app outage: is Acme down for everyone?\nUsers report they cannot log in to the Acme app since this morning.\n\nAcme has not commented.',
    );
    expect(posts[1]!.itemId).toBe('news-example-4471');
    expect(() => parseFeed('<html><body>nope</body></html>', 0)).toThrow(/not an RSS 2.0 or Atom feed/);
  });

  it('polls with a conditional GET, stores each item once across restarts, and records a 503 Retry-After', async () => {
    b.fake.state.feeds.set('alerts', { xml: alerts, etag: '"v1"' });
    await b.query('acme site:news.example.com');
    const id = await b.source('rss', { url: `${b.fake.url}/feeds/alerts` });
    const first = await b.poll(id);
    expect(first.result).toMatchObject({ fetched: 2, stored: 2, mentions: 1 });
    const again = await b.pollAfterRestart(id);
    expect(again).toMatchObject({ fetched: 0, stored: 0 });
    expect(b.fake.requestsTo('rss').at(-1)!.headers['if-none-match']).toBe('"v1"');
    // a new version of the feed repeats old items: only the new one is stored
    b.fake.state.feeds.set('alerts', {
      xml: alerts.replace(
        '<entry>',
        '<entry><id>tag:google.com,2013:googlealerts/feed:1</id><title>Acme news</title><link href="https://news.example.com/new"/><published>2026-11-21T00:00:00Z</published></entry><entry>',
      ),
      etag: '"v2"',
    });
    const third = await b.pollAfterRestart(id);
    expect(third).toMatchObject({ fetched: 3, stored: 1, duplicates: 2 });

    b.fake.script('rss', { status: 503, headers: { 'retry-after': '120' }, body: 'busy' });
    const limited = await b.poll(id);
    expect(Date.parse(limited.source.state.backoffUntil) - b.t.app.now()).toBeGreaterThan(110_000);

    // links are whatever a feed's author typed: an item with an unusable one is kept, without it
    const item = (guid: string, link: string) =>
      `<item><guid>${guid}</guid><title>Acme ${guid}</title><link>${link}</link><pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate></item>`;
    b.fake.state.feeds.set('links', {
      xml: `<?xml version="1.0"?><rss version="2.0"><channel><title>Links</title>${[
        item('l1', 'javascript:alert(1)'),
        item('l2', '/relative/path'),
        item('l3', 'http://[bad'),
        item('l4', 'https://news.example.com/fine'),
      ].join('')}</channel></rss>`,
      etag: '"l1"',
    });
    await b.query('acme');
    const links = await b.source('rss', { url: `${b.fake.url}/feeds/links` });
    expect((await b.poll(links)).result).toMatchObject({ fetched: 4, stored: 4 });
    const rows = await b.t.app.store.db
      .selectFrom('listening_posts')
      .select(['source_item_id', 'url'])
      .where('source_id', '=', links)
      .orderBy('source_item_id')
      .execute();
    expect(rows).toEqual([
      { source_item_id: 'l1', url: null },
      { source_item_id: 'l2', url: null },
      { source_item_id: 'l3', url: null },
      { source_item_id: 'l4', url: 'https://news.example.com/fine' },
    ]);

    const bad = await b.api('POST', '/api/v1/listening/sources', { kind: 'rss', settings: { url: 'ftp://example.com/feed' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('settings.url');
  });
});
