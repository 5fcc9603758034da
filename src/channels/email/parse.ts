import { describeIssues } from '../../lib/zod-error.js';
import { z } from 'zod';
import type { InboundEvent } from '../contract/inbound.js';
import { displayText } from './display.js';

/**
 * A journaled mail (extract.ts) → one normalized message of kind "email". The external id is the
 * Message-ID, so the same mail fetched twice (a re-poll, a UIDVALIDITY reset, a second mailbox)
 * is one message, and replies thread by In-Reply-To/References against the ids Hearken stored,
 * its own replies' Message-IDs included. Mail the mailbox itself sent (e.g. a copy filed in the
 * inbox) is an echo from outside Hearken.
 */
const mail = z.object({
  messageId: z.string().min(3).max(998),
  inReplyTo: z.string().max(998).optional(),
  references: z.array(z.string().max(998)).max(500).default([]),
  from: z.object({ address: z.string().min(3).max(320), name: z.string().max(320).optional() }),
  to: z.array(z.string()).default([]),
  subject: z.string().max(2000).optional(),
  date: z.iso.datetime({ offset: true }).optional(),
  text: z.string(),
  attachments: z.array(z.object({ filename: z.string().optional(), contentType: z.string(), size: z.number() })).default([]),
  autoSubmitted: z.string().optional(),
});
const journaled = z.object({ source: z.literal('imap'), self: z.string().optional(), mail });

export function parseEmailDelivery(body: string, now: number): InboundEvent[] {
  const r = journaled.safeParse(JSON.parse(body));
  if (!r.success) throw new Error(describeIssues(r.error));
  const m = r.data.mail;
  const selfAddress = r.data.self;
  const refs = [...m.references];
  if (m.inReplyTo && !refs.includes(m.inReplyTo)) refs.push(m.inReplyTo);
  const echo = !!selfAddress && m.from.address === selfAddress.toLowerCase();
  const customer = echo ? m.to.find((a) => a !== selfAddress?.toLowerCase()) : m.from.address;
  if (!customer) return []; // the mailbox wrote to itself
  return [
    {
      type: 'message',
      externalId: m.messageId,
      kind: 'email',
      visibility: 'private',
      references: refs.length ? refs.slice(-100) : undefined,
      subject: m.subject,
      from: echo ? { externalId: customer } : { externalId: customer, name: m.from.name },
      text: displayText(m.text),
      attachments: m.attachments.map((a) => ({ type: a.contentType, name: a.filename })),
      replyToExternalId: m.inReplyTo,
      networkTs: m.date ? Date.parse(m.date) : now,
      direction: echo ? 'out' : 'in',
      authorKind: echo ? 'outside' : 'customer',
    },
  ];
}
