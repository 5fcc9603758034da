import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel } from '../channel-admin/create-channel.js';
import { processJournalBatch } from '../intake/processor.js';
import { newId } from '../lib/ids.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let xCh: { channelId: string; signingSecret: string };
let igCh: { channelId: string; signingSecret: string };

async function apiChannel(ws: TestWorkspace, network: string) {
  const ch = await createChannel(t.app, { workspaceId: ws.workspaceId, type: 'api', name: `${network} account`, settings: { network } });
  return { channelId: ch.id, signingSecret: ch.secrets.signingSecret };
}
const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
const contactIdOf = async (workspaceId: string, network: string, externalId: string) =>
  (
    await t.app.store.db
      .selectFrom('identities')
      .select('contact_id')
      .where('workspace_id', '=', workspaceId)
      .where('network', '=', network)
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow()
  ).contact_id;
const get = (url: string, token = w.token) => t.req('GET', url, { token });

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other Co' });
  xCh = await apiChannel(w, 'x');
  igCh = await apiChannel(w, 'instagram');
});
afterAll(() => t.close());

describe(`contacts: list and history (${testDialect})`, () => {
  it('shows a contact with identities and its conversations on every channel, newest first', async () => {
    const base = Date.now() - 60_000;
    await deliver(t, xCh, buildInbound({ from: { id: 'x-hist', name: 'Hana', handle: '@hana' }, text: 'first on X', timestamp: base }));
    await deliver(
      t,
      xCh,
      buildInbound({ from: { id: 'x-hist' }, text: 'a comment', conversation: { kind: 'comment', item_id: 'post-1' }, timestamp: base + 1000 }),
    );
    await drain();
    const id = await contactIdOf(w.workspaceId, 'x', 'x-hist');
    // Same person on Instagram, then merged, gives one history across both channels.
    await deliver(t, igCh, buildInbound({ from: { id: 'ig-hist', name: 'Hana I.' }, text: '   latest\n\non   Instagram  ', timestamp: base + 2000 }));
    await drain();
    const igId = await contactIdOf(w.workspaceId, 'instagram', 'ig-hist');
    expect((await t.req('POST', `/api/v1/contacts/${id}/merge`, { token: w.token, body: { otherContactId: igId } })).status).toBe(200);

    const res = await get(`/api/v1/contacts/${id}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id, name: 'Hana', hasMoreConversations: false });
    expect(body.identities.map((i: { network: string; externalId: string; handle: string | null }) => [i.network, i.externalId, i.handle])).toEqual([
      ['x', 'x-hist', '@hana'],
      ['instagram', 'ig-hist', null],
    ]);
    expect(body.conversations).toHaveLength(3);
    expect(body.conversations.map((c: { channelId: string }) => c.channelId)).toEqual([igCh.channelId, xCh.channelId, xCh.channelId]);
    expect(body.conversations[0]).toMatchObject({
      channelName: 'instagram account',
      channelType: 'api',
      kind: 'dm',
      visibility: 'private',
      status: 'open',
      lastMessageAt: base + 2000,
      lastMessagePreview: 'latest on Instagram',
    });
    expect(body.conversations[1]).toMatchObject({ kind: 'comment', visibility: 'public', lastMessagePreview: 'a comment' });
    expect(body.mergedFrom).toEqual([expect.objectContaining({ id: igId, name: 'Hana I.' })]);
  });

  it('lists contacts newest first with a keyset cursor and hides merged ones', async () => {
    const tag = newId().slice(-6);
    for (let i = 0; i < 5; i++) await deliver(t, xCh, buildInbound({ from: { id: `page-${tag}-${i}`, name: `Pager ${tag} ${i}` } }));
    await drain();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/v1/contacts?q=pager%20${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: Array<{ name: string; lastActivityAt: number | null; identities: unknown[] }>; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const it of page.items) {
        expect(it.lastActivityAt).toEqual(expect.any(Number));
        expect(it.identities).toHaveLength(1);
      }
      seen.push(...page.items.map((i) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `Pager ${tag} ${i}`));

    const all = await (await get('/api/v1/contacts?limit=100')).json();
    const merged = await t.app.store.db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('merged_into_id', 'is not', null)
      .execute();
    expect(merged.length).toBeGreaterThan(0);
    const listed = new Set(all.items.map((i: { id: string }) => i.id));
    for (const m of merged) expect(listed.has(m.id)).toBe(false);
  });

  it('searches name, handle and external id case-insensitively, with % and _ taken literally', async () => {
    await deliver(t, xCh, buildInbound({ from: { id: 'EXT_Search-77', name: 'Zoë 100% Real', handle: '@Zed_Handle' } }));
    await deliver(t, xCh, buildInbound({ from: { id: 'ext-search-78', name: 'Zoe 1000 Real' } }));
    await drain();
    const names = async (q: string) =>
      ((await (await get(`/api/v1/contacts?q=${encodeURIComponent(q)}`)).json()).items as Array<{ name: string }>).map((i) => i.name).sort();
    expect(await names('100%')).toEqual(['Zoë 100% Real']);
    expect(await names('zed_h')).toEqual(['Zoë 100% Real']);
    expect(await names('ext_search')).toEqual(['Zoë 100% Real']);
    expect(await names('EXT-SEARCH')).toEqual(['Zoe 1000 Real']);
    expect(await names('real')).toEqual(['Zoe 1000 Real', 'Zoë 100% Real']);
    expect(await names('no such person')).toEqual([]);
  });

  it('answers bad query parameters with field-level 400s', async () => {
    const res = await get('/api/v1/contacts?limit=0');
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual([expect.objectContaining({ field: 'query.limit' })]);
    const bad = await get('/api/v1/contacts?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
  });

  it('needs authentication', async () => {
    expect((await t.req('GET', '/api/v1/contacts')).status).toBe(401);
    expect((await t.req('GET', '/api/v1/contacts/whatever')).status).toBe(401);
  });

  it('describes its routes in /openapi.json', async () => {
    const doc = await (await t.req('GET', '/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/v1/contacts/{id}']).sort()).toEqual(['get', 'patch']);
    expect(doc.paths['/api/v1/contacts'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['q', 'limit', 'cursor']);
    expect(doc.paths['/api/v1/contacts/{id}/merge'].post.requestBody).toBeDefined();
  });

  it('never shows another workspace its contacts', async () => {
    const otherCh = await apiChannel(other, 'x');
    await deliver(t, otherCh, buildInbound({ from: { id: 'x-secret', name: 'Secret Person' } }));
    await drain();
    const foreign = await contactIdOf(other.workspaceId, 'x', 'x-secret');
    const res = await get(`/api/v1/contacts/${foreign}`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
    expect((await (await get('/api/v1/contacts?q=secret')).json()).items).toEqual([]);
    expect((await get(`/api/v1/contacts/${foreign}`, other.token)).status).toBe(200);
  });
});
