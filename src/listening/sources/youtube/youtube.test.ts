import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../test/store.js';
import { jsonFixture } from '../fake-network.js';
import { startSourceTestbed, type SourceTestbed } from '../testing.js';
import { parseThreads } from './adapter.js';

let b: SourceTestbed;
beforeAll(async () => {
  b = await startSourceTestbed();
});
afterAll(() => b.close());

const fx = jsonFixture('youtube/fixtures/comment-threads.json');
const thread = (n: number, at: number) => {
  const id = `Ugz${String(n).padStart(6, '0')}AaABAg`;
  return {
    kind: 'youtube#commentThread',
    id,
    snippet: {
      channelId: 'UC_x5XG1OV2P6uZZ5FSM9Ttw',
      videoId: 'dQw4w9WgXcQ',
      topLevelComment: {
        kind: 'youtube#comment',
        id,
        snippet: {
          videoId: 'dQw4w9WgXcQ',
          textOriginal: `acme comment ${n}`,
          authorDisplayName: '@u',
          authorChannelId: { value: 'UCu' },
          publishedAt: new Date(at).toISOString(),
        },
      },
      canReply: true,
      totalReplyCount: 0,
      isPublic: true,
    },
  };
};

describe(`YouTube comment threads source (${testDialect})`, () => {
  it('reads a documented commentThreadListResponse: top-level comment, author channel, link to the comment', () => {
    const posts = parseThreads(fx);
    expect(posts[0]).toMatchObject({
      itemId: 'UgzDE2tasfmrYLyNkGt4AaABAg',
      author: 'UCa1b2c3d4e5f6g7h8i9j0k1',
      authorName: '@tom_k',
      text: 'My Acme K2 stopped heating after a week, how do I get it replaced?',
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzDE2tasfmrYLyNkGt4AaABAg',
      postedAt: Date.parse('2026-11-20T09:00:00Z'),
    });
  });

  it('pages with pageToken back to the cursor after a restart, no duplicates; quota errors back off', async () => {
    b.fake.state.youtube.threads = [...fx.items];
    await b.query('acme');
    const id = await b.source('youtube', { videoId: 'dQw4w9WgXcQ', baseUrl: b.fake.url }, { apiKey: b.fake.state.youtube.key });
    expect((await b.poll(id)).result).toMatchObject({ stored: 2, mentions: 1 });
    const req = b.fake.requestsTo('youtube')[0]!;
    expect(req.url.searchParams.get('order')).toBe('time');
    expect(req.url.searchParams.get('key')).toBe(b.fake.state.youtube.key);

    const base = Date.parse('2026-11-20T09:00:00Z');
    b.fake.state.youtube.threads = [...Array.from({ length: 130 }, (_, i) => thread(130 - i, base + (130 - i) * 1000)), ...fx.items];
    expect(await b.pollAfterRestart(id)).toMatchObject({ stored: 130 });
    expect(b.fake.requestsTo('youtube').slice(1)[1]!.url.searchParams.get('pageToken')).toBeTruthy();
    expect(await b.pollAfterRestart(id)).toMatchObject({ stored: 0 });
    expect((await b.posts('youtube')).length).toBe(132);

    b.fake.script('youtube', {
      status: 403,
      body: {
        error: {
          code: 403,
          message: 'The request cannot be completed because you have exceeded your quota.',
          errors: [{ message: 'The request cannot be completed because you have exceeded your quota.', domain: 'youtube.quota', reason: 'quotaExceeded' }],
        },
      },
    });
    const limited = await b.poll(id);
    expect(Date.parse(limited.source.state.backoffUntil) - b.t.app.now()).toBeGreaterThan(3_000_000);

    const wrong = await b.api('POST', '/api/v1/listening/sources', {
      kind: 'youtube',
      settings: { videoId: 'dQw4w9WgXcQ', baseUrl: b.fake.url },
      secrets: { apiKey: 'wrong' },
    });
    const denied = await b.poll(wrong.body.id);
    expect(denied.source.state.lastError).toMatch(/YouTube answered 400: .*API key not valid/);
    expect(denied.source.state.backoffUntil).toBeNull();
  });
});
