import { describeIssues } from '../../lib/zod-error.js';
import { z } from 'zod';
import type { InboundEvent, InboundMessage } from '../contract/inbound.js';
import { metaTime, type MetaEntry } from './webhook.js';
import { parseButtonPayload } from '../contract/survey-button.js';

/**
 * Messenger and Instagram messaging webhooks share one shape: entry[].messaging[] (and standby[]
 * while another app holds the thread under the handover protocol), each item one of message,
 * message_edit, postback, read, delivery… Hearken's own sends are echoed back with the metadata it
 * set (ECHO_PREFIX) and skipped: the outbox already recorded them under the id Meta returned.
 */
export const ECHO_PREFIX = 'hearken:';

const id = z.string().min(1).max(256);
const party = z.object({ id: id.optional(), user_ref: id.optional() }).passthrough();
const attachment = z
  .object({
    type: z.string().max(50),
    payload: z
      .object({ url: z.string().max(4000).optional(), title: z.string().max(1000).optional() })
      .passthrough()
      .nullish(),
  })
  .passthrough();
const message = z
  .object({
    mid: id,
    text: z.string().max(100_000).optional(),
    is_echo: z.boolean().optional(),
    is_deleted: z.boolean().optional(),
    is_unsupported: z.boolean().optional(),
    metadata: z.string().optional(),
    app_id: z.union([z.number(), z.string()]).optional(),
    quick_reply: z
      .object({ payload: z.string().max(2000) })
      .passthrough()
      .optional(),
    reply_to: z
      .object({
        mid: id.optional(),
        story: z
          .object({ id: z.string().optional(), url: z.string().max(4000).optional() })
          .passthrough()
          .optional(),
      })
      .passthrough()
      .optional(),
    attachments: z.array(attachment).max(50).optional(),
  })
  .passthrough();
const item = z
  .object({
    sender: party,
    recipient: party,
    timestamp: z.union([z.number(), z.string()]).optional(),
    message: message.optional(),
    message_edit: z
      .object({ mid: id, text: z.string().max(100_000) })
      .passthrough()
      .optional(),
    postback: z
      .object({ mid: id.optional(), title: z.string().max(1000).optional(), payload: z.string().max(2000).optional() })
      .passthrough()
      .optional(),
    read: z
      .object({ mid: id.optional(), watermark: z.union([z.number(), z.string()]).optional() })
      .passthrough()
      .optional(),
    delivery: z
      .object({ mids: z.array(id).optional(), watermark: z.union([z.number(), z.string()]).optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

export function parseMessagingEntry(entry: MetaEntry, entryIndex: number, receivedAt: number): InboundEvent[] {
  const out: InboundEvent[] = [];
  const items = [...(entry.messaging ?? []).map((v, i) => ['messaging', i, v] as const), ...(entry.standby ?? []).map((v, i) => ['standby', i, v] as const)];
  for (const [list, i, raw] of items) {
    const where = `entry[${entryIndex}].${list}[${i}]`;
    const r = item.safeParse(raw);
    if (!r.success) throw new Error(describeIssues(r.error, `${where}.`, ''));
    out.push(...messagingItem(r.data, where, metaTime(r.data.timestamp, metaTime(entry.time, receivedAt))));
  }
  return out;
}

function messagingItem(it: z.infer<typeof item>, where: string, at: number): InboundEvent[] {
  const sender = it.sender.id ?? it.sender.user_ref;
  const recipient = it.recipient.id ?? it.recipient.user_ref;
  if (it.message) {
    const m = it.message;
    // Instagram "unsend": the customer removed the message.
    if (m.is_deleted) return [{ type: 'delete', externalId: m.mid, networkTs: at }];
    if (m.is_echo) {
      if (m.metadata?.startsWith(ECHO_PREFIX)) return [];
      if (!recipient) throw new Error(`${where}.recipient.id: an echo must name the customer it was sent to`);
      return [dm(m, recipient, at, 'out')];
    }
    if (!sender) throw new Error(`${where}.sender.id: required`);
    // A survey quick reply (docs/surveys.md): an answer, not a message.
    const answer = parseButtonPayload(m.quick_reply?.payload);
    if (answer) return [{ type: 'survey_answer', ...answer, from: { externalId: sender }, networkTs: at }];
    return [dm(m, sender, at, 'in')];
  }
  if (it.message_edit) return [{ type: 'edit', externalId: it.message_edit.mid, text: it.message_edit.text, networkTs: at }];
  if (it.postback) {
    // A tap on a button: shown as what the customer chose (the button title), kept as a message.
    if (!sender) throw new Error(`${where}.sender.id: required`);
    const p = it.postback;
    return [
      {
        type: 'message',
        externalId: p.mid ?? `postback:${sender}:${at}`,
        kind: 'dm',
        visibility: 'private',
        from: { externalId: sender },
        text: p.title ?? p.payload ?? '',
        attachments: [{ type: 'postback', name: p.payload }],
        networkTs: at,
        direction: 'in',
        authorKind: 'customer',
      },
    ];
  }
  // Instagram "seen" names the message; Messenger's read receipt only has a watermark: every
  // message sent to the customer at or before it was read (applied by src/intake/apply-watermark.ts).
  if (it.read) {
    if (it.read.mid) return [{ type: 'status', externalId: it.read.mid, status: 'read', networkTs: at }];
    return watermark(it.read.watermark, 'read', sender, where, at);
  }
  if (it.delivery) {
    // mids are per-message and win; older clients send only the watermark.
    if (it.delivery.mids?.length)
      return it.delivery.mids.map((mid) => ({ type: 'status' as const, externalId: mid, status: 'delivered' as const, networkTs: at }));
    return watermark(it.delivery.watermark, 'delivered', sender, where, at);
  }
  // reactions, optins, referrals, handover notices, policy enforcement…: not conversation content.
  return [];
}

function watermark(raw: number | string | undefined, status: 'read' | 'delivered', customer: string | undefined, where: string, at: number): InboundEvent[] {
  if (raw === undefined) return [];
  const w = metaTime(raw, NaN);
  if (!Number.isFinite(w)) throw new Error(`${where}.${status === 'read' ? 'read' : 'delivery'}.watermark: not a timestamp`);
  if (!customer) throw new Error(`${where}.sender.id: a receipt must name the customer`);
  return [{ type: 'status_watermark', customerExternalId: customer, status, watermark: w, networkTs: at }];
}

function dm(m: z.infer<typeof message>, customer: string, at: number, direction: 'in' | 'out'): InboundMessage {
  const attachments: InboundMessage['attachments'] = (m.attachments ?? []).map((a) => ({ type: a.type, url: a.payload?.url, name: a.payload?.title }));
  if (m.reply_to?.story) attachments.push({ type: 'story_reply', url: m.reply_to.story.url, name: m.reply_to.story.id });
  if (m.quick_reply) attachments.push({ type: 'quick_reply', name: m.quick_reply.payload });
  const text = m.text ?? (m.is_unsupported ? '[a message type this channel cannot show]' : '');
  return {
    type: 'message',
    externalId: m.mid,
    kind: 'dm',
    visibility: 'private',
    from: { externalId: customer },
    text,
    attachments,
    replyToExternalId: m.reply_to?.mid,
    networkTs: at,
    direction,
    authorKind: direction === 'in' ? 'customer' : 'outside',
  };
}
