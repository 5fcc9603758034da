import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../test/store.js';
import { fixture } from '../fake-network.js';
import { startSourceTestbed, type SourceTestbed } from '../testing.js';
import { parseEvent } from './adapter.js';

let b: SourceTestbed;
beforeAll(async () => {
  b = await startSourceTestbed();
});
afterAll(() => b.close());

const events = fixture('bluesky/fixtures/events.jsonl')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

describe(`Bluesky Jetstream source (${testDialect})`, () => {
  it('keeps only created app.bsky.feed.post commits from the documented events', () => {
    const posts = events.map(parseEvent).filter(Boolean);
    expect(posts.map((p) => p!.itemId)).toEqual([
      'at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3lbdmkvs2ty2j',
      'at://did:plc:q6gjnaw2blty4crticxkmujt/app.bsky.feed.post/3lbdmkx7bbb2c',
    ]);
    expect(posts[1]).toMatchObject({
      lang: 'vi',
      url: 'https://bsky.app/profile/did:plc:q6gjnaw2blty4crticxkmujt/post/3lbdmkx7bbb2c',
      text: 'Máy pha cà phê Acme chạy rất tốt, cảm ơn!',
    });
  });

  it('resumes from the stored time_us cursor after a restart without duplicates; a refused handshake (429) backs off', async () => {
    // Live events: a first poll starts a minute back, so the fixture is moved to the last seconds.
    const shift = b.t.app.now() * 1000 - 30_000_000 - events[0].time_us;
    const live = events.map((e) => ({ ...e, time_us: e.time_us + shift }));
    b.fake.state.jetstream = [...live];
    await b.query('acme');
    const id = await b.source('bluesky', { endpoint: b.fake.wsUrl, listenSeconds: 1 });
    const first = await b.poll(id);
    expect(first.result).toMatchObject({ fetched: 2, stored: 2, mentions: 2 });
    const req = b.fake.requestsTo('jetstream')[0]!;
    expect(req.url.searchParams.getAll('wantedCollections')).toEqual(['app.bsky.feed.post']);

    const more = {
      did: 'did:plc:new',
      time_us: live[5].time_us + 4,
      kind: 'commit',
      commit: {
        operation: 'create',
        collection: 'app.bsky.feed.post',
        rkey: 'r10',
        record: { $type: 'app.bsky.feed.post', text: 'acme again', createdAt: '2026-11-20T11:00:09.000Z' },
      },
    };
    const chatter = {
      did: 'did:plc:other',
      time_us: live[5].time_us + 5,
      kind: 'commit',
      commit: {
        operation: 'create',
        collection: 'app.bsky.feed.post',
        rkey: 'r11',
        record: { $type: 'app.bsky.feed.post', text: 'just having lunch', createdAt: '2026-11-20T11:00:10.000Z' },
      },
    };
    b.fake.state.jetstream = [...live, more, chatter];
    const second = await b.pollAfterRestart(id);
    // Jetstream replays from the cursor event itself: that one is a duplicate, the new one stored
    expect(b.fake.requestsTo('jetstream')[1]!.url.searchParams.get('cursor')).toBe(String(live[5].time_us));
    // a firehose keeps only what some query matched: the lunch post is read, not stored
    expect(second).toMatchObject({ fetched: 3, stored: 1, duplicates: 1, unmatched: 1 });
    expect((await b.posts('bluesky')).length).toBe(3);

    b.fake.script('jetstream', { status: 429, headers: { 'retry-after': '90' } });
    const limited = await b.poll(id);
    expect(limited.result.error).toMatch(/429/);
    expect(Date.parse(limited.source.state.backoffUntil) - b.t.app.now()).toBeGreaterThan(85_000);
  });
});
