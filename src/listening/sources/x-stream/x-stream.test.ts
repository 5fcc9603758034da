import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../app.js';
import { defaultSenders } from '../../../outbox/default-senders.js';
import { buildWorkspace } from '../../../test/app.js';
import { testDialect } from '../../../test/store.js';
import { startSourceTestbed, type SourceTestbed } from '../testing.js';
import { compileRule } from './compile.js';
import { startFakeXStream, validateRule, type FakeXStream } from './fake.js';
import { startScheduler } from '../../../processes/scheduler.js';
import { startXStreams, type StreamTimings } from './stream.js';

const rule = (q: string, maxLength = 1024) => compileRule(q, { maxLength });
/** Fast timings: the same logic as production, measured in tens of milliseconds. */
const FAST: Partial<StreamTimings> = {
  stallMs: 400,
  networkStepMs: 20,
  networkMaxMs: 200,
  httpStartMs: 50,
  httpMaxMs: 400,
  rateStartMs: 50,
  checkEveryMs: 100,
};

async function until<T>(what: string, fn: () => Promise<T> | T, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let id = 1_860_000_000_000_000_000n;
const users = [{ id: '11', username: 'maria_s', name: 'Maria Santos' }];
const tweet = (text: string, tweetId = String(id++)) => ({
  data: { id: tweetId, text, author_id: '11', created_at: new Date().toISOString(), lang: 'en', conversation_id: tweetId, edit_history_tweet_ids: [tweetId] },
  includes: { users },
  matching_rules: [{ id: '1', tag: 'hearken:q' }],
});

describe('compiling queries to X rules', () => {
  it('says in X syntax what X can say: keywords, phrases, OR, negation, tags, from:, lang:', () => {
    expect(rule('acme refund')).toEqual({ value: 'acme refund', exact: true });
    expect(rule('"acme cloud" OR acmecloud')).toEqual({ value: '"acme cloud" OR acmecloud', exact: true });
    expect(rule('(acme OR acmecorp) -job -"we are hiring"')).toEqual({ value: '(acme OR acmecorp) -job -"we are hiring"', exact: true });
    expect(rule('#AcmeDown OR @AcmeHelp')).toEqual({ value: '#acmedown OR @acmehelp', exact: true });
    expect(rule('acme author:maria_s lang:en')).toEqual({ value: 'acme from:maria_s lang:en', exact: true });
    expect(rule('acme source:x')).toEqual({ value: 'acme', exact: true });
  });

  it('is broader, never narrower, where X cannot say it: Hearken re-checks', () => {
    expect(rule('acme NEAR/3 refund')).toMatchObject({ value: 'acme refund', exact: false });
    expect(rule('acme refund*')).toMatchObject({ value: 'acme', exact: false });
    expect(rule('acme lang:pt-br')).toMatchObject({ value: 'acme lang:pt', exact: false });
    // -x of a widened x would drop posts the query wants: the NOT is left to the re-check
    expect(rule('acme -(refund NEAR/2 late)')).toMatchObject({ value: 'acme', exact: false });
    // an OR with an inexpressible branch cannot be narrowed to its other branch
    expect(rule('refund* OR acme').value).toBeUndefined();
    expect(rule('refund* OR acme').note).toMatch(/nothing in the query/);
    expect(rule('acme site:example.com')).toMatchObject({ value: 'acme', exact: false });
  });

  it('does not stream what does not look at X, only excludes, or exceeds the tier length', () => {
    expect(rule('acme source:reddit').note).toMatch(/does not look at X/);
    expect(rule('(acme source:reddit) OR (acmecorp source:x)')).toEqual({ value: 'acmecorp', exact: true });
    expect(rule('-acme').note).toMatch(/at least one positive/);
    // lang: cannot stand alone in X (a conjunction-required operator), nor be an OR branch alone
    expect(rule('acme* lang:en').note).toMatch(/at least one positive/);
    expect(rule('author:maria_s lang:en')).toEqual({ value: 'from:maria_s lang:en', exact: true });
    expect(rule('acme OR lang:es').value).toBeUndefined();
    expect(validateRule('lang:en', 1024)).toMatch(/positive/);
    expect(rule('acme OR "a much longer phrase here"', 20).note).toMatch(/would be 35 characters; this X tier allows 20/);
    expect(rule('acme AND (').note).toMatch(/does not parse/);
  });

  it('every compiled rule passes X validation (the fake checks what X checks)', () => {
    for (const q of [
      'acme refund',
      '"acme cloud" OR acmecloud',
      '(acme OR acmecorp) -job -"we are hiring"',
      '#AcmeDown OR @AcmeHelp',
      'acme author:maria_s lang:en',
      'acme NEAR/3 refund',
    ])
      expect(validateRule(rule(q).value!, 1024)).toBeUndefined();
    expect(validateRule('-acme', 1024)).toMatch(/positive/);
    expect(validateRule('acme foo:bar', 1024)).toMatch(/invalid operator 'foo'/);
    expect(validateRule('(acme', 1024)).toMatch(/expecting '\)'/);
  });
});

describe(`X filtered stream source (${testDialect})`, () => {
  let b: SourceTestbed;
  let x: FakeXStream;
  beforeAll(async () => {
    b = await startSourceTestbed();
    x = await startFakeXStream({ heartbeatMs: 100 });
  });
  afterAll(async () => {
    await x.close();
    await b.close();
  });

  it('syncs rules by diff (added, deleted, unchanged), dry-runs first, and shows what X refused', async () => {
    // a rule another tool keeps on the same X app: not ours, never touched
    x.state.rules.push({ id: '42', value: 'other app rule', tag: 'someone-else' });
    const q1 = await b.query('acme -job');
    const q2 = await b.query('acme NEAR/3 refund', 'brand', 'refunds');
    const q3 = await b.query('acme source:reddit', 'brand', 'reddit only');
    const bad = await b.api('POST', '/api/v1/listening/sources', {
      kind: 'x_stream',
      settings: { baseUrl: x.url, backfillMinutes: 9 },
      secrets: { bearerToken: x.state.bearer },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('settings.backfillMinutes');
    const src = await b.source('x_stream', { baseUrl: x.url }, { bearerToken: x.state.bearer });

    const first = await b.poll(src);
    expect(first.result.error).toBeUndefined();
    const posts = x.rulePosts();
    expect(posts.map((p) => p.url.searchParams.get('dry_run'))).toEqual(['true', null]);
    expect(posts[0]!.headers.authorization).toBe(`Bearer ${x.state.bearer}`);
    expect(x.state.rules.map((r) => [r.value, r.tag])).toEqual([
      ['other app rule', 'someone-else'],
      ['acme -job', `hearken:${q1}`],
      ['acme refund', `hearken:${q2}`],
    ]);
    const rules = first.source.state.rules;
    expect(rules).toMatchObject({ added: 2, deleted: 0, unchanged: 0, rejected: [] });
    expect(rules.streamed).toEqual([
      { queryId: q1, value: 'acme -job', exact: true },
      { queryId: q2, value: 'acme refund', exact: false },
    ]);
    expect(rules.skipped).toEqual([{ queryId: q3, reason: expect.stringMatching(/does not look at X/) }]);

    // change one query, delete another, add one: only the difference is sent
    expect((await b.api('PATCH', `/api/v1/listening/queries/${q1}`, { query: 'acme -job -hiring' })).status).toBe(200);
    expect((await b.api('DELETE', `/api/v1/listening/queries/${q3}`)).status).toBe(204);
    const q4 = await b.query('#acmedown', 'brand', 'outage');
    const second = await b.poll(src);
    expect(second.source.state.rules).toMatchObject({ added: 2, deleted: 1, unchanged: 1 });
    expect(x.state.rules.map((r) => r.value).sort()).toEqual(['#acmedown', 'acme -job -hiring', 'acme refund', 'other app rule']);
    const n = x.rulePosts().length;
    const third = await b.poll(src);
    expect(third.source.state.rules).toMatchObject({ added: 0, deleted: 0, unchanged: 3 });
    expect(x.rulePosts().length).toBe(n); // nothing to change: no POST at all

    // the real tier is smaller than the settings say: X refuses the long rule, the rest go in
    x.state.maxLength = 12;
    const q5 = await b.query('"acme cloud platform" outage', 'brand', 'long');
    const fourth = await b.poll(src);
    expect(fourth.source.state.lastError).toMatch(/X refused 1 rule\(s\): UnprocessableEntity: Rule is too long/);
    expect(fourth.source.state.rules.rejected).toEqual([{ queryId: q5, value: '"acme cloud platform" outage', error: expect.stringMatching(/too long/) }]);
    expect(x.state.rules.some((r) => r.tag === `hearken:${q5}`)).toBe(false);
    x.state.maxLength = 1024;

    // the tier's rule count, as a setting: queries past it are listed, not sent
    await b.api('PATCH', `/api/v1/listening/sources/${src}`, { settings: { baseUrl: x.url, maxRules: 2 } });
    const fifth = await b.poll(src);
    expect(fifth.source.state.rules.skipped.filter((s: any) => /over this X tier's 2 rules/.test(s.reason))).toHaveLength(2);
    expect(x.state.rules.filter((r) => r.tag?.startsWith('hearken:'))).toHaveLength(2);
    // X's own cap (more rules than the settings believed): its error lands on the source
    x.state.maxRules = 2;
    await b.api('PATCH', `/api/v1/listening/sources/${src}`, { settings: { baseUrl: x.url, maxRules: 10 } });
    const capped = await b.poll(src);
    expect(capped.source.state.lastError).toMatch(/X answered 403.*RulesCapExceeded/);
    x.state.maxRules = 1000;
    await b.api('PATCH', `/api/v1/listening/sources/${src}`, { settings: { baseUrl: x.url } });
    await b.poll(src);
    expect(
      x.state.rules
        .filter((r) => r.tag?.startsWith('hearken:'))
        .map((r) => r.tag)
        .sort(),
    ).toEqual([q1, q2, q4, q5].map((q) => `hearken:${q}`).sort());
    // another workspace can neither see nor poll the source
    const stranger = await buildWorkspace(b.t);
    expect((await b.api('GET', `/api/v1/listening/sources/${src}`, undefined, stranger.token)).status).toBe(404);
    expect((await b.api('POST', `/api/v1/listening/sources/${src}/poll`, undefined, stranger.token)).status).toBe(404);
  });

  it('streams posts into mentions once, re-checks broad rules, reconnects after a drop, a stall and a 429, and stops on shutdown', async () => {
    const src = (await b.api('GET', '/api/v1/listening/sources')).body.sources.find((s: any) => s.kind === 'x_stream').id;
    await b.api('PATCH', `/api/v1/listening/sources/${src}`, { settings: { baseUrl: x.url, backfillMinutes: 2 } });
    const a = tweet('acme is down again, refund please');
    const near = tweet('acme refund took forever');
    // X's broad rule "acme refund" sends it; NEAR/3 says no (and -hiring keeps the plain acme query off it)
    const far = tweet('acme one two three four five six refund hiring');
    const reset = Math.floor(Date.now() / 1000) + 2;
    x.plan(
      { send: [a, 'heartbeat', 'heartbeat'], then: 'drop' },
      { send: [a, near, far], then: 'stall' }, // a again: redelivered after the reconnect
      {
        status: 429,
        headers: { 'x-rate-limit-limit': '50', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      },
    );
    const streams = startXStreams(b.t.app, FAST);
    try {
      await until('four connections', () => x.streamRequests().length >= 4, 10_000);
      const reqs = x.streamRequests();
      expect(reqs[0]!.headers.authorization).toBe(`Bearer ${x.state.bearer}`);
      expect(reqs[0]!.url.searchParams.get('tweet.fields')).toContain('lang');
      expect(reqs[0]!.url.searchParams.get('expansions')).toBe('author_id');
      expect(reqs[0]!.url.searchParams.has('backfill_minutes')).toBe(false); // nothing missed yet
      expect(reqs[1]!.url.searchParams.get('backfill_minutes')).toBe('1'); // after the drop
      // the stall was noticed (no byte for stallMs) and the stream reconnected
      expect(reqs[2]!.at - reqs[1]!.at).toBeGreaterThanOrEqual(FAST.stallMs! - 50);
      // after the 429, nothing before x-rate-limit-reset
      expect(reqs[3]!.at).toBeGreaterThanOrEqual(reset * 1000 - 5);
      await until('connected', async () => (await b.api('GET', `/api/v1/listening/sources/${src}`)).body.state.stream?.connected);

      const mine = await b.mentions();
      const ids = mine.map((m: any) => m.post?.url ?? m.url).join(' ');
      expect(mine.filter((m: any) => JSON.stringify(m).includes(a.data.id))).toHaveLength(1);
      expect(ids).toContain(near.data.id);
      expect(ids).not.toContain(far.data.id);
      expect(
        (await b.posts('x'))
          .filter((p) => [a, near, far].some((t) => t.data.id === p.source_item_id))
          .map((p) => p.source_item_id)
          .sort(),
      ).toEqual([a.data.id, near.data.id].sort());
      const state = (await b.api('GET', `/api/v1/listening/sources/${src}`)).body.state.stream;
      expect(state.reconnects).toBeGreaterThanOrEqual(2);

      // a post pushed on the live connection arrives too
      const live = tweet('acme #acmedown since noon');
      x.push(live);
      await until('live mention', async () => JSON.stringify(await b.mentions()).includes(live.data.id));
    } finally {
      await streams.stop();
    }
    expect(streams.running()).toEqual([]);
    await until('the server to see the connection closed', () => x.state.open.size === 0, 2000);
    expect((await b.api('GET', `/api/v1/listening/sources/${src}`)).body.state.stream.connected).toBe(false);

    // a fresh process on the same database: X replays (backfill) a post already stored → no duplicate
    const fresh = createApp(b.t.config, b.t.db.store, defaultSenders());
    const before = (await b.posts('x')).length;
    const mentionsBefore = (await b.mentions()).length;
    x.plan({ send: [a, near], then: 'hold' });
    const again = startXStreams(fresh, FAST);
    try {
      const n = x.streamRequests().length;
      await until('reconnected after restart', () => x.streamRequests().length > n);
      expect(x.streamRequests().at(-1)!.url.searchParams.get('backfill_minutes')).toBe('1');
      await until('connected', async () => (await b.api('GET', `/api/v1/listening/sources/${src}`)).body.state.stream?.connected);
      await new Promise((r) => setTimeout(r, 200));
      expect((await b.posts('x')).length).toBe(before);
      expect((await b.mentions()).length).toBe(mentionsBefore);
      // pausing the source closes its stream
      await b.api('PATCH', `/api/v1/listening/sources/${src}`, { active: false });
      await again.check();
      expect(again.running()).toEqual([]);
    } finally {
      await again.stop();
      await fresh.bus.close();
    }
  });

  it('a 429 reset saved in the state is honoured by a restarted process', async () => {
    const src = (await b.api('GET', '/api/v1/listening/sources')).body.sources.find((s: any) => s.kind === 'x_stream').id;
    await b.api('PATCH', `/api/v1/listening/sources/${src}`, { active: true, settings: { baseUrl: x.url } });
    const reset = Math.floor(Date.now() / 1000) + 2;
    x.plan({
      status: 429,
      headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
      body: {
        title: 'TooManyConnections',
        detail: 'This stream is currently at the maximum allowed connection limit.',
        type: 'https://api.twitter.com/2/problems/streaming-connection',
        connection_issue: 'TooManyConnections',
      },
    });
    const n = x.streamRequests().length;
    const first = startXStreams(b.t.app, FAST);
    let saved: string;
    try {
      saved = await until('the backoff saved', async () => {
        const st = (await b.api('GET', `/api/v1/listening/sources/${src}`)).body.state.stream;
        return /429.*TooManyConnections/.test(st?.lastError ?? '') && st.backoffUntil;
      });
    } finally {
      await first.stop();
    }
    expect(Date.parse(saved)).toBeGreaterThanOrEqual(reset * 1000 - 5);
    const again = startXStreams(b.t.app, FAST);
    try {
      await until('reconnected', () => x.streamRequests().length > n + 1, 5000);
      expect(x.streamRequests()[n + 1]!.at).toBeGreaterThanOrEqual(reset * 1000 - 5);
    } finally {
      await again.stop();
    }
  });

  it("runs in the scheduler process's listening lane and closes when the scheduler stops", async () => {
    const src = (await b.api('GET', '/api/v1/listening/sources')).body.sources.find((s: any) => s.kind === 'x_stream').id;
    await b.api('PATCH', `/api/v1/listening/sources/${src}`, { active: true, settings: { baseUrl: x.url } });
    const n = x.streamRequests().length;
    const stop = startScheduler(b.t.app, 60_000);
    try {
      await until('the scheduler to open the stream', () => x.state.open.size === 1 && x.streamRequests().length > n);
      const live = tweet('acme #acmedown for everyone');
      x.push(live);
      await until('the mention', async () => JSON.stringify(await b.mentions()).includes(live.data.id));
    } finally {
      await stop();
    }
    await until('the server to see the connection closed', () => x.state.open.size === 0, 2000);
    expect((await b.api('GET', `/api/v1/listening/sources/${src}`)).body.state.stream.connected).toBe(false);
  });
});
