import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { cleanDeep } from '../../lib/clean-text.js';
import { MAX_RAW_BYTES } from './constants.js';

/** What the poller journals for one message: the raw source (kept whole, for replay) and what mailparser found in it. */
export interface JournaledMail {
  source: 'imap';
  /** The mailbox's own address: mail from it is an echo of a reply sent outside Hearken. */
  self: string;
  mailbox: string;
  uidValidity: string;
  uid: number;
  /** The raw RFC 5322 message, base64 (dropped past MAX_RAW_BYTES: see `truncated`). */
  raw?: string;
  truncated?: boolean;
  mail: ExtractedMail;
}
export interface ExtractedMail {
  messageId: string;
  inReplyTo?: string;
  references: string[];
  from: { address: string; name?: string };
  to: string[];
  subject?: string;
  date?: string;
  text: string;
  attachments: Array<{ filename?: string; contentType: string; size: number }>;
  autoSubmitted?: string;
}

const ids = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? v.split(/\s+/) : []).map(normalizeId).filter((x): x is string => !!x);

/** Message-IDs are compared in their bracketed form "<local@domain>". */
export function normalizeId(id: string | undefined): string | undefined {
  const t = id?.trim();
  if (!t) return undefined;
  return t.startsWith('<') ? t : `<${t}>`;
}

const firstAddress = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value[0];
const allAddresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? '')).filter(Boolean);

/**
 * Parses a raw message with mailparser (MIME, charsets, encoded words, HTML → text). Asynchronous,
 * so it runs in the poller; intake's parser (parse.ts) works from this extraction, and the raw
 * message is journaled beside it. A message without a Message-ID gets a stable one from its content.
 * What mailparser decoded (a NUL from a =00 or a base64 part, a broken charset) is cleaned here (lib/clean-text.ts).
 */
export async function extractMail(raw: Buffer): Promise<ExtractedMail> {
  const m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const from = firstAddress(m.from);
  return cleanDeep({
    messageId: normalizeId(m.messageId) ?? `<${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@no-message-id.hearken.invalid>`,
    inReplyTo: ids(m.inReplyTo)[0],
    references: ids(m.references),
    from: { address: (from?.address ?? '').toLowerCase(), name: from?.name || undefined },
    to: allAddresses(m.to).map((a) => a.toLowerCase()),
    subject: m.subject,
    date: m.date?.toISOString(),
    // HTML converted to text shows images as "[url]" lines (tracking pixels, logos): not what the customer wrote.
    text: m.html ? (m.text ?? '').replace(/^\[https?:\/\/[^\]\s]+\]\s*$/gm, '') : (m.text ?? ''),
    attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    autoSubmitted: m.headers.get('auto-submitted')?.toString(),
  });
}

export function journalBody(o: { self: string; mailbox: string; uidValidity: string; uid: number; raw: Buffer; mail: ExtractedMail }): string {
  const big = o.raw.length > MAX_RAW_BYTES;
  const body: JournaledMail = {
    source: 'imap',
    self: o.self,
    mailbox: o.mailbox,
    uidValidity: o.uidValidity,
    uid: o.uid,
    ...(big ? { truncated: true } : { raw: o.raw.toString('base64') }),
    mail: o.mail,
  };
  return JSON.stringify(body);
}
