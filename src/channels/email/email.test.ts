import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildWorkspace, pollArgs, type TestApp, type TestWorkspace } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { processJournalBatch } from '../../intake/processor.js';
import { runDueJobs } from '../../jobs/run-due.js';
import { pollOnce } from './poll.js';
import { startTestImap, startTestSmtp } from './testing/test-servers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const eml = (name: string) => readFileSync(path.join(here, 'fixtures', name), 'utf8').replace(/\r?\n/g, '\r\n');
const ADDRESS = 'support@acme.example';
const PASSWORD = 'correct-mailbox-password';

describe(`email end to end: IMAP in, SMTP out (${testDialect})`, () => {
  let t: TestApp;
  let w: TestWorkspace;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let imap: Awaited<ReturnType<typeof startTestImap>>;
  let channelId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorkspace(t);
    smtp = await startTestSmtp({ user: ADDRESS, pass: PASSWORD });
    imap = await startTestImap({ user: ADDRESS, pass: PASSWORD });
    const res = await t.req('POST', '/api/v1/channels', {
      token: w.token,
      body: {
        type: 'email',
        name: 'Support mailbox',
        settings: {
          address: ADDRESS,
          fromName: 'Acme Support',
          imapHost: '127.0.0.1',
          imapPort: imap.port,
          imapSecurity: 'none',
          smtpHost: '127.0.0.1',
          smtpPort: smtp.port,
          smtpSecurity: 'none',
          password: PASSWORD,
        },
      },
    });
    expect(res.status).toBe(201);
    channelId = (await res.json()).id;
    const row = await load();
    expect(row.settings).not.toContain(PASSWORD);
    expect(row.secrets_enc).not.toContain(PASSWORD);
  });
  afterAll(async () => {
    await smtp?.close();
    await imap?.close();
    await t?.close();
  });

  const load = () => t.app.store.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
  const drain = async () => {
    while ((await processJournalBatch(t.app)) > 0);
  };
  const poll = async () => {
    const r = await pollOnce(...pollArgs(t.app, await load()));
    await drain();
    return r;
  };
  const msgByExt = (ext: string) =>
    t.app.store.db.selectFrom('messages').selectAll().where('channel_id', '=', channelId).where('external_id', '=', ext).execute();
  const count = async () => (await t.app.store.db.selectFrom('messages').select('id').where('channel_id', '=', channelId).execute()).length;
  const reply = async (convId: string, text: string) => {
    const res = await t.req('POST', `/api/v1/conversations/${convId}/replies`, { token: w.token, body: { text } });
    return { status: res.status, json: await res.json() };
  };
  const msg = (id: string) => t.app.store.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  let convId = '';
  let replyMessageId = '';

  it("nothing may post mail into an email channel's webhook", async () => {
    const res = await t.http.request(`/webhooks/${channelId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });

  it('polls new mail into a conversation with its subject; quotes and signature trimmed, the raw message journaled', async () => {
    await imap.deliver(eml('first_contact.eml'));
    expect(await poll()).toEqual({ fetched: 1 });
    const [m] = await msgByExt('<CAFx1stContact001@mail.example.com>');
    expect(m!.body).toBe('Hello,\n\nI ordered a kettle two weeks ago (order A-7781) and it never arrived.\nCan you check?');
    const conv = await t.app.store.db.selectFrom('conversations').selectAll().where('id', '=', m!.conversation_id).executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ kind: 'email', visibility: 'private', subject: 'Order A-7781 never arrived', status: 'open' });
    convId = conv.id;
    const j = await t.app.store.db.selectFrom('journal').selectAll().where('channel_id', '=', channelId).executeTakeFirstOrThrow();
    expect(Buffer.from(JSON.parse(j.body).raw, 'base64').toString()).toContain('Sent from my phone');
    expect(JSON.parse((await load()).settings)).toMatchObject({ imapUidValidity: expect.any(String), imapLastUid: 1 });
  });

  it('a reply goes out by SMTP with In-Reply-To, References and a Message-ID that becomes its external id', async () => {
    const r = await reply(convId, 'Hi Ana, sorry about that! Could you confirm your address?');
    expect(r.status).toBe(201);
    await runDueJobs(t.app);
    const m = await msg(r.json.message.id);
    expect(m.delivery_status).toBe('sent');
    const sent = smtp.received.at(-1)!;
    expect(sent.to).toEqual(['ana.lima@example.com']);
    expect(sent.from).toBe(ADDRESS);
    expect(sent.parsed.subject).toBe('Re: Order A-7781 never arrived');
    expect(sent.parsed.inReplyTo).toBe('<CAFx1stContact001@mail.example.com>');
    expect(sent.parsed.references).toBe('<CAFx1stContact001@mail.example.com>');
    expect(sent.parsed.messageId).toBe(`<${m.id}@acme.example>`);
    expect(sent.parsed.from?.value[0]).toEqual({ address: ADDRESS, name: 'Acme Support' });
    expect(sent.parsed.text?.trim()).toBe('Hi Ana, sorry about that! Could you confirm your address?');
    expect(m.external_id).toBe(`<${m.id}@acme.example>`);
    replyMessageId = m.external_id!;
  });

  it("the customer's answer threads back into the same conversation by In-Reply-To/References", async () => {
    await imap.deliver(eml('gmail_reply_pt.eml').replaceAll('<REPLY_ID>', replyMessageId));
    await imap.deliver(eml('outlook_html.eml'));
    expect(await poll()).toEqual({ fetched: 2 });
    const [answer] = await msgByExt('<CAFx2ndReplyPt002@mail.example.com>');
    expect(answer!.conversation_id).toBe(convId);
    expect(answer!.body).toBe('Obrigada! O endereço está certo, mas ainda não chegou.');
    const [other] = await msgByExt('<AM0PR01MB0003OUTLOOK@eurprd01.prod.outlook.example>');
    expect(other!.conversation_id).not.toBe(convId);
  });

  it('resumes after the stored UID; the same mail delivered twice, or re-read after UIDVALIDITY changes, is one message', async () => {
    expect(await poll()).toEqual({ fetched: 0 });
    const before = await count();
    await imap.deliver(eml('first_contact.eml')); // a second copy (e.g. forwarded by a rule): new UID, same Message-ID
    expect(await poll()).toEqual({ fetched: 1 });
    expect(await count()).toBe(before);
    imap.bumpUidValidity();
    const again = await poll();
    expect(again.error).toBeUndefined();
    expect(await count()).toBe(before);
    const s = JSON.parse((await load()).settings);
    expect(s.imapLastUid).toBe(4);
  });

  it("SMTP refusals: 550 fails with the server's text; 451 is retried; a wrong password fails", async () => {
    smtp.rejectRcpt.set('ana.lima@example.com', { code: 550, text: '5.1.1 <ana.lima@example.com>: Recipient address rejected: User unknown' });
    const r1 = await reply(convId, 'Is this still the right address?');
    await runDueJobs(t.app);
    smtp.rejectRcpt.clear();
    const m1 = await msg(r1.json.message.id);
    expect(m1.delivery_status).toBe('failed');
    expect(m1.delivery_error).toMatch(/^the mail server refused the message \(550\): .*User unknown/);

    smtp.setOnData(() => ({ code: 451, text: '4.7.1 Greylisted, please try again later' }));
    const r2 = await reply(convId, 'Following up on your order.');
    await runDueJobs(t.app);
    smtp.setOnData(undefined);
    const m2 = await msg(r2.json.message.id);
    expect(m2.delivery_status).toBe('queued'); // the server answered 451: surely not accepted, so retried later
    expect(m2.delivery_error).toMatch(/deferred the message \(451\)/);

    await t.req('PATCH', `/api/v1/channels/${channelId}`, { token: w.token, body: { settings: { password: 'wrong-password' } } });
    const r3 = await reply(convId, 'Hello again');
    await runDueJobs(t.app);
    expect((await msg(r3.json.message.id)).delivery_error).toMatch(/refused the (login|message \(535\))/);
    expect((await pollOnce(...pollArgs(t.app, await load()))).error).toMatch(/IMAP server refused the login/);
    await t.req('PATCH', `/api/v1/channels/${channelId}`, { token: w.token, body: { settings: { password: PASSWORD } } });
  });
});
