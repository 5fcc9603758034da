import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { toCsv } from '../../lib/csv.js';
import { reportTerms } from './aggregate.js';

const ZONE = 'Europe/Berlin';
const FROM = '2026-11-20';
const TO = '2026-11-22';

type Seed = { text: string; author: string | null; source: string; sentiment: string | null; at: string; queries: Array<'acme' | 'globex' | 'initech'> };
// Times are UTC; Berlin is UTC+1 in November, so 23:30Z belongs to the next local day.
const SEED: Seed[] = [
  {
    text: 'Acme refund still missing, @AcmeHelp please https://example.com/order/1',
    author: 'ann',
    source: 'x',
    sentiment: 'negative',
    at: '2026-11-20T08:00:00Z',
    queries: ['acme'],
  },
  { text: 'Love the Acme toaster, the design is great', author: 'bob', source: 'x', sentiment: 'positive', at: '2026-11-20T09:00:00Z', queries: ['acme'] },
  { text: 'Acme refund arrived, thanks', author: 'ann', source: 'x', sentiment: 'positive', at: '2026-11-20T23:30:00Z', queries: ['acme'] },
  { text: 'Acme vs Globex: toaster shootout', author: 'ann', source: 'reddit', sentiment: 'neutral', at: '2026-11-21T12:00:00Z', queries: ['acme', 'globex'] },
  {
    text: 'Globex toaster broke after a week, refund please',
    author: 'cid',
    source: 'x',
    sentiment: 'negative',
    at: '2026-11-21T13:00:00Z',
    queries: ['globex'],
  },
  { text: 'A Acme não respondeu, quero reembolso', author: 'dora', source: 'mastodon', sentiment: 'negative', at: '2026-11-22T10:00:00Z', queries: ['acme'] },
  { text: 'Acmeのトースターは最高', author: 'eri', source: 'x', sentiment: null, at: '2026-11-22T11:00:00Z', queries: ['acme'] },
  { text: 'Initech "printer", jammed = again', author: null, source: 'rss', sentiment: 'negative', at: '2026-11-22T12:00:00Z', queries: ['initech'] },
  // Counted with "cafe" below under one folded term, shown as written most often: "café".
  {
    text: 'Globex CAFÉ froid, réfrigérateur en panne',
    author: 'zoe',
    source: 'mastodon',
    sentiment: 'negative',
    at: '2026-11-21T15:00:00Z',
    queries: ['globex'],
  },
  {
    text: 'Globex café tiède et réfrigérateur bruyant',
    author: 'zoe',
    source: 'mastodon',
    sentiment: 'negative',
    at: '2026-11-21T16:00:00Z',
    queries: ['globex'],
  },
  { text: 'Globex cafe machine', author: 'yan', source: 'x', sentiment: 'neutral', at: '2026-11-21T17:00:00Z', queries: ['globex'] },
  // Outside the range in Berlin time: 23:59 on the 19th, and 00:00 on the 23rd.
  { text: 'Acme refund refund refund', author: 'ann', source: 'x', sentiment: 'negative', at: '2026-11-19T22:59:00Z', queries: ['acme'] },
  { text: 'Globex refund refund', author: 'cid', source: 'x', sentiment: 'negative', at: '2026-11-22T23:00:00Z', queries: ['globex'] },
];

const berlinDay = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
const inRange = SEED.filter((s) => berlinDay(s.at) >= FROM && berlinDay(s.at) <= TO);
const sentimentOf = (s: Seed) => s.sentiment ?? 'unknown';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
const ids: Record<string, string> = {};
let otherQuery: string;

const get = async (url: string, token = w.token) => {
  const res = await t.req('GET', url, { token });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};
const json = async (url: string, token?: string) => {
  const r = await get(url, token);
  return { status: r.status, body: JSON.parse(r.text) };
};

beforeAll(async () => {
  t = await buildTestApp();
  t.app.now = () => Date.parse('2026-11-23T09:00:00Z');
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
  const hours = await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: { timeZone: ZONE, days: { mon: [{ start: '09:00', end: '17:00' }] } } });
  expect(hours.status).toBeLessThan(300);
  for (const [key, kind] of [
    ['acme', 'brand'],
    ['globex', 'competitor'],
    ['initech', 'competitor'],
  ] as const) {
    const r = await t.req('POST', '/api/v1/listening/queries', { token: w.token, body: { name: key[0]!.toUpperCase() + key.slice(1), query: key, kind } });
    ids[key] = ((await r.json()) as { id: string }).id;
  }
  otherQuery = (
    (await (await t.req('POST', '/api/v1/listening/queries', { token: other.token, body: { name: 'Acme', query: 'acme' } })).json()) as { id: string }
  ).id;

  const db = t.app.store.db;
  const now = t.app.now();
  const insert = async (workspaceId: string, s: Seed, queryIds: string[], i: number) => {
    const postId = newId(now);
    const mentionId = newId(now);
    await db
      .insertInto('listening_posts')
      .values({
        id: postId,
        workspace_id: workspaceId,
        source_id: 'src',
        source_kind: s.source,
        source_item_id: `${workspaceId}-${i}`,
        author: s.author,
        author_name: s.author && s.author.toUpperCase(),
        url: null,
        text: s.text,
        text_folded: s.text.toLowerCase(),
        lang: null,
        posted_at: Date.parse(s.at),
        extra: '{}',
        fetched_at: now,
      })
      .execute();
    await db
      .insertInto('mentions')
      .values({
        id: mentionId,
        workspace_id: workspaceId,
        post_id: postId,
        source_kind: s.source,
        lang: null,
        sentiment: s.sentiment,
        intent: null,
        needs_reply: null,
        troll_score: null,
        analysis: '{}',
        suggestion: 'observe',
        suggestion_reason: 'test',
        status: 'new',
        conversation_id: null,
        acted_by: null,
        acted_at: null,
        created_at: now,
      })
      .execute();
    for (const q of queryIds) await db.insertInto('mention_queries').values({ workspace_id: workspaceId, mention_id: mentionId, query_id: q }).execute();
  };
  for (const [i, s] of SEED.entries())
    await insert(
      w.workspaceId,
      s,
      s.queries.map((q) => ids[q]!),
      i,
    );
  // The other workspace's mentions must never show in this workspace's report.
  for (const [i, s] of SEED.entries()) await insert(other.workspaceId, s, [otherQuery], i);
});
afterAll(() => t.close());

const base = `/api/v1/listening/reports?from=${FROM}&to=${TO}`;

describe(`listening reports (${testDialect})`, () => {
  it('counts volume per query per local day with the sentiment mix', async () => {
    const { status, body } = await json(base);
    expect(status).toBe(200);
    expect(body.timeZone).toBe(ZONE);
    const days = [FROM, '2026-11-21', TO];
    for (const key of ['acme', 'globex', 'initech'] as const) {
      const series = body.volume.find((s: any) => s.queryId === ids[key]);
      expect(series.days.map((d: any) => d.date)).toEqual(days);
      for (const d of series.days) {
        const hits = inRange.filter((s) => s.queries.includes(key) && berlinDay(s.at) === d.date);
        expect(d.mentions).toBe(hits.length);
        for (const sent of ['positive', 'neutral', 'negative', 'unknown']) expect(d[sent]).toBe(hits.filter((s) => sentimentOf(s) === sent).length);
      }
    }
    // The 23:30Z post is on the 21st in Berlin.
    expect(body.volume.find((s: any) => s.queryId === ids.acme).days[1].positive).toBe(1);
  });

  it('gives each query its share of voice and sentiment', async () => {
    const { body } = await json(base);
    const total = inRange.reduce((n, s) => n + s.queries.length, 0);
    let sum = 0;
    for (const key of ['acme', 'globex', 'initech'] as const) {
      const hits = inRange.filter((s) => s.queries.includes(key));
      const row = body.shareOfVoice.find((r: any) => r.queryId === ids[key]);
      expect(row.mentions).toBe(hits.length);
      expect(row.share).toBeCloseTo(hits.length / total, 10);
      expect(row.negative).toBe(hits.filter((s) => s.sentiment === 'negative').length);
      sum += row.share;
    }
    expect(sum).toBeCloseTo(1, 10);
    expect(body.shareOfVoice.find((r: any) => r.queryId === ids.acme).kind).toBe('brand');
    // Only some queries: the shares are among those.
    const two = await json(`${base}&queries=${ids.acme},${ids.globex}`);
    expect(two.body.shareOfVoice.map((r: any) => r.queryId).sort()).toEqual([ids.acme, ids.globex].sort());
    const twoTotal = inRange.reduce((n, s) => n + s.queries.filter((q) => q !== 'initech').length, 0);
    expect(two.body.shareOfVoice.find((r: any) => r.queryId === ids.globex).share).toBeCloseTo(
      inRange.filter((s) => s.queries.includes('globex')).length / twoTotal,
      10,
    );
  });

  it('ranks authors by mentions (per source) and terms without stop-words, handles or links', async () => {
    const { body } = await json(base);
    const authors = new Map<string, number>();
    for (const s of inRange) if (s.author) authors.set(`${s.source}/${s.author}`, (authors.get(`${s.source}/${s.author}`) ?? 0) + 1);
    expect(body.topAuthors).toHaveLength(authors.size);
    for (const a of body.topAuthors) expect(a.mentions).toBe(authors.get(`${a.source}/${a.author}`));
    expect(body.topAuthors[0]).toMatchObject({ author: 'ann', source: 'x', mentions: Math.max(...authors.values()), authorName: 'ANN' });

    const all = (await json(`${base}&limit=200`)).body;
    const terms = new Map(all.topTerms.map((x: any) => [x.term, x.mentions]));
    for (const word of ['refund', 'toaster', 'acme', 'globex']) expect(terms.get(word)).toBe(inRange.filter((s) => s.text.toLowerCase().includes(word)).length);
    expect(terms.get('nao')).toBeUndefined(); // Portuguese stop-word, folded
    expect(terms.get('reembolso')).toBe(1);
    // Counted folded, shown as written: accents kept, the most frequent spelling
    expect(terms.get('café')).toBe(3);
    expect(terms.get('réfrigérateur')).toBe(2);
    expect(terms.has('cafe')).toBe(false);
    expect(all.topTerms.find((x: any) => x.term === 'réfrigérateur').folded).toBe('refrigerateur');
    expect(terms.get('トー')).toBe(1); // CJK bigram
    for (const gone of ['the', 'acmehelp', 'https', 'example', 'com', 'order']) expect(terms.has(gone)).toBe(false);
    expect(reportTerms('@Acme_Help see www.acme.com/x or https://t.co/abc 2026 ok Fehler')).toEqual(['see', 'fehler']);
    expect((await json(`${base}&limit=2`)).body.topTerms).toHaveLength(2);
  });

  it('exports each table as quoted CSV', async () => {
    const vol = await get(`/api/v1/listening/reports/volume?from=${FROM}&to=${TO}&format=csv`);
    expect(vol.type).toMatch(/^text\/csv/);
    const lines = vol.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('date,query,kind,mentions,positive,neutral,negative,unknown');
    expect(lines).toHaveLength(1 + 3 * 3);
    const acme21 = inRange.filter((s) => s.queries.includes('acme') && berlinDay(s.at) === '2026-11-21');
    expect(lines).toContain(
      `2026-11-21,Acme,brand,${acme21.length},${['positive', 'neutral', 'negative', 'unknown'].map((x) => acme21.filter((s) => sentimentOf(s) === x).length).join(',')}`,
    );

    const sov = await get(`/api/v1/listening/reports/share-of-voice?from=${FROM}&to=${TO}&format=csv`);
    expect(sov.text.split('\r\n')[0]).toBe('query,kind,mentions,share (%),positive,neutral,negative,unknown');
    const total = inRange.reduce((n, s) => n + s.queries.length, 0);
    const acmeShare = Number(((inRange.filter((s) => s.queries.includes('acme')).length / total) * 100).toFixed(2));
    expect(sov.text).toContain(`\r\nAcme,brand,${inRange.filter((s) => s.queries.includes('acme')).length},${acmeShare},`);
    const authors = await get(`/api/v1/listening/reports/top-authors?from=${FROM}&to=${TO}&format=csv`);
    expect(authors.text).toContain('\r\nann,ANN,x,');
    const terms = await get(`/api/v1/listening/reports/top-terms?from=${FROM}&to=${TO}&format=csv`);
    expect(terms.text.split('\r\n')[0]).toBe('term,mentions');
    expect(terms.text).toContain(`\r\nrefund,${inRange.filter((s) => s.text.includes('refund')).length}\r\n`);
    expect((await json(`/api/v1/listening/reports/top-terms?from=${FROM}&to=${TO}`)).body.topTerms.length).toBeGreaterThan(0);

    expect(
      toCsv(
        ['a', 'b'],
        [
          ['Initech "printer", jammed', '=HYPERLINK("x")'],
          ['line\nbreak', null],
          [-3, 'plain'],
        ],
      ),
    ).toBe('a,b\r\n"Initech ""printer"", jammed","\'=HYPERLINK(""x"")"\r\n"line\nbreak",\r\n-3,plain\r\n');
  });

  it('is workspace-scoped, agent+, and refuses bad input', async () => {
    expect((await json(`${base}&queries=${otherQuery}`)).status).toBe(404);
    expect((await json(`${base}&queries=${ids.acme},${otherQuery}`)).status).toBe(404);
    const mine = await json(`/api/v1/listening/reports?from=${FROM}&to=${TO}`, other.token);
    expect(mine.body.shareOfVoice).toHaveLength(1);
    // The other workspace has no business hours: its days are UTC days.
    expect(mine.body.timeZone).toBe('UTC');
    expect(mine.body.shareOfVoice[0].mentions).toBe(SEED.filter((s) => s.at.slice(0, 10) >= FROM && s.at.slice(0, 10) <= TO).length);
    const viewer = await buildMember(t, w.workspaceId, 'viewer');
    expect((await json(base, viewer.token)).status).toBe(403);
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await json(base, agent.token)).status).toBe(200);
    expect((await get(base, 'nope')).status).toBe(401);
    const bad = await json(`/api/v1/listening/reports?from=2026-02-30&to=${TO}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toMatch(/from/);
    expect((await json(`/api/v1/listening/reports?from=${TO}&to=${FROM}`)).body.error.fields[0].field).toMatch(/to/);
    expect((await json(`/api/v1/listening/reports?from=2020-01-01&to=${TO}`)).status).toBe(400);
    expect((await json(`/api/v1/listening/reports?to=${TO}`)).status).toBe(400);
    expect((await json(`/api/v1/listening/reports/everything?from=${FROM}&to=${TO}`)).status).toBe(404);
  });

  it('leaves a deleted query out, shares included', async () => {
    expect((await t.req('DELETE', `/api/v1/listening/queries/${ids.initech}`, { token: w.token })).status).toBe(204);
    const { body } = await json(base);
    expect(body.shareOfVoice.map((r: any) => r.queryId).sort()).toEqual([ids.acme, ids.globex].sort());
    const total = inRange.reduce((n, s) => n + s.queries.filter((q) => q !== 'initech').length, 0);
    expect(body.shareOfVoice.find((r: any) => r.queryId === ids.acme).share).toBeCloseTo(inRange.filter((s) => s.queries.includes('acme')).length / total, 10);
    expect(body.topTerms.map((x: any) => x.term)).not.toContain('printer');
    expect((await json(`${base}&queries=${ids.initech}`)).status).toBe(404);
  });
});
