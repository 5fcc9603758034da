import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupMeta, type MetaSetup } from '../channels/meta/testing/test-helpers.js';
import { deliver, buildInbound } from '../test/app.js';
import { testDialect } from '../test/store.js';

/**
 * Hostile bytes are data (DESIGN.md): NUL and lone surrogates, however they arrive, are cleaned at
 * the boundary (lib/clean-text.ts) and the delivery is stored the same way on both databases.
 * PostgreSQL cannot store U+0000 in text, so before the boundary cleaned it whole deliveries failed there.
 */
const PAGE = '1000000077';
let s: MetaSetup;
let siteKey: string;
beforeAll(async () => {
  s = await setupMeta('messenger', PAGE);
  const res = await s.t.req('POST', '/api/v1/channels', {
    token: s.w.token,
    body: { type: 'site', name: 'Shop chat', settings: { allowedOrigins: ['https://shop.example.com'] } },
  });
  expect(res.status).toBe(201);
  siteKey = (await res.json()).id;
});
afterAll(() => s.close());

const bodiesOf = async (channelId: string) =>
  (await s.db.selectFrom('messages').select('body').where('channel_id', '=', channelId).orderBy('created_at').orderBy('id').execute()).map((m) => m.body);
const journalOf = (id: number) => s.db.selectFrom('journal').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe(`NUL and lone surrogates at the boundary (${testDialect})`, () => {
  it('a Meta batch where one customer wrote \\u0000 stores all three customers, the text cleaned', async () => {
    const dm = (psid: string, text: string) => ({
      sender: { id: psid },
      recipient: { id: PAGE },
      timestamp: Date.now(),
      message: { mid: `m_nul_${psid}`, text },
    });
    const body = {
      object: 'page',
      entry: [
        { id: PAGE, time: Date.now(), messaging: [dm('7001', 'Hello there'), dm('7002', 'Where\u0000 is my order? \ud83d'), dm('7003', 'Xin chào')] },
        {
          id: PAGE,
          time: Date.now(),
          changes: [
            {
              field: 'feed',
              value: {
                from: { id: '7004', name: 'Zo\u0000ë \udc00' },
                post_id: `${PAGE}_1`,
                comment_id: `${PAGE}_1_77`,
                parent_id: `${PAGE}_1`,
                message: 'nice\u0000',
                item: 'comment',
                verb: 'add',
                created_time: Math.floor(Date.now() / 1000),
              },
            },
          ],
        },
      ],
    };
    const res = await s.deliver(body);
    expect(res.status).toBe(200);
    await s.drain();
    const entry = await journalOf((await res.json()).journalId);
    expect({ status: entry.status, error: entry.error }).toEqual({ status: 'processed', error: null });
    expect((await s.conversations()).map((c) => c.thread_key.split(':').pop()).sort()).toEqual(['7001', '7002', '7003', '7004']);
    expect(await bodiesOf(s.channel.id)).toEqual(['Hello there', 'Where is my order? \ufffd', 'Xin chào', 'nice']);
    const commenter = await s.db
      .selectFrom('identities')
      .innerJoin('contacts', 'contacts.id', 'identities.contact_id')
      .select('contacts.name')
      .where('identities.external_id', '=', '7004')
      .executeTakeFirstOrThrow();
    expect(commenter.name).toBe('Zoë \ufffd');
  });

  it('a raw NUL byte in a signed webhook body is journaled (cleaned) and processed, not refused', async () => {
    const body = JSON.stringify(buildInbound({ from: { id: 'raw-nul' }, text: 'RAWNUL' })).replace('RAWNUL', 'raw\0 nul');
    expect(body).toContain('\0');
    const res = await deliver(s.t, s.w, body);
    expect(res.status).toBe(200);
    const entry = await journalOf((await res.json()).journalId);
    expect(entry.body).not.toContain('\0');
    await s.drain();
    expect((await journalOf(entry.id)).status).toBe('processed');
    expect(await bodiesOf(s.w.channelId)).toContain('raw nul');
  });

  it('the site chat keeps a visitor message carrying \\u0000, cleaned', async () => {
    const visitor = (path: string, body: unknown, token?: string) =>
      s.t.req('POST', `/site/v1/${siteKey}${path}`, { body, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const { token } = await (await visitor('/session', {})).json();
    const sent = await visitor('/messages', { clientId: 'client-nul-0001', text: 'help\u0000 me \ud800please' }, token);
    expect(sent.status).toBe(202);
    // Nothing left once cleaned is an empty message: refused like one.
    const empty = await visitor('/messages', { clientId: 'client-nul-0002', text: '\u0000\u0000' }, token);
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.fields[0].field).toBe('text');
    await s.drain();
    expect(await bodiesOf(siteKey)).toEqual(['help me \ufffdplease']);
  });
});
