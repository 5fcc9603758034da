import { z } from 'zod';
import type { ChannelAdapter } from '../contract/adapter.js';
import type { Capabilities } from '../contract/capabilities.js';
import { invalid } from '../../lib/errors.js';
import { zodToAppError } from '../../lib/zod-error.js';
import { X_MAX_WEIGHTED_LENGTH } from './constants.js';
import { checkX } from './check.js';
import { fetchTweet } from './fetch-post.js';
import { parseXDelivery } from './parse.js';
import { moderateX, xModeration } from './moderate.js';
import { pollOnce } from './poll.js';
import { xSender } from './send.js';
import { verifyXSignature, xCrcHandshake } from './webhook.js';

/**
 * Posts (mentions, replies) in public, DMs in private, a private DM in answer to a public post.
 * One length for both: a post's 280 weighted characters (X allows longer DMs; Hearken holds them
 * to the post limit so a reply can move between public and private unchanged).
 */
export const xCapabilities: Capabilities = {
  publicReply: true,
  privateReplyToPublic: true,
  directMessages: true,
  kinds: ['mention', 'dm'],
  messageWindowHours: null,
  maxLength: X_MAX_WEIGHTED_LENGTH,
  lengthCounting: 'twitter-weighted',
  attachments: false,
  editDelete: false,
  // No idempotency key on POST /2/tweets or DMs: never risk a second public post.
  safeRetry: false,
  moderation: xModeration,
};

const numericId = z.string().regex(/^\d{1,20}$/, 'must be a numeric X user id');
const settingsSchema = z.object({
  /** The connected account's numeric user id (for_user_id in deliveries, the mentions timeline). */
  userId: numericId,
  handle: z
    .string()
    .regex(/^@?\w{1,15}$/)
    .optional(),
  /** For a proxy or a test double: replaces https://api.x.com/2. */
  apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Poll the mentions timeline and DM events (without Account Activity, or alongside it as a safety net). */
  polling: z.boolean().default(false),
  pollIntervalSeconds: z.number().int().min(15).max(86_400).optional(),
  /** Maintained by the poller: newest mention id seen (since_id) and newest DM event id seen. */
  mentionsSinceId: numericId.optional(),
  dmNewestId: numericId.optional(),
});

const SECRET_FIELDS = ['consumerKey', 'consumerSecret', 'accessToken', 'accessTokenSecret'] as const;

/** An X account (docs/channels-x.md). */
export const xAdapter: ChannelAdapter = {
  type: 'x',
  network: 'x',
  displayName: 'X',
  deliveryHeaders: ['x-twitter-'],
  mediaHosts: { domains: [], hosts: ['pbs.twimg.com', 'video.twimg.com', 'ton.twitter.com'] },
  capabilities: xCapabilities,
  verify: (delivery, secrets) => verifyXSignature(delivery, secrets),
  handshake: (query, secrets) => xCrcHandshake(query, secrets),
  parse: (delivery) => parseXDelivery(delivery.body, Date.now()),
  sender: xSender,
  moderate: moderateX,
  // Everything X needs comes from the developer portal and is pasted (takeSecrets).
  newSecrets: () => ({}),
  parseSettings(input) {
    const r = settingsSchema.safeParse(input ?? {});
    if (!r.success) throw zodToAppError(r.error, 'settings.');
    return r.data;
  },
  takeSecrets(input, existing): Record<string, string> {
    const src = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const f of SECRET_FIELDS) {
      const v = src[f];
      if (v === undefined) {
        if (!existing?.[f]) throw invalid(`settings.${f}`, 'is required: from the app\'s "Keys and tokens" page (stored encrypted, never shown again)');
        continue;
      }
      if (typeof v !== 'string' || !/^[\x21-\x7e]{10,200}$/.test(v.trim()))
        throw invalid(`settings.${f}`, 'must be the value X shows (10 to 200 printable characters)');
      out[f] = v.trim();
    }
    return out;
  },
  poll: pollOnce,
  pollEveryMs: (s) => (s.polling ? Number(s.pollIntervalSeconds ?? 60) * 1000 : null),
  fetchPost: fetchTweet,
  check: checkX,
};
