import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel } from '../channel-admin/create-channel.js';
import { processJournalBatch } from '../intake/processor.js';
import { newId } from '../lib/ids.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
let agent: string;
let viewer: string;
let xCh: { channelId: string; signingSecret: string };
let igCh: { channelId: string; signingSecret: string };

async function apiChannel(ws: TestWorkspace, network: string) {
  const ch = await createChannel(t.app, { workspaceId: ws.workspaceId, type: 'api', name: `${network} account`, settings: { network } });
  return { channelId: ch.id, signingSecret: ch.secrets.signingSecret };
}
const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
/** A contact made the way real ones are: by a customer writing in. */
async function contactFrom(ch: { channelId: string; signingSecret: string }, network: string, name: string | undefined, workspaceId = w.workspaceId) {
  const externalId = `${network}-${newId()}`;
  await deliver(t, ch, buildInbound({ from: { id: externalId, ...(name ? { name } : {}) } }));
  await drain();
  const row = await t.app.store.db
    .selectFrom('identities')
    .select('contact_id')
    .where('workspace_id', '=', workspaceId)
    .where('network', '=', network)
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return { id: row.contact_id, externalId };
}
const patch = (id: string, body: unknown, token = agent) => t.req('PATCH', `/api/v1/contacts/${id}`, { token, body });
const merge = (id: string, otherContactId: string, token = agent) => t.req('POST', `/api/v1/contacts/${id}/merge`, { token, body: { otherContactId } });
const events = (type: string) =>
  t.app.store.db.selectFrom('events').selectAll().where('workspace_id', '=', w.workspaceId).where('type', '=', type).orderBy('id').execute();

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other Co' });
  agent = (await buildMember(t, w.workspaceId, 'agent')).token;
  viewer = (await buildMember(t, w.workspaceId, 'viewer')).token;
  xCh = await apiChannel(w, 'x');
  igCh = await apiChannel(w, 'instagram');
});
afterAll(() => t.close());

describe(`contacts: update (${testDialect})`, () => {
  it('renames and patches attributes shallowly (null deletes) and appends contact.updated', async () => {
    const c = await contactFrom(xCh, 'x', 'Ana');
    let res = await patch(c.id, { attributes: { plan: 'gold', orders: 3, vip: true } });
    expect(res.status).toBe(200);
    res = await patch(c.id, { name: 'Ana Lima', attributes: { orders: 4, vip: null } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: c.id, name: 'Ana Lima', attributes: { plan: 'gold', orders: 4 } });
    const ev = (await events('contact.updated')).filter((e) => JSON.parse(e.data).contactId === c.id);
    expect(ev.map((e) => JSON.parse(e.data))).toEqual([
      { contactId: c.id, nameChanged: false, attributeKeys: ['orders', 'plan', 'vip'] },
      { contactId: c.id, nameChanged: true, attributeKeys: ['orders', 'vip'] },
    ]);
    expect(ev[0].actor_user_id).not.toBeNull();
  });

  it('answers bad attributes with 400s naming the field', async () => {
    const c = await contactFrom(xCh, 'x', 'Bea');
    const cases: Array<[unknown, string]> = [
      [{ attributes: { 'Bad-Key': 1 } }, 'attributes.Bad-Key'],
      [{ attributes: { note: 'x'.repeat(501) } }, 'attributes.note'],
      [{ attributes: { nested: { a: 1 } } }, 'attributes.nested'],
      [{ attributes: ['a'] }, 'attributes'],
      [{ name: '' }, 'name'],
      [{ color: 'red' }, '(body)'],
      [{}, '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await patch(c.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()).error;
      expect(err.code).toBe('invalid_request');
      expect(err.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    const res = await patch(c.id, { attributes: many });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual([expect.objectContaining({ field: 'attributes' })]);
    expect((await patch(c.id, { attributes: Object.fromEntries(Object.entries(many).slice(0, 50)) })).status).toBe(200);
  });

  it('lets viewers read but not write (403)', async () => {
    const c = await contactFrom(xCh, 'x', 'Cid');
    const d = await contactFrom(igCh, 'instagram', 'Cid');
    expect((await t.req('GET', `/api/v1/contacts/${c.id}`, { token: viewer })).status).toBe(200);
    const res = await patch(c.id, { name: 'Nope' }, viewer);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
    expect((await merge(c.id, d.id, viewer)).status).toBe(403);
  });

  it('answers 404 for a contact of another workspace, and changes nothing there', async () => {
    const foreign = await contactFrom(await apiChannel(other, 'x'), 'x', 'Dora', other.workspaceId);
    expect((await patch(foreign.id, { name: 'Hijacked' })).status).toBe(404);
    const row = await t.app.store.db.selectFrom('contacts').select('name').where('id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('Dora');
  });
});

describe(`contacts: merge (${testDialect})`, () => {
  it('moves identities and conversations to the survivor, combines attributes, and hides the other', async () => {
    const a = await contactFrom(xCh, 'x', undefined);
    const b = await contactFrom(igCh, 'instagram', 'Eva');
    await patch(a.id, { attributes: { plan: 'gold', city: 'Lisbon' } });
    await patch(b.id, { attributes: { plan: 'free', lang: 'pt' } });

    const res = await merge(a.id, b.id);
    expect(res.status).toBe(200);
    const body = await res.json();
    // The survivor had no name, so it takes the other's; its own attributes win conflicts.
    expect(body).toMatchObject({ id: a.id, name: 'Eva', attributes: { plan: 'gold', city: 'Lisbon', lang: 'pt' } });
    expect(body.identities.map((i: { network: string }) => i.network).sort()).toEqual(['instagram', 'x']);
    expect(body.conversations.map((c: { channelId: string }) => c.channelId).sort()).toEqual([xCh.channelId, igCh.channelId].sort());
    expect(body.mergedFrom).toEqual([expect.objectContaining({ id: b.id })]);

    const left = await t.app.store.db.selectFrom('conversations').select('id').where('contact_id', '=', b.id).execute();
    expect(left).toEqual([]);
    const gone = await t.req('GET', `/api/v1/contacts/${b.id}`, { token: agent });
    expect(gone.status).toBe(200);
    expect(await gone.json()).toEqual({ mergedInto: a.id });
    const list = await (await t.req('GET', '/api/v1/contacts?limit=100', { token: agent })).json();
    expect(list.items.some((i: { id: string }) => i.id === b.id)).toBe(false);
    const ev = (await events('contact.merged')).map((e) => JSON.parse(e.data));
    expect(ev).toContainEqual({ survivorId: a.id, mergedId: b.id, movedIdentities: 1, movedConversations: 1, mergeId: expect.any(String) });
  });

  it('keeps the survivor name and sends new messages from a merged identity to the survivor', async () => {
    const a = await contactFrom(xCh, 'x', 'Fay');
    const b = await contactFrom(igCh, 'instagram', 'Fay on IG');
    expect((await merge(a.id, b.id)).status).toBe(200);
    expect((await (await t.req('GET', `/api/v1/contacts/${a.id}`, { token: agent })).json()).name).toBe('Fay');

    const before = await t.app.store.db
      .selectFrom('conversations')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('contact_id', '=', a.id)
      .execute();
    // A new thread (comment) from the merged identity, and a DM on its existing thread.
    await deliver(t, igCh, buildInbound({ id: `after-${newId()}`, from: { id: b.externalId }, conversation: { kind: 'comment', item_id: 'post-77' } }));
    await deliver(t, igCh, buildInbound({ from: { id: b.externalId }, text: 'me again' }));
    await drain();
    const convs = await t.app.store.db
      .selectFrom('conversations')
      .select(['id', 'contact_id'])
      .where('workspace_id', '=', w.workspaceId)
      .where('channel_id', '=', igCh.channelId)
      .where('thread_key', 'like', `%${b.externalId}`)
      .execute();
    expect(convs).toHaveLength(2);
    expect(convs.every((c) => c.contact_id === a.id)).toBe(true);
    const after = await t.app.store.db
      .selectFrom('conversations')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('contact_id', '=', a.id)
      .execute();
    expect(after.length).toBe(before.length + 1);
    const stale = await t.app.store.db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('name', '=', 'Fay on IG')
      .where('merged_into_id', 'is', null)
      .execute();
    expect(stale).toEqual([]);
  });

  it('refuses to merge a contact into itself or to reuse a merged contact (409)', async () => {
    const a = await contactFrom(xCh, 'x', 'Gus');
    const b = await contactFrom(igCh, 'instagram', 'Gus');
    const c = await contactFrom(igCh, 'instagram', 'Gus again');
    const self = await merge(a.id, a.id);
    expect(self.status).toBe(409);
    expect((await self.json()).error.code).toBe('conflict');
    expect((await merge(a.id, b.id)).status).toBe(200);
    expect((await merge(c.id, b.id)).status).toBe(409);
    expect((await merge(b.id, c.id)).status).toBe(409);
    expect((await patch(b.id, { name: 'Ghost' })).status).toBe(409);
  });

  it('flattens merge chains so every tombstone points at the final survivor', async () => {
    const a = await contactFrom(xCh, 'x', 'Ida');
    const b = await contactFrom(igCh, 'instagram', 'Ida');
    const c = await contactFrom(igCh, 'instagram', 'Ida 2');
    expect((await merge(b.id, c.id)).status).toBe(200);
    expect((await merge(a.id, b.id)).status).toBe(200);
    expect(await (await t.req('GET', `/api/v1/contacts/${c.id}`, { token: agent })).json()).toEqual({ mergedInto: a.id });
    const survivor = await (await t.req('GET', `/api/v1/contacts/${a.id}`, { token: agent })).json();
    expect(survivor.identities).toHaveLength(3);
    expect(survivor.mergedFrom.map((m: { id: string }) => m.id).sort()).toEqual([b.id, c.id].sort());
  });

  it('answers 404 when either contact belongs to another workspace, and moves nothing', async () => {
    const mine = await contactFrom(xCh, 'x', 'Hal');
    const foreign = await contactFrom(await apiChannel(other, 'x'), 'x', 'Hal elsewhere', other.workspaceId);
    const r1 = await merge(mine.id, foreign.id);
    expect(r1.status).toBe(404);
    expect((await r1.json()).error.message).toMatch(/otherContactId/);
    expect((await merge(foreign.id, mine.id)).status).toBe(404);
    expect((await merge(mine.id, 'no-such-id')).status).toBe(404);
    const rows = await t.app.store.db.selectFrom('contacts').select(['id', 'merged_into_id']).where('id', 'in', [mine.id, foreign.id]).execute();
    expect(rows.every((r) => r.merged_into_id === null)).toBe(true);
    const ids = await t.app.store.db.selectFrom('identities').select('workspace_id').where('contact_id', '=', foreign.id).execute();
    expect(ids).toEqual([{ workspace_id: other.workspaceId }]);
  });

  it('validates the merge body', async () => {
    const a = await contactFrom(xCh, 'x', 'Ivy');
    const res = await t.req('POST', `/api/v1/contacts/${a.id}/merge`, { token: agent, body: { otherContactId: '' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual([expect.objectContaining({ field: 'otherContactId' })]);
  });
});
