import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { defaultSenders } from '../../outbox/default-senders.js';
import { buildMember, buildWorkspace, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { startSourceTestbed, type SourceTestbed } from '../sources/testing.js';
import { currentMatcher } from './matcher-cache.js';

let b: SourceTestbed;
let other: TestWorkspace;
beforeAll(async () => {
  b = await startSourceTestbed();
  other = await buildWorkspace(b.t, { name: 'Other' });
});
afterAll(() => b.close());

describe(`saved listening queries (${testDialect})`, () => {
  it('creates, lists, edits, pauses and deletes; parse errors are 400s naming position and expectation', async () => {
    const created = await b.api('POST', '/api/v1/listening/queries', { name: 'Acme brand', query: '(acme OR "acme corp") -job*', kind: 'brand' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme brand',
      kind: 'brand',
      active: true,
      accentSensitive: false,
      precision: null,
      relevant: 0,
      irrelevant: 0,
    });
    const bad = await b.api('POST', '/api/v1/listening/queries', { name: 'Broken', query: '(acme OR ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(bad.body.error.fields[0]).toEqual({ field: 'query', reason: 'unexpected end of query at position 9: expected a term' });
    const near = await b.api('POST', '/api/v1/listening/queries', { name: 'Near', query: 'refund NEAR/99 acme' });
    expect(near.body.error.fields[0].reason).toMatch(/NEAR distance 99 too large at position \d+: expected at most 50 words/);
    const onlyNot = await b.api('POST', '/api/v1/listening/queries', { name: 'Not', query: '-acme' });
    expect(onlyNot.body.error.fields[0].reason).toMatch(/^nothing to look for at position 0/);
    expect((await b.api('POST', '/api/v1/listening/queries', { name: 'Acme brand', query: 'acme' })).status).toBe(409);
    expect((await b.api('POST', '/api/v1/listening/queries', { name: 'X', query: 'acme', kind: 'friend' })).body.error.fields[0].field).toBe('kind');

    const id = created.body.id;
    const patched = await b.api('PATCH', `/api/v1/listening/queries/${id}`, { active: false, kind: 'competitor' });
    expect(patched.body).toMatchObject({ active: false, kind: 'competitor', query: '(acme OR "acme corp") -job*' });
    expect((await b.api('PATCH', `/api/v1/listening/queries/${id}`, { query: 'a NEAR b' })).status).toBe(400);
    expect((await b.api('PATCH', `/api/v1/listening/queries/${id}`, {})).status).toBe(400);

    // another workspace cannot see, change or delete it
    expect((await b.api('GET', '/api/v1/listening/queries', undefined, other.token)).body.queries).toEqual([]);
    expect((await b.api('PATCH', `/api/v1/listening/queries/${id}`, { active: true }, other.token)).status).toBe(404);
    expect((await b.api('DELETE', `/api/v1/listening/queries/${id}`, undefined, other.token)).status).toBe(404);
    // a viewer reads but does not write
    const viewer = await buildMember(b.t, b.w.workspaceId, 'viewer');
    expect((await b.api('GET', '/api/v1/listening/queries', undefined, viewer.token)).body.queries).toHaveLength(1);
    expect((await b.api('POST', '/api/v1/listening/queries', { name: 'V', query: 'acme' }, viewer.token)).status).toBe(403);

    expect((await b.api('DELETE', `/api/v1/listening/queries/${id}`)).status).toBe(204);
    expect((await b.api('DELETE', `/api/v1/listening/queries/${id}`)).status).toBe(404);
  });

  it('previews a draft over recent stored posts of the workspace only, with the same errors', async () => {
    b.fake.state.x.tweets = [
      { id: '101', text: 'Acme refund still not here after 3 weeks', author_id: '1', created_at: '2026-11-20T10:00:00.000Z', lang: 'en' },
      { id: '102', text: 'Chegou meu pedido da Acme, ótimo!', author_id: '2', created_at: '2026-11-20T10:01:00.000Z', lang: 'pt' },
      { id: '103', text: 'nothing about brands here', author_id: '1', created_at: '2026-11-20T10:02:00.000Z', lang: 'en' },
    ];
    b.fake.state.x.users = [
      { id: '1', username: 'ana', name: 'Ana' },
      { id: '2', username: 'bia', name: 'Bia' },
    ];
    const src = await b.source('x', { query: 'acme', baseUrl: b.fake.url }, { bearerToken: b.fake.state.x.bearer });
    await b.poll(src);
    const p = await b.api('POST', '/api/v1/listening/queries/preview', { query: 'acme lang:pt' });
    expect(p.status).toBe(200);
    expect(p.body.scanned).toBe(3);
    expect(p.body.matches.map((m: any) => m.text)).toEqual(['Chegou meu pedido da Acme, ótimo!']);
    expect((await b.api('POST', '/api/v1/listening/queries/preview', { query: 'refund NEAR/3 acme' })).body.matches.map((m: any) => m.sourceItemId)).toEqual([
      '101',
    ]);
    const err = await b.api('POST', '/api/v1/listening/queries/preview', { query: 'acme AND (' });
    expect(err.status).toBe(400);
    expect(err.body.error.fields[0].reason).toMatch(/at position 10: expected/);
    expect((await b.api('POST', '/api/v1/listening/queries/preview', { query: 'acme' }, other.token)).body).toEqual({ scanned: 0, matches: [] });

    // saving it runs it over the same recent posts: what the preview showed is in the feed at once
    const saved = await b.query('acme lang:pt', 'brand', 'Acme PT');
    const feed = await b.mentions(`?query=${saved}`);
    expect(feed.map((m) => m.post.sourceItemId)).toEqual(['102']);
    // widening it links the posts that already are mentions instead of duplicating them
    const wide = await b.query('acme', 'brand', 'Acme all');
    expect((await b.mentions(`?query=${wide}`)).map((m) => m.post.sourceItemId).sort()).toEqual(['101', '102']);
    expect((await b.mentions()).length).toBe(2);
    expect((await b.mentions(`?query=${saved}`))[0].queries.map((q: any) => q.name).sort()).toEqual(['Acme PT', 'Acme all']);
  });

  it('describes every listening route in /openapi.json', async () => {
    const res = await b.t.req('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    for (const path of [
      '/api/v1/listening/queries',
      '/api/v1/listening/queries/{id}',
      '/api/v1/listening/queries/preview',
      '/api/v1/listening/sources',
      '/api/v1/listening/sources/{id}',
      '/api/v1/listening/sources/{id}/poll',
      '/api/v1/listening/mentions',
      '/api/v1/listening/mentions/{id}/engage',
      '/api/v1/listening/alert-rules',
      '/api/v1/listening/alerts',
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths['/api/v1/listening/mentions'].get.parameters.map((p: any) => p.name)).toContain('suggestion');
  });

  it('keeps one matcher for all workspaces, current when queries change here or in another process', async () => {
    const app = b.t.app;
    const mine = await b.query('kettle', 'brand', 'Kettles');
    const theirs = (await b.api('POST', '/api/v1/listening/queries', { name: 'Their kettles', query: 'kettle' }, other.token)).body.id;
    let snap = await currentMatcher(app);
    expect(snap.matcher.match({ text: 'my kettle broke' }).sort()).toEqual([mine, theirs].sort());
    expect(snap.entries.get(theirs)?.workspaceId).toBe(other.workspaceId);
    await b.api('PATCH', `/api/v1/listening/queries/${mine}`, { query: 'toaster' });
    snap = await currentMatcher(app);
    expect(snap.matcher.match({ text: 'my kettle broke' })).toEqual([theirs]);
    expect(snap.matcher.match({ text: 'toaster' })).toEqual([mine]);
    // a change written by another process (its own app, same database) is seen on the next batch
    const elsewhere = createApp(b.t.config, b.t.db.store, defaultSenders());
    await b.t.app.store.db
      .updateTable('listening_queries')
      .set({ active: 0, updated_at: Date.now() + 5 })
      .where('id', '=', theirs)
      .execute();
    snap = await currentMatcher(app);
    expect(snap.matcher.match({ text: 'my kettle broke' })).toEqual([]);
    await elsewhere.bus.close();
  });
});
