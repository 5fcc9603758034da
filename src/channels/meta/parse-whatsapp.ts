import { describeIssues } from '../../lib/zod-error.js';
import { z } from 'zod';
import type { InboundEvent, InboundMessage } from '../contract/inbound.js';
import { metaTime } from './webhook.js';

/**
 * WhatsApp Cloud API `messages` changes: customer messages (text, media, interactive and button
 * replies, reactions, locations, contacts…) and statuses of the business's own messages (sent,
 * delivered, read, failed with error codes). Identities are wa_id (the customer's number).
 * Deliveries are retried for days and may repeat: the processor deduplicates on the wamid.
 */
const media = z
  .object({
    id: z.string().optional(),
    mime_type: z.string().optional(),
    caption: z.string().max(100_000).optional(),
    filename: z.string().max(1000).optional(),
  })
  .passthrough();
const msg = z
  .object({
    from: z.string().min(1).max(64),
    id: z.string().min(1).max(256),
    timestamp: z.union([z.string(), z.number()]).optional(),
    type: z.string().max(50),
    context: z
      .object({ id: z.string().max(256).optional() })
      .passthrough()
      .optional(),
    text: z
      .object({ body: z.string().max(100_000) })
      .passthrough()
      .optional(),
    image: media.optional(),
    video: media.optional(),
    audio: media.optional(),
    document: media.optional(),
    sticker: media.optional(),
    location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).passthrough().optional(),
    interactive: z
      .object({
        type: z.string(),
        button_reply: z.object({ id: z.string(), title: z.string() }).passthrough().optional(),
        list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).passthrough().optional(),
      })
      .passthrough()
      .optional(),
    button: z.object({ text: z.string().optional(), payload: z.string().optional() }).passthrough().optional(),
    reaction: z.object({ message_id: z.string().optional(), emoji: z.string().optional() }).passthrough().optional(),
    contacts: z.array(z.object({ name: z.object({ formatted_name: z.string().optional() }).passthrough().optional() }).passthrough()).optional(),
  })
  .passthrough();
const statusErr = z
  .object({
    code: z.number().optional(),
    title: z.string().optional(),
    message: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();
const status = z
  .object({
    id: z.string().min(1).max(256),
    status: z.string(),
    timestamp: z.union([z.string(), z.number()]).optional(),
    recipient_id: z.string().optional(),
    errors: z.array(statusErr).optional(),
  })
  .passthrough();
const value = z
  .object({
    messaging_product: z.literal('whatsapp').optional(),
    metadata: z.object({ phone_number_id: z.string().optional(), display_phone_number: z.string().optional() }).passthrough().optional(),
    contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).passthrough().optional() }).passthrough()).optional(),
    messages: z.array(msg).optional(),
    statuses: z.array(status).optional(),
  })
  .passthrough();

const MEDIA = ['image', 'video', 'audio', 'document', 'sticker'] as const;

export function parseWhatsAppChange(raw: unknown, where: string, fallbackTs: number): InboundEvent[] {
  const r = value.safeParse(raw);
  if (!r.success) throw new Error(describeIssues(r.error, `${where}.value.`, ''));
  const v = r.data;
  const names = new Map((v.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
  const out: InboundEvent[] = [];
  for (const m of v.messages ?? []) {
    const content = messageContent(m);
    if (!content) continue;
    out.push({
      type: 'message',
      externalId: m.id,
      kind: 'dm',
      visibility: 'private',
      from: { externalId: m.from, name: names.get(m.from), handle: `+${m.from}` },
      text: content.text,
      attachments: content.attachments,
      replyToExternalId: content.replyTo ?? m.context?.id,
      networkTs: metaTime(m.timestamp, fallbackTs),
      direction: 'in',
      authorKind: 'customer',
    });
  }
  for (const s of v.statuses ?? []) {
    if (s.status !== 'sent' && s.status !== 'delivered' && s.status !== 'read' && s.status !== 'failed') continue;
    const error =
      s.status === 'failed'
        ? (s.errors ?? [])
            .map((e) => `WhatsApp error ${e.code ?? '?'}: ${e.title ?? e.message ?? 'failed'}${e.error_data?.details ? ` — ${e.error_data.details}` : ''}`)
            .join('; ') || 'WhatsApp reported the message as failed'
        : undefined;
    out.push({ type: 'status', externalId: s.id, status: s.status, error, networkTs: metaTime(s.timestamp, fallbackTs) });
  }
  return out;
}

function messageContent(m: z.infer<typeof msg>): { text: string; attachments: InboundMessage['attachments']; replyTo?: string } | null {
  const mediaType = MEDIA.find((t) => t === m.type);
  if (mediaType) {
    const d = m[mediaType];
    // Media come as ids to fetch from Graph (GET /{media-id}); kept as a reference, never a foreign URL.
    return { text: d?.caption ?? '', attachments: [{ type: mediaType, url: d?.id ? `whatsapp-media:${d.id}` : undefined, name: d?.filename ?? d?.mime_type }] };
  }
  switch (m.type) {
    case 'text':
      return { text: m.text?.body ?? '', attachments: [] };
    case 'interactive': {
      const choice = m.interactive?.button_reply ?? m.interactive?.list_reply;
      return { text: choice?.title ?? '', attachments: [{ type: `interactive_${m.interactive?.type ?? 'reply'}`, name: choice?.id }] };
    }
    case 'button':
      return { text: m.button?.text ?? '', attachments: [{ type: 'button', name: m.button?.payload }] };
    case 'location': {
      const l = m.location;
      if (!l) return { text: '', attachments: [] };
      const label = [l.name, l.address].filter(Boolean).join(', ');
      return {
        text: label || `${l.latitude}, ${l.longitude}`,
        attachments: [{ type: 'location', url: `geo:${l.latitude},${l.longitude}`, name: label || undefined }],
      };
    }
    case 'reaction':
      // An emoji on one of the conversation's messages; an empty emoji (reaction removed) is not content.
      if (!m.reaction?.emoji) return null;
      return { text: m.reaction.emoji, attachments: [{ type: 'reaction' }], replyTo: m.reaction.message_id };
    case 'contacts':
      return { text: (m.contacts ?? []).map((c) => c.name?.formatted_name ?? 'a contact').join(', '), attachments: [{ type: 'contacts' }] };
    case 'system':
      return null; // number changes and similar notices: not conversation content
    default:
      // order, unsupported, a type added later…: kept visible so the agent knows something arrived.
      return { text: `[a WhatsApp "${m.type}" message this channel cannot show]`, attachments: [] };
  }
}
