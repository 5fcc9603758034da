import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../contract/inbound.js';
import { emailAdapter } from './adapter.js';
import { displayText } from './display.js';
import { extractMail, journalBody } from './extract.js';
import { smtpFailure } from './send.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const raw = (name: string) => readFileSync(path.join(here, 'fixtures', name));
const SELF = 'support@acme.example';
async function parsed(name: string, replace?: [string, string]): Promise<InboundMessage> {
  let buf = raw(name);
  if (replace) buf = Buffer.from(buf.toString('utf8').replaceAll(replace[0], replace[1]));
  const body = journalBody({ self: SELF, mailbox: 'INBOX', uidValidity: '1', uid: 1, raw: buf, mail: await extractMail(buf) });
  const evs = emailAdapter.parse({ headers: {}, body });
  expect(evs).toHaveLength(1);
  return evs[0] as InboundMessage;
}

describe('email parsing (RFC 5322 / MIME via mailparser)', () => {
  it('a first message: Message-ID is the external id, signature trimmed, subject kept', async () => {
    const m = await parsed('first_contact.eml');
    expect(m).toMatchObject({
      type: 'message',
      externalId: '<CAFx1stContact001@mail.example.com>',
      kind: 'email',
      visibility: 'private',
      subject: 'Order A-7781 never arrived',
      from: { externalId: 'ana.lima@example.com', name: 'Ana Lima' },
      networkTs: Date.parse('2024-11-23T09:00:00Z'),
      direction: 'in',
    });
    expect(m.text).toBe('Hello,\n\nI ordered a kettle two weeks ago (order A-7781) and it never arrived.\nCan you check?');
    expect(m.references).toBeUndefined();
  });
  it('a reply: In-Reply-To and References for threading (newest last), localized quote header trimmed', async () => {
    const m = await parsed('gmail_reply_pt.eml', ['REPLY_ID', 'hk-1@acme.example']);
    expect(m.references).toEqual(['<CAFx1stContact001@mail.example.com>', '<hk-1@acme.example>']);
    expect(m.replyToExternalId).toBe('<hk-1@acme.example>');
    expect(m.subject).toBe('Re: Order A-7781 never arrived – obrigada');
    expect(m.text).toBe('Obrigada! O endereço está certo, mas ainda não chegou.');
  });
  it('Outlook: the text part is used and the original-message block trimmed', async () => {
    const m = await parsed('outlook_html.eml');
    expect(m.text).toBe('Merhaba, A-9911 siparişim için fatura alabilir miyim?');
    expect(m.from).toEqual({ externalId: 'mehmet@example.com.tr', name: 'Mehmet Karaca' });
  });
  it('HTML-only mail becomes plain text: no script, no style, no markup, quoted block trimmed', async () => {
    const m = await parsed('html_only.eml');
    expect(m.text).toBe('Xin chào, đơn hàng B-12 của tôi bị trễ.');
    expect(m.text).not.toMatch(/alert|color:red|<|pixel|Earlier message/);
    expect(m.subject).toBe('Đơn hàng của tôi');
  });
  it('attachments are listed; a message without Message-ID gets a stable id from its content; Latin-1 is decoded', async () => {
    expect((await parsed('attachment.eml')).attachments).toEqual([{ type: 'application/pdf', name: 'receipt-A-7781.pdf' }]);
    const a = await parsed('no_message_id_latin1.eml');
    const b = await parsed('no_message_id_latin1.eml');
    expect(a.externalId).toMatch(/^<[0-9a-f]{32}@no-message-id\.hearken\.invalid>$/);
    expect(a.externalId).toBe(b.externalId);
    expect(a.text).toBe('Quiero devolver el artículo, ¿cómo lo hago?');
  });
  it('mail from the mailbox itself is an echo addressed to the customer', async () => {
    const m = await parsed('first_contact.eml', [
      'From: Ana Lima <ana.lima@example.com>\nTo: Acme Support <support@acme.example>',
      'From: Acme Support <support@acme.example>\nTo: Ana Lima <ana.lima@example.com>',
    ]);
    expect(m).toMatchObject({ direction: 'out', authorKind: 'outside', from: { externalId: 'ana.lima@example.com' } });
  });
  it('a broken journal entry is an error with the reason', () => {
    expect(() => emailAdapter.parse({ headers: {}, body: '{"source":"imap","mail":{"messageId":"<a@b>"}}' })).toThrow(/mail\.from/);
    expect(() => emailAdapter.parse({ headers: {}, body: '{"hello":1}' })).toThrow(/source/);
  });
  it('display text: quotes and signatures trimmed, control characters dropped, all-quote mail kept whole', () => {
    expect(displayText('Thanks!\r\n\r\nOn Sat, 23 Nov 2024 at 09:00, Acme <a@b.c>\r\nwrote:\r\n> old')).toBe('Thanks!');
    expect(displayText('Yes please\n> earlier\n> more\n')).toBe('Yes please');
    expect(displayText('a\u0000b\u202Ec')).toBe('abc');
    expect(displayText('> only a quote')).toBe('> only a quote');
  });
  it('SMTP failures: 5xx permanent with the server text, 4xx retried, a failure before DATA never sent, during DATA uncertain', () => {
    expect(smtpFailure(Object.assign(new Error('x'), { responseCode: 550, response: '550 5.1.1 User unknown', command: 'RCPT TO' }))).toEqual({
      ok: false,
      permanent: true,
      error: 'the mail server refused the message (550): 550 5.1.1 User unknown',
    });
    expect(smtpFailure(Object.assign(new Error('x'), { responseCode: 451, response: '451 4.7.1 Greylisted', command: 'DATA' }))).toMatchObject({
      permanent: false,
    });
    expect(smtpFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET', command: 'CONN' }))).toMatchObject({
      permanent: false,
      outcomeUnknown: false,
    });
    expect(smtpFailure(Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT', command: 'DATA' }))).toMatchObject({ permanent: false, outcomeUnknown: true });
  });

  it('a NUL or a broken surrogate decoded from the message (quoted-printable, encoded words) is cleaned', async () => {
    const buf = Buffer.from(
      [
        'From: =?UTF-8?Q?Ana=00_Lima?= <ana.lima@example.com>',
        'To: support@acme.example',
        'Subject: =?UTF-8?Q?Order=00_late?=',
        'Message-ID: <nul-1@mail.example.com>',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Where=00 is it?',
        '',
      ].join('\r\n'),
    );
    const mail = await extractMail(buf);
    expect({ subject: mail.subject, name: mail.from.name, text: mail.text.trim() }).toEqual({ subject: 'Order late', name: 'Ana Lima', text: 'Where is it?' });
  });
});
