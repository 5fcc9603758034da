import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../test/store.js';
import { startSourceTestbed, type SourceTestbed } from '../sources/testing.js';

let b: SourceTestbed;
beforeAll(async () => {
  b = await startSourceTestbed();
  await b.query('acme', 'brand', 'Acme');
});
afterAll(() => b.close());

describe(`listened posts with NUL and lone surrogates (${testDialect})`, () => {
  it('are stored cleaned, on both databases, next to the clean posts of the same poll', async () => {
    b.fake.state.x.tweets = [
      { id: '901', text: 'Ac\u0000me refund please \ud83d', lang: 'en', author_id: '0', created_at: '2026-11-20T10:00:00.000Z' },
      { id: '902', text: 'Acme is fine', lang: 'en', author_id: '1', created_at: '2026-11-20T10:01:00.000Z' },
    ];
    b.fake.state.x.users = [
      { id: '0', username: 'ze\u0000ro', name: 'Zero \udc00' },
      { id: '1', username: 'one', name: 'One' },
    ];
    const src = await b.source('x', { query: 'acme', baseUrl: b.fake.url }, { bearerToken: b.fake.state.x.bearer });
    await b.poll(src);
    const posts = await b.posts('x');
    expect(posts.map((p) => [p.source_item_id, p.text, p.author, p.author_name])).toEqual([
      ['902', 'Acme is fine', 'one', 'One'],
      ['901', 'Acme refund please \ufffd', 'zero', 'Zero \ufffd'],
    ]);
    // Cleaned before matching: "Ac\0me" is the brand's name.
    expect((await b.mentions()).map((m) => m.post.sourceItemId).sort()).toEqual(['901', '902']);
  });
});
