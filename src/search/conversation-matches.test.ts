import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../intake/processor.js';
import { newId } from '../lib/ids.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
type Row = { id: string; contact: { name: string }; match: { field: string; snippet: string; highlight: Array<[number, number]> } | null };
const queue = async (q: string, token = w.token) => {
  const res = await t.req('GET', `/api/v1/conversations?q=${encodeURIComponent(q)}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()).conversations as Row[];
};
const marked = (m: Row['match']) => {
  if (!m) return null;
  let out = '';
  let at = 0;
  for (const [s, e] of m.highlight) {
    out += m.snippet.slice(at, s) + '[' + m.snippet.slice(s, e) + ']';
    at = e;
  }
  return out + m.snippet.slice(at);
};

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
  const ext = `ren-${newId()}`;
  await deliver(t, w, buildInbound({ from: { id: ext, name: 'Renée Okafor', handle: '@renee_ok' }, text: 'my parcel is late' }));
  await deliver(t, w, buildInbound({ from: { id: `x-${newId()}`, name: 'Someone Else' }, text: 'Renée told me to write: <img src=x onerror=alert(1)>' }));
  await deliver(t, other, buildInbound({ from: { id: `o-${newId()}`, name: 'Renée Foreign' }, text: 'hi' }));
  await drain();
  const id = (await t.app.store.db.selectFrom('identities').select('contact_id').where('external_id', '=', ext).executeTakeFirstOrThrow()).contact_id;
  const res = await t.req('PATCH', `/api/v1/contacts/${id}`, { token: w.token, body: { email: 'renee@shop.example', phone: '+33 6 12 34 56 78' } });
  expect(res.status).toBe(200);
});
afterAll(() => t.close());

describe(`conversation search by customer fields (${testDialect})`, () => {
  it('finds a conversation by the customer e-mail, phone and handle, saying what matched', async () => {
    const byEmail = await queue('renee@shop');
    expect(byEmail.map((r) => [r.contact.name, r.match?.field, marked(r.match)])).toEqual([['Renée Okafor', 'email', '[renee@shop].example']]);
    const byPhone = await queue('06 12 34');
    expect(byPhone.map((r) => [r.match?.field, marked(r.match)])).toEqual([['phone', '+33[61234]5678']]);
    const byHandle = await queue('renee_ok');
    expect(byHandle.map((r) => [r.match?.field, marked(r.match)])).toEqual([['handle', '@[renee_ok]']]);
  });

  it('finds by name and by message, a message match showing the snippet as plain text', async () => {
    const rows = await queue('renée');
    const byName = new Map(rows.map((r) => [r.contact.name, r.match]));
    expect([...byName.keys()].sort()).toEqual(['Renée Okafor', 'Someone Else']);
    expect(byName.get('Someone Else')).toMatchObject({ field: 'message' });
    // The hostile text comes back as the text it is; the client renders it as text.
    expect(marked(byName.get('Someone Else')!)).toBe('[Renée] told me to write: <img src=x onerror=alert(1)>');
    expect(marked(byName.get('Renée Okafor')!)).toBe('[Renée] Okafor');
  });

  it('never matches another workspace’s customers', async () => {
    expect((await queue('foreign')).length).toBe(0);
  });
});
