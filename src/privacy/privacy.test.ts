import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { mediaStoreFor } from '../media/storage.js';
import { computeMetrics } from '../metrics/compute-metrics.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

// Strings only the erased person's data holds: after erasure none may be found in any table.
const NAME = 'Zelda Quuxworth';
const OLD_NAME = 'Zelda Q. (old account)';
const SECRET = 'flat 7B Rua Augusta 1234-567';
const EXTERNAL = 'cust-zelda-77123';
const OLD_EXTERNAL = 'cust-zeldaold-55410';
const EMAIL = 'zelda.quux@example.org';
const NOTE = 'Zelda called twice about the Augusta flat';
const OTHER_TEXT = 'My toaster from order 5521 is broken';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);

let t: TestApp;
let w: TestWorkspace;
let contactId: string;
let otherContactId: string;
let mediaKey: string;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  const send = async (ev: Record<string, unknown>) => expect((await deliver(t, w, buildInbound(ev))).status).toBe(200);
  await send({ from: { id: EXTERNAL, name: NAME, handle: '@zeldaq' }, text: `Please send it to ${SECRET}` });
  await send({ from: { id: EXTERNAL, name: NAME, handle: '@zeldaq' }, text: 'Any news?' });
  await send({ from: { id: OLD_EXTERNAL, name: OLD_NAME }, text: `Old account here, ${SECRET}` });
  await send({ from: { id: 'cust-someone-else-1', name: 'Bruno Other' }, text: OTHER_TEXT });
  while ((await processJournalBatch(t.app)) > 0);
  const contacts = (await (await t.req('GET', '/api/v1/contacts', { token: w.token })).json()).items as Array<{ id: string; name: string }>;
  contactId = contacts.find((c) => c.name === NAME)!.id;
  otherContactId = contacts.find((c) => c.name === 'Bruno Other')!.id;
  const old = contacts.find((c) => c.name === OLD_NAME)!.id;
  expect((await t.req('POST', `/api/v1/contacts/${contactId}/merge`, { token: w.token, body: { otherContactId: old } })).status).toBe(200);
  expect((await t.req('PATCH', `/api/v1/contacts/${contactId}`, { token: w.token, body: { attributes: { email: EMAIL } } })).status).toBe(200);

  // a file she sent, as the media job stores it; a reply and an internal note in her conversation
  const conv = (await t.app.store.db.selectFrom('conversations').select('id').where('contact_id', '=', contactId).executeTakeFirstOrThrow()).id;
  mediaKey = await mediaStoreFor(t.config).put(PNG, 'image/png');
  const first = await t.app.store.db
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', conv)
    .where('direction', '=', 'in')
    .executeTakeFirstOrThrow();
  const attachment = { type: 'image', url: 'https://cdn.example.com/label.png', stored: mediaKey, size: PNG.byteLength, contentType: 'image/png' };
  await t.app.store.db
    .updateTable('messages')
    .set({ attachments: JSON.stringify([attachment]) })
    .where('id', '=', first.id)
    .execute();
  const reply = await t.req('POST', `/api/v1/conversations/${conv}/replies`, { token: w.token, body: { text: `Shipping to ${SECRET}` } });
  expect(reply.status).toBeLessThan(300);
  expect((await t.req('POST', `/api/v1/conversations/${conv}/notes`, { token: w.token, body: { text: NOTE } })).status).toBeLessThan(300);
});
afterAll(() => t?.close());

/** Every row of every table of this database, as text (blobs as latin1, so FTS index pages are searched too). */
async function everything(): Promise<Map<string, string>> {
  const db = t.app.store.db;
  const schema = t.db.config.kind === 'postgres' ? t.db.config.schema : undefined;
  const tables = (await db.introspection.getTables()).filter((x) => !schema || x.schema === schema).map((x) => x.name);
  if (t.db.config.kind === 'sqlite') {
    const shadow = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search_docs%'`.execute(db);
    tables.push(...shadow.rows.map((r) => r.name));
  }
  const out = new Map<string, string>();
  for (const name of new Set(tables)) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
    out.set(
      name,
      JSON.stringify(rows.rows, (_k, v) => (v && typeof v === 'object' && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v)),
    );
  }
  return out;
}
const tablesHolding = (all: Map<string, string>, needle: string) => [...all].filter(([, text]) => text.includes(needle)).map(([name]) => name);

function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry) =>
        zip.openReadStream(entry, (e, s) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(files));
      zip.readEntry();
    });
  });
}

describe(`export and erasure of a person (${testDialect})`, () => {
  it('exports everything about the person — merged accounts, messages, replies, notes, files — as a ZIP, for admins only, audited', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('GET', `/api/v1/contacts/${contactId}/export`, { token: agent.token })).status).toBe(403);
    const res = await t.req('GET', `/api/v1/contacts/${contactId}/export`, { token: w.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    const data = JSON.parse(files.get('data.json')!.toString('utf8'));
    expect(data.contact).toMatchObject({ id: contactId, name: NAME, attributes: { email: EMAIL } });
    expect(data.contact.mergedFrom.map((c: any) => c.name)).toEqual([OLD_NAME]);
    expect(data.identities.map((i: any) => i.id).sort()).toEqual([EXTERNAL, OLD_EXTERNAL].sort());
    const texts = data.conversations.flatMap((c: any) => c.messages.map((m: any) => `${m.kind}: ${m.text}`));
    expect(texts).toEqual(
      expect.arrayContaining([
        `message: Please send it to ${SECRET}`,
        `message: Old account here, ${SECRET}`,
        `reply: Shipping to ${SECRET}`,
        `internal note: ${NOTE}`,
      ]),
    );
    expect(JSON.stringify(data)).not.toContain(OTHER_TEXT);
    const file = data.conversations.flatMap((c: any) => c.messages.flatMap((m: any) => m.attachments)).find((a: any) => a.file);
    expect(file.file).toBe(`attachments/${mediaKey}.png`);
    expect(new Uint8Array(files.get(file.file)!)).toEqual(PNG);
    expect(files.get('README.txt')!.toString()).toMatch(/everything the support team's Hearken workspace stores/);
    const audit = (await (await t.req('GET', '/api/v1/audit?action=contact.exported', { token: w.token })).json()).items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'contact.exported', targetId: contactId, actor: expect.stringContaining('Olivia Owner') });
  });

  it('erases the person from every table and the files, keeps the metrics exactly, and audits it without their data', async () => {
    while ((await runDueJobs(t.app)) > 0); // the reply's send settles first: the comparison is about erasure only
    const metrics = () => computeMetrics(t.app, { workspaceId: w.workspaceId, by: ['channel'], time: 'calendar', from: '2000-01-01', to: '2100-01-01' });
    const before = await metrics();
    const all = await everything();
    for (const needle of [NAME, SECRET, EXTERNAL, OLD_EXTERNAL, EMAIL, NOTE]) expect(tablesHolding(all, needle).length).toBeGreaterThan(0);
    expect(await mediaStoreFor(t.config).get(mediaKey)).not.toBeNull();

    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('POST', `/api/v1/contacts/${contactId}/erase`, { token: agent.token, body: { confirm: 'ERASE' } })).status).toBe(403);
    const unconfirmed = await t.req('POST', `/api/v1/contacts/${contactId}/erase`, { token: w.token, body: {} });
    expect(unconfirmed.status).toBe(400);
    expect((await unconfirmed.json()).error.message).toMatch(/ERASE/);
    const res = await t.req('POST', `/api/v1/contacts/${contactId}/erase`, { token: w.token, body: { confirm: 'ERASE' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ contactId, contacts: 2, identities: 2, conversations: 2, messages: 5 });
    while ((await runDueJobs(t.app)) > 0);

    const after = await everything();
    for (const needle of [NAME, OLD_NAME, SECRET, EXTERNAL, OLD_EXTERNAL, EMAIL, NOTE, '@zeldaq'])
      expect([needle, tablesHolding(after, needle)]).toEqual([needle, []]);
    expect(tablesHolding(after, OTHER_TEXT).length).toBeGreaterThan(0);
    expect(await mediaStoreFor(t.config).get(mediaKey)).toBeNull();
    expect((await metrics()).total).toEqual(before.total);
    expect((await metrics()).rows).toEqual(before.rows);

    const contact = await (await t.req('GET', `/api/v1/contacts/${contactId}`, { token: w.token })).json();
    expect(contact).toMatchObject({ name: null, attributes: {}, identities: [], erasedAt: expect.any(Number) });
    const conv = contact.conversations[0];
    const thread = await (await t.req('GET', `/api/v1/conversations/${conv.id}`, { token: w.token })).json();
    expect(thread.messages.every((m: any) => m.erased && m.body === '' && m.attachments.length === 0)).toBe(true);
    expect((await (await t.req('GET', `/api/v1/contacts/${otherContactId}`, { token: w.token })).json()).name).toBe('Bruno Other');

    const audit = (await (await t.req('GET', '/api/v1/audit?action=contact.', { token: w.token })).json()).items;
    expect(audit.map((a: any) => a.action)).toEqual(['contact.erased', 'contact.exported']);
    expect(audit[0].data).toMatchObject({ conversations: 2, messages: 5, identities: 2 });
    expect((await t.req('POST', `/api/v1/contacts/${contactId}/erase`, { token: w.token, body: { confirm: 'ERASE' } })).status).toBe(409);
  });

  it('someone writing again from an erased account is a new contact', async () => {
    expect((await deliver(t, w, buildInbound({ from: { id: EXTERNAL, name: NAME }, text: 'Hello again' }))).status).toBe(200);
    while ((await processJournalBatch(t.app)) > 0);
    const id = await t.app.store.db.selectFrom('identities').select('contact_id').where('external_id', '=', EXTERNAL).executeTakeFirstOrThrow();
    expect(id.contact_id).not.toBe(contactId);
  });

  it('exports the audit log as CSV for admins, and records the export', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('GET', '/api/v1/audit', { token: agent.token })).status).toBe(403);
    const res = await t.req('GET', '/api/v1/audit/export.csv', { token: w.token });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('time,actor,action,target type,target id,details');
    expect(lines.some((l) => l.includes(',contact.erased,contact,'))).toBe(true);
    const bad = await t.req('GET', '/api/v1/audit?from=yesterday', { token: w.token });
    expect(bad.status).toBe(400);
    const entries = (await (await t.req('GET', '/api/v1/audit?action=audit.exported', { token: w.token })).json()).items;
    expect(entries).toHaveLength(1);
  });
});
