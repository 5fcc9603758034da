import { describeIssues } from '../../lib/zod-error.js';
import { z } from 'zod';
import type { InboundEvent, InboundMessage } from '../contract/inbound.js';

/**
 * X deliveries → normalized events. Two sources share this parser (and so dedupe and replay):
 * - Account Activity webhooks (v1.1 objects, keyed by for_user_id): tweet_create_events
 *   (mentions, replies, quotes; the account's own replies become echoes), direct_message_events
 *   (message_create), tweet_delete_events; other keys (typing, reads, follows, favorites,
 *   user_event…) are ignored.
 * - The poller's journaled v2 answers, {"x_poll": "mentions" | "dm_events", "for_user_id", data,
 *   includes}. Tweet and DM event ids are the same in both, so one event found both ways is one message.
 * Mentions thread per conversation (v2 conversation_id; v1.1 has none, so the tweet replied to,
 * else the tweet itself) and carry the replied-to id in `references`.
 */

const idStr = z.union([z.string().regex(/^\d+$/), z.number().int().transform(String)]);
const v1User = z.object({
  id_str: z.string().optional(),
  id: z.union([z.number(), z.string()]).optional(),
  name: z.string().optional(),
  screen_name: z.string().optional(),
});
const v1Media = z.array(z.object({ type: z.string().optional(), media_url_https: z.string().optional(), expanded_url: z.string().optional() })).optional();
const v1Tweet = z.object({
  id_str: z.string().regex(/^\d+$/),
  text: z.string().optional(),
  full_text: z.string().optional(),
  created_at: z.string().optional(),
  timestamp_ms: z.union([z.string(), z.number()]).optional(),
  user: v1User,
  in_reply_to_status_id_str: z.string().nullable().optional(),
  in_reply_to_user_id_str: z.string().nullable().optional(),
  in_reply_to_screen_name: z.string().nullable().optional(),
  retweeted_status: z.unknown().optional(),
  extended_tweet: z.object({ full_text: z.string().optional(), extended_entities: z.object({ media: v1Media }).optional() }).optional(),
  extended_entities: z.object({ media: v1Media }).optional(),
  entities: z.object({ media: v1Media }).optional(),
});
const v1Dm = z.object({
  type: z.string(),
  id: idStr,
  created_timestamp: z.union([z.string(), z.number()]).optional(),
  message_create: z
    .object({
      target: z.object({ recipient_id: idStr }),
      sender_id: idStr,
      message_data: z.object({
        text: z.string().default(''),
        attachment: z
          .object({ type: z.string(), media: z.object({ media_url_https: z.string().optional(), type: z.string().optional() }).optional() })
          .optional(),
      }),
    })
    .optional(),
});
const v1Delete = z.object({ status: z.object({ id: idStr, user_id: idStr.optional() }), timestamp_ms: z.union([z.string(), z.number()]).optional() });
const v1Envelope = z.object({
  for_user_id: idStr.optional(),
  tweet_create_events: z.array(z.unknown()).optional(),
  direct_message_events: z.array(z.unknown()).optional(),
  tweet_delete_events: z.array(z.unknown()).optional(),
  users: z.record(z.string(), z.unknown()).optional(),
  apps: z.record(z.string(), z.unknown()).optional(),
});

const v2User = z.object({ id: z.string(), name: z.string().optional(), username: z.string().optional() });
const v2Tweet = z.object({
  id: z.string().regex(/^\d+$/),
  text: z.string(),
  author_id: z.string(),
  conversation_id: z.string().optional(),
  created_at: z.string().optional(),
  in_reply_to_user_id: z.string().optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
});
const v2Dm = z.object({
  id: z.string().regex(/^\d+$/),
  event_type: z.string(),
  text: z.string().optional(),
  sender_id: z.string().optional(),
  dm_conversation_id: z.string().optional(),
  created_at: z.string().optional(),
  participant_ids: z.array(z.string()).optional(),
});
const v2Poll = z.object({
  x_poll: z.enum(['mentions', 'dm_events']),
  for_user_id: z.string(),
  data: z.array(z.unknown()).default([]),
  includes: z.object({ users: z.array(v2User).optional() }).optional(),
});

export function parseXDelivery(body: string, now: number): InboundEvent[] {
  const json: unknown = JSON.parse(body);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('an X delivery must be a JSON object');
  if ('x_poll' in json) return parsePoll(json, now);
  const env = check(v1Envelope, json, '');
  const brand = env.for_user_id;
  const has = env.tweet_create_events || env.direct_message_events || env.tweet_delete_events;
  if (!has) return []; // typing, reads, follows, favorites, user_event…: nothing to answer.
  if (!brand) throw new Error('for_user_id: required to tell the account from its customers');
  const out: InboundEvent[] = [];
  env.tweet_create_events?.forEach((raw, i) => {
    const m = fromV1Tweet(check(v1Tweet, raw, `tweet_create_events[${i}].`), brand, now);
    if (m) out.push(m);
  });
  env.direct_message_events?.forEach((raw, i) => {
    const m = fromV1Dm(check(v1Dm, raw, `direct_message_events[${i}].`), brand, { ...env.apps, ...env.users }, now);
    if (m) out.push(m);
  });
  env.tweet_delete_events?.forEach((raw, i) => {
    const d = check(v1Delete, raw, `tweet_delete_events[${i}].`);
    out.push({ type: 'delete', externalId: d.status.id, networkTs: ms(d.timestamp_ms, now) });
  });
  return out;
}

function check<T extends z.ZodType>(schema: T, raw: unknown, where: string): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new Error(describeIssues(r.error, where, '(object)'));
  return r.data;
}

const ms = (t: string | number | undefined, fallback: number) => {
  const n = typeof t === 'string' ? Number(t) : t;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : fallback;
};
const parseDate = (s: string | undefined, fallback: number) => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? t : fallback;
};
const handle = (h: string | null | undefined) => (h ? `@${h}` : undefined);

function fromV1Tweet(t: z.infer<typeof v1Tweet>, brand: string, now: number): InboundMessage | null {
  if (t.retweeted_status) return null; // a retweet says nothing new
  const author = t.user.id_str ?? (t.user.id !== undefined ? String(t.user.id) : '');
  if (!author) throw new Error(`tweet ${t.id_str}: user.id_str is missing`);
  const media = t.extended_tweet?.extended_entities?.media ?? t.extended_entities?.media ?? t.entities?.media ?? [];
  const replyTo = t.in_reply_to_status_id_str ?? undefined;
  const base = {
    type: 'message' as const,
    externalId: t.id_str,
    kind: 'mention' as const,
    visibility: 'public' as const,
    publicItemId: replyTo ?? t.id_str,
    references: replyTo ? [replyTo] : undefined,
    text: t.extended_tweet?.full_text ?? t.full_text ?? t.text ?? '',
    attachments: media.map((m) => ({ type: m.type === 'photo' ? 'image' : (m.type ?? 'file'), url: m.media_url_https })),
    replyToExternalId: replyTo,
    networkTs: t.timestamp_ms !== undefined ? ms(t.timestamp_ms, now) : parseDate(t.created_at, now),
  };
  if (author === brand) {
    // The account's own post: an answer given outside Hearken when it replies to someone else; else a broadcast.
    const customer = t.in_reply_to_user_id_str;
    if (!customer || customer === brand) return null;
    return { ...base, from: { externalId: customer, handle: handle(t.in_reply_to_screen_name) }, direction: 'out', authorKind: 'outside' };
  }
  return { ...base, from: { externalId: author, name: t.user.name, handle: handle(t.user.screen_name) }, direction: 'in', authorKind: 'customer' };
}

function fromV1Dm(e: z.infer<typeof v1Dm>, brand: string, users: Record<string, unknown>, now: number): InboundMessage | null {
  if (e.type !== 'message_create' || !e.message_create) return null;
  const mc = e.message_create;
  const echo = mc.sender_id === brand;
  const customer = echo ? mc.target.recipient_id : mc.sender_id;
  const u = v1User.safeParse(users[customer]);
  const att = mc.message_data.attachment?.media;
  return {
    type: 'message',
    externalId: e.id,
    kind: 'dm',
    visibility: 'private',
    from: { externalId: customer, name: u.success ? u.data.name : undefined, handle: u.success ? handle(u.data.screen_name) : undefined },
    text: mc.message_data.text,
    attachments: att ? [{ type: att.type === 'photo' ? 'image' : (att.type ?? 'file'), url: att.media_url_https }] : [],
    networkTs: ms(e.created_timestamp, now),
    direction: echo ? 'out' : 'in',
    authorKind: echo ? 'outside' : 'customer',
  };
}

function parsePoll(json: object, now: number): InboundEvent[] {
  const p = check(v2Poll, json, '');
  const users = new Map((p.includes?.users ?? []).map((u) => [u.id, u]));
  const out: InboundEvent[] = [];
  p.data.forEach((raw, i) => {
    if (p.x_poll === 'mentions') {
      const t = check(v2Tweet, raw, `data[${i}].`);
      if (t.referenced_tweets?.some((r) => r.type === 'retweeted')) return;
      const replyTo = t.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
      const u = users.get(t.author_id);
      const echo = t.author_id === p.for_user_id;
      if (echo && (!t.in_reply_to_user_id || t.in_reply_to_user_id === p.for_user_id)) return;
      out.push({
        type: 'message',
        externalId: t.id,
        kind: 'mention',
        visibility: 'public',
        // v1.1 webhooks cannot see the conversation root; keep the same key when the root is what was answered.
        publicItemId: t.conversation_id ?? replyTo ?? t.id,
        references: replyTo ? [replyTo] : undefined,
        from: echo ? { externalId: t.in_reply_to_user_id! } : { externalId: t.author_id, name: u?.name, handle: handle(u?.username) },
        text: t.text,
        attachments: [],
        replyToExternalId: replyTo,
        networkTs: parseDate(t.created_at, now),
        direction: echo ? 'out' : 'in',
        authorKind: echo ? 'outside' : 'customer',
      });
    } else {
      const e = check(v2Dm, raw, `data[${i}].`);
      if (e.event_type !== 'MessageCreate' || !e.sender_id) return;
      const echo = e.sender_id === p.for_user_id;
      // One-to-one conversation ids are "<id>-<id>"; the customer is the one that is not the account.
      const customer = echo ? (e.participant_ids ?? e.dm_conversation_id?.split('-') ?? []).find((x) => x !== p.for_user_id) : e.sender_id;
      if (!customer) throw new Error(`data[${i}]: cannot tell the customer of DM event ${e.id}`);
      const u = users.get(customer);
      out.push({
        type: 'message',
        externalId: e.id,
        kind: 'dm',
        visibility: 'private',
        from: { externalId: customer, name: u?.name, handle: handle(u?.username) },
        text: e.text ?? '',
        attachments: [],
        networkTs: parseDate(e.created_at, now),
        direction: echo ? 'out' : 'in',
        authorKind: echo ? 'outside' : 'customer',
      });
    }
  });
  return out;
}
