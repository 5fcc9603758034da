import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../test/store.js';
import { graphError } from './testing/fake-graph.js';
import { setupMeta, TOKEN, type MetaSetup } from './testing/test-helpers.js';

const PHONE = '106540352242922';
let s: MetaSetup;
beforeAll(async () => {
  s = await setupMeta('whatsapp', PHONE);
});
afterAll(() => s.close());

let seq = 0;
const wa = (value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        { field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE }, ...value } },
      ],
    },
  ],
});
const text = (from: string, body: string) => ({ from, id: `wamid.T${++seq}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body } });
const convOf = async (waId: string) => (await s.conversations()).find((c) => c.thread_key.endsWith(`:dm:${waId}`))!;
const here = path.dirname(fileURLToPath(import.meta.url));

describe(`WhatsApp Cloud API channel (${testDialect})`, () => {
  it('messages of every documented type land in one conversation per wa_id, once', async () => {
    const body = readFileSync(path.join(here, 'fixtures', 'whatsapp_messages.json'), 'utf8');
    expect((await s.deliver(body)).status).toBe(200);
    expect((await s.deliver(body)).status).toBe(200); // WhatsApp retries for days: deduplicated on the wamid
    await s.drain();
    const conv = await convOf('16505551234');
    expect((await s.messages(conv.id)).map((m) => m.body)).toEqual([
      'The box was crushed',
      'Yes, refund',
      'Size M',
      '👍',
      'Main store, 1 Hacker Way, Menlo Park, CA 94025',
    ]);
    const contact = await s.db.selectFrom('contacts').selectAll().where('id', '=', conv.contact_id).executeTakeFirstOrThrow();
    expect(contact.name).toBe('Sheena Nelson');
  });

  it('a reply is sent as a text message and its statuses move it forward; a failure carries the WhatsApp error', async () => {
    await s.deliver(wa({ contacts: [{ wa_id: '15551230001', profile: { name: 'Ana' } }], messages: [text('15551230001', 'Oi, meu pedido?')] }));
    await s.drain();
    const conv = await convOf('15551230001');
    const { message } = await (await s.reply(conv.id, { text: 'Olá! Vou verificar.' })).json();
    const n = s.fake.requests.length;
    await s.runJobs();
    expect(s.fake.requests[n]).toMatchObject({
      path: `/v21.0/${PHONE}/messages`,
      authorization: `Bearer ${TOKEN}`,
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '15551230001',
        type: 'text',
        text: { preview_url: false, body: 'Olá! Vou verificar.' },
      },
    });
    const wamid = (await s.message(message.id)).external_id!;
    expect(wamid).toMatch(/^wamid\./);
    const st = (status: string, extra: Record<string, unknown> = {}) => ({
      id: wamid,
      status,
      timestamp: String(Math.floor(Date.now() / 1000)),
      recipient_id: '15551230001',
      ...extra,
    });
    // out of order: read before delivered must not move back
    await s.deliver(wa({ statuses: [st('sent'), st('read'), st('delivered')] }));
    await s.drain();
    expect((await s.message(message.id)).delivery_status).toBe('read');
    const second = (await (await s.reply(conv.id, { text: 'Segundo' })).json()).message;
    await s.runJobs();
    const w2 = (await s.message(second.id)).external_id!;
    await s.deliver(
      wa({ statuses: [{ id: w2, status: 'failed', timestamp: '1', recipient_id: '15551230001', errors: [{ code: 131026, title: 'Message undeliverable' }] }] }),
    );
    await s.drain();
    expect(await s.message(second.id)).toMatchObject({ delivery_status: 'failed', delivery_error: expect.stringMatching(/131026.*undeliverable/) });
  });

  it('outside the 24-hour window a free-form reply is refused before sending, naming templates', async () => {
    await s.deliver(wa({ messages: [text('15551230002', 'hello')] }));
    await s.drain();
    const conv = await convOf('15551230002');
    await s.age(conv.id, 25 * 3600_000);
    const n = s.fake.requests.length;
    const res = await s.reply(conv.id, { text: 'Sorry for the delay' });
    expect(res.status).toBe(422);
    const err = (await res.json()).error;
    expect(err.code).toBe('window_closed');
    expect(err.message).toMatch(/template/);
    expect(s.fake.requests.length).toBe(n);
  });

  it('rate limits 130429 and 131056 are retried with backoff, never dropped; a permanent refusal fails', async () => {
    await s.deliver(wa({ messages: [text('15551230003', 'quick question')] }));
    await s.drain();
    const conv = await convOf('15551230003');
    for (const [code, minDelay] of [
      [130429, 1500],
      [131056, 5000],
    ] as const) {
      s.fake.setResponder(() =>
        graphError(
          400,
          code,
          code === 130429 ? '(#130429) Rate limit hit' : '(#131056) (Business Account, Consumer Account) pair rate limit hit',
          'OAuthException',
          undefined,
          'Too many messages',
        ),
      );
      const { message } = await (await s.reply(conv.id, { text: `try ${code}` })).json();
      await s.runJobs();
      expect(await s.message(message.id)).toMatchObject({ delivery_status: 'queued', delivery_error: expect.stringContaining(String(code)) });
      const job = await s.db.selectFrom('jobs').selectAll().where('payload', 'like', `%${message.id}%`).executeTakeFirstOrThrow();
      expect(job.status).toBe('pending');
      expect(job.run_at - Date.now()).toBeGreaterThanOrEqual(minDelay);
      s.fake.setResponder(() => undefined);
      await s.dueNow();
      await s.runJobs();
      expect((await s.message(message.id)).delivery_status).toBe('sent');
    }
    s.fake.setResponder(() =>
      graphError(400, 131047, 'Re-engagement message', 'OAuthException', undefined, 'More than 24 hours have passed since the recipient last replied'),
    );
    const { message } = await (await s.reply(conv.id, { text: 'late' })).json();
    await s.runJobs();
    expect(await s.message(message.id)).toMatchObject({ delivery_status: 'failed', delivery_error: expect.stringMatching(/131047.*template/) });
    s.fake.setResponder(() => undefined);
  });
});
