import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../enrich/analyze.js';
import { buildMember, buildWorkspace, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { startSourceTestbed, type SourceTestbed } from '../sources/testing.js';
import { pruneUnmatchedPosts, UNMATCHED_RETENTION_MS } from '../sources/prune-posts.js';
import { suggest } from './suggest.js';

let b: SourceTestbed;
let other: TestWorkspace;
let brand: string;
let rival: string;
beforeAll(async () => {
  b = await startSourceTestbed();
  other = await buildWorkspace(b.t, { name: 'Other' });
  brand = await b.query('acme', 'brand', 'Acme');
  rival = await b.query('globex', 'competitor', 'Globex');
  const tweets = [
    ['201', 'Acme my order never arrived, where is my refund?', 'en'],
    ['202', 'Loving the new Acme toaster, great design', 'en'],
    ['203', 'Globex support is the worst, three weeks without an answer. Terrible service', 'en'],
    ['204', 'A Acme não responde ninguém, pedido atrasado há um mês', 'pt'],
    ['205', 'Globex launched a new phone today', 'en'],
    ['206', 'Acme and Globex both at the trade fair', 'en'],
    ['207', 'Nothing to see here', 'en'],
  ];
  b.fake.state.x.tweets = tweets
    .map(([id, text, lang], i) => ({
      id: String(id),
      text,
      lang,
      author_id: String(i % 2),
      created_at: new Date(Date.parse('2026-11-20T10:00:00Z') + i * 60_000).toISOString(),
    }))
    .reverse();
  b.fake.state.x.users = [
    { id: '0', username: 'zero', name: 'Zero' },
    { id: '1', username: 'one', name: 'One' },
  ];
  const src = await b.source('x', { query: 'acme OR globex', baseUrl: b.fake.url }, { bearerToken: b.fake.state.x.bearer });
  await b.poll(src);
});
afterAll(() => b.close());

const texts = (ms: any[]) => ms.map((m) => m.post.text);

describe(`mentions feed (${testDialect})`, () => {
  it('stores each matched post once with the queries it matched, enriched and with a suggestion', async () => {
    const all = await b.mentions();
    expect(all).toHaveLength(6);
    const both = all.find((m) => m.post.sourceItemId === '206');
    expect(both.queries.map((q: any) => q.name).sort()).toEqual(['Acme', 'Globex']);
    const refund = all.find((m) => m.post.sourceItemId === '201');
    expect(refund).toMatchObject({ suggestion: 'engage', lang: 'en', intent: expect.stringMatching(/question|complaint/) });
    expect(refund.suggestionReason).toMatch(/question|complaint|needs a reply/);
    expect(all.find((m) => m.post.sourceItemId === '202')).toMatchObject({ suggestion: 'observe', status: 'new' });
    expect(all.find((m) => m.post.sourceItemId === '203')).toMatchObject({ suggestion: 'engage', sentiment: 'negative' });
    expect(all.find((m) => m.post.sourceItemId === '205')).toMatchObject({ suggestion: 'observe' });
    expect(all.find((m) => m.post.sourceItemId === '204')!.lang).toBe('pt');
  });

  it('filters by query, source, suggestion, status, sentiment, language and text; pages by cursor', async () => {
    expect(texts(await b.mentions(`?query=${rival}`)).length).toBe(3);
    expect((await b.mentions('?source=x')).length).toBe(6);
    expect((await b.mentions('?source=reddit')).length).toBe(0);
    expect((await b.mentions('?suggestion=engage')).every((m) => m.suggestion === 'engage')).toBe(true);
    expect(texts(await b.mentions('?lang=pt'))).toEqual(['A Acme não responde ninguém, pedido atrasado há um mês']);
    expect(texts(await b.mentions('?q=NAO%20RESPONDE'))).toEqual(['A Acme não responde ninguém, pedido atrasado há um mês']);
    expect(texts(await b.mentions('?q=100%25'))).toEqual([]);
    expect((await b.mentions('?sentiment=negative')).every((m) => m.sentiment === 'negative')).toBe(true);
    const p1 = await b.api('GET', '/api/v1/listening/mentions?limit=4');
    const p2 = await b.api('GET', `/api/v1/listening/mentions?limit=4&cursor=${p1.body.nextCursor}`);
    expect(p1.body.mentions).toHaveLength(4);
    expect(p2.body.mentions).toHaveLength(2);
    expect(p2.body.nextCursor).toBeNull();
    expect(new Set([...p1.body.mentions, ...p2.body.mentions].map((m: any) => m.id)).size).toBe(6);
    expect((await b.api('GET', '/api/v1/listening/mentions?cursor=garbage')).body.error.fields[0].field).toBe('cursor');
    expect((await b.api('GET', '/api/v1/listening/mentions?status=maybe')).status).toBe(400);
    expect((await b.api('GET', '/api/v1/listening/mentions', undefined, other.token)).body.mentions).toEqual([]);
  });

  it('observe and irrelevant feed each matched query’s precision; another workspace gets 404', async () => {
    const all = await b.mentions();
    const id = (item: string) => all.find((m) => m.post.sourceItemId === item).id;
    expect((await b.api('POST', `/api/v1/listening/mentions/${id('202')}/observe`, undefined, other.token)).status).toBe(404);
    expect((await b.api('POST', `/api/v1/listening/mentions/${id('202')}/engage`, { channelId: other.channelId })).status).toBe(404);
    expect((await b.api('POST', `/api/v1/listening/mentions/${id('202')}/engage`, {})).body.error.fields[0].field).toBe('channelId');
    const viewer = await buildMember(b.t, b.w.workspaceId, 'viewer');
    expect((await b.api('POST', `/api/v1/listening/mentions/${id('202')}/observe`, undefined, viewer.token)).status).toBe(403);

    expect((await b.api('POST', `/api/v1/listening/mentions/${id('202')}/observe`)).body.status).toBe('observed');
    expect((await b.api('POST', `/api/v1/listening/mentions/${id('206')}/irrelevant`)).body.status).toBe('irrelevant');
    expect((await b.api('POST', `/api/v1/listening/mentions/${id('201')}/engage`, { channelId: b.w.channelId })).body.status).toBe('engaged');
    expect((await b.api('POST', `/api/v1/listening/mentions/${id('205')}/irrelevant`)).status).toBe(200);
    const qs = (await b.api('GET', '/api/v1/listening/queries')).body.queries;
    const acme = qs.find((q: any) => q.id === brand);
    const globex = qs.find((q: any) => q.id === rival);
    expect(acme).toMatchObject({ relevant: 2, irrelevant: 1, precision: 0.667 });
    expect(globex).toMatchObject({ relevant: 0, irrelevant: 2, precision: 0 });
    // a second opinion replaces the first
    await b.api('POST', `/api/v1/listening/mentions/${id('206')}/observe`);
    const after = (await b.api('GET', '/api/v1/listening/queries')).body.queries.find((q: any) => q.id === brand);
    expect(after).toMatchObject({ relevant: 3, irrelevant: 0, precision: 1 });
    expect((await b.mentions('?status=new,observed')).length).toBe(4);
  });

  it('prunes old posts no query matched, keeping every mention', async () => {
    const count = async () => (await b.posts('x')).length;
    expect(await count()).toBe(7);
    expect(await pruneUnmatchedPosts(b.t.app)).toBe(0); // nothing old yet
    expect(await pruneUnmatchedPosts(b.t.app, { now: Date.now() + UNMATCHED_RETENTION_MS + 60_000 })).toBe(1);
    expect((await b.posts('x')).map((p) => p.source_item_id)).not.toContain('207');
    expect(await count()).toBe(6);
    expect((await b.mentions()).length).toBe(6);
  });

  it('suggests by the rules: trolls and spam observed, brand questions engaged, unhappy competitor customers engaged', () => {
    const a = (text: string) => analyzeMessage(text);
    expect(suggest(a('Where is my order? It was due Monday'), ['brand']).suggestion).toBe('engage');
    expect(suggest(a('Great coffee this morning'), ['brand']).suggestion).toBe('observe');
    expect(suggest(a('Their support is terrible, awful, I hate it'), ['competitor'])).toMatchObject({ suggestion: 'engage' });
    const troll = { ...a('Where is my order?'), troll: { score: 0.9, signals: [] } };
    expect(suggest(troll, ['brand']).reason).toMatch(/trolling/);
  });
});
