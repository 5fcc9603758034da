import { describeIssues } from '../../lib/zod-error.js';
import { z } from 'zod';
import type { InboundEvent } from '../contract/inbound.js';
import { SITE_MAX_LENGTH } from './capabilities.js';

/**
 * What the visitor API writes to the journal for a site channel. It is Hearken's own format (no
 * network sends it), but it is still parsed strictly: the journal is replayable and an entry
 * written by an older version must either parse or fail with a reason, never half-apply.
 */
const visitorMessage = z.object({
  type: z.literal('message'),
  /** `<visitorId>:<client message id>`: a retried POST from the widget is the same message. */
  id: z.string().min(1).max(200),
  visitorId: z.string().min(1).max(64),
  name: z.string().max(100).optional(),
  email: z.string().max(254).optional(),
  text: z.string().min(1).max(SITE_MAX_LENGTH),
  ts: z.number().int().nonnegative(),
});
const receipt = z.object({
  type: z.literal('status'),
  id: z.string().min(1).max(200),
  status: z.enum(['delivered', 'read']),
  ts: z.number().int().nonnegative(),
});
const siteDelivery = z.object({
  events: z
    .array(z.discriminatedUnion('type', [visitorMessage, receipt]))
    .min(1)
    .max(100),
});
export type SiteJournalBody = z.input<typeof siteDelivery>;

export function parseSiteDelivery(body: string): InboundEvent[] {
  const r = siteDelivery.safeParse(JSON.parse(body));
  if (!r.success) throw new Error(describeIssues(r.error));
  return r.data.events.map(
    (e): InboundEvent =>
      e.type === 'status'
        ? { type: 'status', externalId: e.id, status: e.status, networkTs: e.ts }
        : {
            type: 'message',
            externalId: e.id,
            kind: 'chat',
            visibility: 'private',
            from: { externalId: e.visitorId, name: e.name, handle: e.email },
            text: e.text,
            attachments: [],
            networkTs: e.ts,
            direction: 'in',
            authorKind: 'customer',
          },
  );
}
