import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { newId } from '../lib/ids.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
let agent: string;

const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
const req = (method: string, url: string, body?: unknown, token = w.token) => t.req(method, url, { token, ...(body !== undefined ? { body } : {}) });
const json = async (method: string, url: string, body?: unknown, token = w.token) => {
  const res = await req(method, url, body, token);
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
};

/** A contact made by a customer writing in on the API channel. */
async function customer(name: string, text = 'hello') {
  const externalId = `c-${newId()}`;
  await deliver(t, w, buildInbound({ from: { id: externalId, name, handle: `@${externalId}` }, text }));
  await drain();
  const row = await t.app.store.db.selectFrom('identities').select('contact_id').where('external_id', '=', externalId).executeTakeFirstOrThrow();
  return { id: row.contact_id, handle: `@${externalId}` };
}
const names = async (q: string) =>
  ((await json('GET', `/api/v1/contacts?q=${encodeURIComponent(q)}`)).body.items as Array<{ name: string }>).map((i) => i.name).sort();

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  agent = (await buildMember(t, w.workspaceId, 'agent')).token;
});
afterAll(() => t.close());

describe(`contacts directory (${testDialect})`, () => {
  it('defines attributes and checks contact values against their type', async () => {
    const plan = await json('POST', '/api/v1/contact-attributes', { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ key: 'plan', type: 'select', options: ['free', 'pro'] });
    expect((await json('POST', '/api/v1/contact-attributes', { key: 'since', label: 'Customer since', type: 'date' })).status).toBe(200);
    expect((await json('POST', '/api/v1/contact-attributes', { key: 'orders', label: 'Orders', type: 'number' })).status).toBe(200);
    // Bad definitions: a select without options, a reserved key, a duplicate key, an agent.
    expect((await json('POST', '/api/v1/contact-attributes', { key: 'tier', label: 'Tier', type: 'select' })).body.error.fields).toEqual([
      expect.objectContaining({ field: 'options' }),
    ]);
    expect((await json('POST', '/api/v1/contact-attributes', { key: 'email', label: 'E', type: 'text' })).status).toBe(400);
    expect((await json('POST', '/api/v1/contact-attributes', { key: 'plan', label: 'Again', type: 'text' })).status).toBe(409);
    expect((await json('POST', '/api/v1/contact-attributes', { key: 'x1', label: 'X', type: 'text' }, agent)).status).toBe(403);
    const defs = (await json('GET', '/api/v1/contact-attributes', undefined, agent)).body.items;
    expect(defs.map((d: { key: string }) => d.key)).toEqual(['orders', 'plan', 'since']);

    const c = await customer('Typed Tess');
    const bad = await json('PATCH', `/api/v1/contacts/${c.id}`, { attributes: { plan: 'gold', since: '2026-02-30', orders: 'many' } }, agent);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['attributes.orders', 'attributes.plan', 'attributes.since']);
    const good = await json('PATCH', `/api/v1/contacts/${c.id}`, { attributes: { plan: 'pro', since: '2026-02-28', orders: '3', free_note: 'ok' } }, agent);
    expect(good.status).toBe(200);
    expect(good.body.attributes).toEqual({ plan: 'pro', since: '2026-02-28', orders: 3, free_note: 'ok' });
  });

  it('stores e-mail and phone normalised and finds contacts by name, handle, e-mail and phone', async () => {
    const c = await customer('Marta Search');
    const other = await customer('Otto Else');
    const res = await json('PATCH', `/api/v1/contacts/${c.id}`, { email: '  Marta@Example.COM ', phone: '+1 (415) 555-0134' }, agent);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'marta@example.com', phone: '+14155550134' });
    const bad = await json('PATCH', `/api/v1/contacts/${other.id}`, { email: 'not-an-email', phone: '555 0134' }, agent);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'phone']);
    expect(await names('marta@example')).toEqual(['Marta Search']);
    expect(await names('(415) 555-0134')).toEqual(['Marta Search']);
    expect(await names('5550134')).toEqual(['Marta Search']);
    expect(await names(c.handle)).toEqual(['Marta Search']);
    expect(await names('marta sea')).toEqual(['Marta Search']);
    const page = (await json('GET', `/api/v1/contacts?q=marta`)).body.items[0];
    expect(page).toMatchObject({ conversationCount: 1, email: 'marta@example.com', phone: '+14155550134' });
  });

  it('exports contacts as CSV and imports good rows, reporting bad ones without applying them', async () => {
    const c = await customer('Csv Carla');
    await req('PATCH', `/api/v1/contacts/${c.id}`, { email: 'carla@example.com', attributes: { plan: 'free' } });
    const exp = await req('GET', '/api/v1/contacts/export?q=carla');
    expect(exp.status).toBe(200);
    expect(exp.headers.get('content-type')).toContain('text/csv');
    const text = await exp.text();
    const [header, line] = text.trim().split('\r\n');
    expect(header).toBe('id,name,email,phone,accounts,conversations,created_at,orders,plan,since');
    expect(line).toContain(`${c.id},Csv Carla,carla@example.com,,api:${c.handle},1,`);
    expect((await req('GET', '/api/v1/contacts/export', undefined, agent)).status).toBe(403);

    // Back in with a change, plus a new contact, plus bad rows.
    const csv = [
      header,
      line!.replace(',free', ',pro'),
      ',New Nina,nina@example.com,+44 20 7946 0958,,,,2,free,2026-01-05',
      ',Bad Bob,bob@,,,,,x,gold,',
      ',,,,,,,,,',
      ',Dup Nina,NINA@example.com,,,,,,,',
    ].join('\r\n');
    const preview = await json('POST', '/api/v1/contacts/import', { csv, dryRun: true }, agent);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ applied: false, rows: 5, created: 1, updated: 1 });
    expect(preview.body.mapping).toMatchObject({ id: 'id', name: 'name', plan: 'attributes.plan', accounts: 'ignore' });
    expect(preview.body.failed).toEqual([
      {
        row: 4,
        errors: [expect.stringContaining('e-mail'), expect.stringContaining('Orders must be a number'), expect.stringContaining('Plan must be one of')],
      },
      { row: 5, errors: ['a new contact needs a name, e-mail or phone'] },
      { row: 6, errors: ['the same e-mail as row 3'] },
    ]);
    expect((await json('GET', '/api/v1/contacts?q=nina')).body.items).toEqual([]);
    const done = await json('POST', '/api/v1/contacts/import', { csv }, agent);
    expect(done.body).toMatchObject({ applied: true, created: 1, updated: 1 });
    expect((await json('GET', `/api/v1/contacts/${c.id}`)).body.attributes).toMatchObject({ plan: 'pro' });
    const nina = (await json('GET', '/api/v1/contacts?q=nina@example.com')).body.items;
    expect(nina).toEqual([expect.objectContaining({ name: 'New Nina', phone: '+442079460958', attributes: { orders: 2, plan: 'free', since: '2026-01-05' } })]);
    expect(await names('bob')).toEqual([]);
    const ev = await t.app.store.db
      .selectFrom('events')
      .select('data')
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'contacts.imported')
      .execute();
    expect(ev.map((e) => JSON.parse(e.data))).toEqual([{ created: 1, updated: 1, failed: 3, rows: 5 }]);
    // Matching by e-mail updates instead of duplicating.
    const again = await json('POST', '/api/v1/contacts/import', { csv: 'Full Name,E-mail\r\nNina N.,nina@example.com\r\n' }, agent);
    expect(again.body).toMatchObject({ created: 0, updated: 1, failed: [] });
    expect(await names('nina')).toEqual(['Nina N.']);
  });

  it('refuses files it cannot take, whole', async () => {
    expect((await json('POST', '/api/v1/contacts/import', { csv: '' }, agent)).status).toBe(400);
    const big = 'name\r\n' + 'x\r\n'.repeat(5001);
    const res = await json('POST', '/api/v1/contacts/import', { csv: big }, agent);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'csv' })]);
    const badMap = await json('POST', '/api/v1/contacts/import', { csv: 'a,b\r\n1,2\r\n', mapping: { a: 'name', b: 'name' } }, agent);
    expect(badMap.status).toBe(400);
    expect((await json('POST', '/api/v1/contacts/import', { csv: 'name\r\nViewer\r\n' }, (await buildMember(t, w.workspaceId, 'viewer')).token)).status).toBe(
      403,
    );
  });

  it('lists possible duplicates with what tells them apart, merges and unmerges back to two contacts', async () => {
    const a = await customer('Pat Twin', 'from A');
    const b = await customer('pat twin', 'from B');
    await req('PATCH', `/api/v1/contacts/${a.id}`, { attributes: { plan: 'pro' } });
    await req('PATCH', `/api/v1/contacts/${b.id}`, { email: 'pat@example.com', attributes: { plan: 'free', orders: 7 } });
    const dups = (await json('GET', `/api/v1/contacts/${a.id}/duplicates`, undefined, agent)).body.items;
    expect(dups).toEqual([
      expect.objectContaining({
        id: b.id,
        reasons: ['name'],
        conversationCount: 1,
        lastMessagePreview: 'from B',
        identities: [expect.objectContaining({ network: 'api' })],
      }),
    ]);
    const merged = await json('POST', `/api/v1/contacts/${a.id}/merge`, { otherContactId: b.id }, agent);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ email: 'pat@example.com', attributes: { plan: 'pro', orders: 7 } });
    expect(merged.body.conversations).toHaveLength(2);
    const mergeId = merged.body.mergedFrom[0].mergeId;
    expect(mergeId).toEqual(expect.any(String));
    // An edit after the merge is kept by the unmerge.
    await req('PATCH', `/api/v1/contacts/${a.id}`, { attributes: { orders: 8 } });

    const un = await json('POST', `/api/v1/contacts/${a.id}/unmerge`, { mergeId }, agent);
    expect(un.status).toBe(200);
    expect(un.body).toMatchObject({ email: null, attributes: { plan: 'pro', orders: 8 }, mergedFrom: [] });
    expect(un.body.conversations.map((c: { lastMessagePreview: string }) => c.lastMessagePreview)).toEqual(['from A']);
    const back = (await json('GET', `/api/v1/contacts/${b.id}`)).body;
    expect(back).toMatchObject({ id: b.id, name: 'pat twin', email: 'pat@example.com', attributes: { plan: 'free', orders: 7 } });
    expect(back.conversations.map((c: { lastMessagePreview: string }) => c.lastMessagePreview)).toEqual(['from B']);
    expect(back.identities).toHaveLength(1);
    expect((await json('POST', `/api/v1/contacts/${a.id}/unmerge`, { mergeId }, agent)).status).toBe(409);
    expect((await json('POST', `/api/v1/contacts/${a.id}/unmerge`, { mergeId: 'nope' }, agent)).status).toBe(404);
    const ev = await t.app.store.db
      .selectFrom('events')
      .select('data')
      .where('workspace_id', '=', w.workspaceId)
      .where('type', '=', 'contact.unmerged')
      .execute();
    expect(JSON.parse(ev[0]!.data)).toEqual({ survivorId: a.id, restoredId: b.id, mergeId, movedIdentities: 1, movedConversations: 1 });
  });
});
