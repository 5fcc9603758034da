import { describeIssues } from '../../lib/zod-error.js';
import { z } from 'zod';
import type { InboundEvent } from '../contract/inbound.js';

/**
 * The API channel's inbound contract (documented in README "API channel"). A delivery is one
 * event object or {"events": [...]} with up to 1,000 events.
 */
const ts = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]).optional();
const kind = z.enum(['dm', 'comment', 'mention', 'review', 'email', 'chat']);

const messageEvent = z.object({
  type: z.literal('message'),
  id: z.string().min(1).max(256),
  from: z.object({ id: z.string().min(1).max(256), name: z.string().max(256).optional(), handle: z.string().max(256).optional() }),
  text: z.string().max(100_000),
  conversation: z
    .object({
      kind: kind.default('dm'),
      visibility: z.enum(['public', 'private']).optional(),
      thread: z.string().min(1).max(256).optional(),
      item_id: z.string().min(1).max(256).optional(),
      /** The post the comment or mention lives under, shown to agents as the original post. */
      item: z
        .object({
          text: z.string().max(20_000).optional(),
          author: z.string().max(256).optional(),
          url: z.url({ protocol: /^https?$/ }).optional(),
          media_url: z.url({ protocol: /^https?$/ }).optional(),
          timestamp: ts,
        })
        .optional(),
      subject: z.string().max(1000).optional(),
      references: z.array(z.string().max(998)).max(100).optional(),
    })
    .default({ kind: 'dm' }),
  attachments: z
    .array(z.object({ type: z.string().max(50), url: z.url().optional(), name: z.string().max(256).optional() }))
    .max(20)
    .default([]),
  reply_to: z.string().max(256).optional(),
  timestamp: ts,
  /** true when the brand itself wrote this outside Hearken (recorded as outbound, author "outside"). */
  echo: z.boolean().default(false),
});
const editEvent = z.object({ type: z.literal('edit'), id: z.string().min(1).max(256), text: z.string().max(100_000), timestamp: ts });
const deleteEvent = z.object({ type: z.literal('delete'), id: z.string().min(1).max(256), timestamp: ts });
const statusEvent = z.object({
  type: z.literal('status'),
  id: z.string().min(1).max(256),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  error: z.string().max(2000).optional(),
  timestamp: ts,
});

export const apiEvent = z.discriminatedUnion('type', [messageEvent, editEvent, deleteEvent, statusEvent]);
const batch = z.object({ events: z.array(apiEvent).min(1).max(1000) });
export const apiDelivery = z.union([batch, apiEvent]);
export type ApiDelivery = z.input<typeof apiDelivery>;

const toMs = (t: number | string | undefined, fallback: number) =>
  t === undefined ? fallback : typeof t === 'number' ? (t < 1e12 ? t * 1000 : t) : Date.parse(t);

export function parseApiDelivery(body: string, receivedAt: number): InboundEvent[] {
  const json = JSON.parse(body);
  // Parse the two shapes separately so errors name the real field, not "invalid union".
  const schema = json && typeof json === 'object' && 'events' in json ? batch : apiEvent;
  const r = schema.safeParse(json);
  if (!r.success) throw new Error(describeIssues(r.error));
  const events = 'events' in r.data ? r.data.events : [r.data];
  return events.map((e): InboundEvent => {
    const at = toMs(e.timestamp, receivedAt);
    switch (e.type) {
      case 'message': {
        const k = e.conversation.kind;
        const publicByDefault = k === 'comment' || k === 'mention' || k === 'review';
        return {
          type: 'message',
          externalId: e.id,
          kind: k,
          visibility: e.conversation.visibility ?? (publicByDefault ? 'public' : 'private'),
          thread: e.conversation.thread,
          publicItemId: e.conversation.item_id,
          publicItem:
            e.conversation.item && e.conversation.item_id
              ? {
                  text: e.conversation.item.text ?? null,
                  authorName: e.conversation.item.author,
                  permalink: e.conversation.item.url,
                  mediaUrl: e.conversation.item.media_url,
                  postedAt: e.conversation.item.timestamp === undefined ? null : toMs(e.conversation.item.timestamp, at),
                }
              : undefined,
          references: e.conversation.references,
          subject: e.conversation.subject,
          from: { externalId: e.from.id, name: e.from.name, handle: e.from.handle },
          text: e.text,
          attachments: e.attachments,
          replyToExternalId: e.reply_to,
          networkTs: at,
          direction: e.echo ? 'out' : 'in',
          authorKind: e.echo ? 'outside' : 'customer',
        };
      }
      case 'edit':
        return { type: 'edit', externalId: e.id, text: e.text, networkTs: at };
      case 'delete':
        return { type: 'delete', externalId: e.id, networkTs: at };
      case 'status':
        return { type: 'status', externalId: e.id, status: e.status, error: e.error, networkTs: at };
    }
  });
}
