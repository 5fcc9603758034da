import { z } from 'zod';
import type { ChannelAdapter } from '../contract/adapter.js';
import type { Capabilities } from '../contract/capabilities.js';
import { randomToken, safeEqual } from '../../lib/crypto.js';
import { AppError, invalid } from '../../lib/errors.js';
import { zodToAppError } from '../../lib/zod-error.js';
import { BOT_TOKEN_PATTERN, SECRET_TOKEN_HEADER, TELEGRAM_MAX_TEXT_LENGTH } from './constants.js';
import { checkTelegram } from './check.js';
import { fetchTelegramFile, telegramFileRef } from './fetch-file.js';
import { parseTelegramDelivery } from './parse.js';
import { pollOnce } from './poll.js';
import { telegramSender } from './send.js';

/** A bot talks in private chats and groups; nothing it says is public to the world. */
export const telegramCapabilities: Capabilities = {
  publicReply: false,
  privateReplyToPublic: false,
  directMessages: true,
  kinds: ['dm', 'chat'],
  messageWindowHours: null,
  maxLength: TELEGRAM_MAX_TEXT_LENGTH,
  lengthCounting: 'utf16',
  attachments: true,
  // Bot API: files up to 50 MB by multipart upload (photos 10 MB: bigger pictures go as documents), captions 1,024.
  outboundAttachments: { maxFiles: 10, maxBytes: 50 * 1024 * 1024, privateOnly: true, captionMax: 1024 },
  editDelete: false,
  // sendMessage has no idempotency key: an uncertain send goes to a human, not twice to the customer.
  safeRetry: false,
};

const settingsSchema = z.object({
  /** For a proxy or a test double: replaces https://api.telegram.org. */
  apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** webhook (default): Telegram POSTs to Hearken; polling: Hearken calls getUpdates (no public URL needed). */
  mode: z.enum(['webhook', 'polling']).default('webhook'),
  /** Maintained by the poller: the next getUpdates offset (last update_id + 1). */
  updateOffset: z.number().int().nonnegative().optional(),
  /** Filled in by connectTelegram from getMe. */
  botUsername: z.string().max(64).optional(),
});

/** Telegram bots (docs/channels-telegram.md). */
export const telegramAdapter: ChannelAdapter = {
  type: 'telegram',
  network: 'telegram',
  displayName: 'Telegram',
  deliveryHeaders: ['x-telegram-'],
  // File download URLs (https://api.telegram.org/file/bot<token>/<path>); see docs/media.md.
  mediaHosts: { domains: [], hosts: ['api.telegram.org'] },
  capabilities: telegramCapabilities,
  verify(delivery, secrets) {
    const expected = secrets.secretToken;
    if (!expected) throw new AppError('invalid_signature', 'channel has no secret token');
    const got = delivery.headers[SECRET_TOKEN_HEADER];
    if (!got) throw new AppError('invalid_signature', 'missing X-Telegram-Bot-Api-Secret-Token header');
    if (!safeEqual(got, expected)) throw new AppError('invalid_signature', 'X-Telegram-Bot-Api-Secret-Token does not match');
  },
  parse: (delivery) => parseTelegramDelivery(delivery.body, Date.now()),
  sender: telegramSender,
  // setWebhook's secret_token: 1-256 of A-Z a-z 0-9 _ - (base64url fits).
  newSecrets: () => ({ secretToken: randomToken(32) }),
  parseSettings(input) {
    const r = settingsSchema.safeParse(input ?? {});
    if (!r.success) throw zodToAppError(r.error, 'settings.');
    return r.data;
  },
  takeSecrets(input, existing): Record<string, string> {
    const v = (input && typeof input === 'object' ? (input as Record<string, unknown>) : {}).botToken;
    if (v === undefined) {
      if (!existing?.botToken) throw invalid('settings.botToken', 'is required: the token @BotFather gave (stored encrypted, never shown again)');
      return {};
    }
    if (typeof v !== 'string' || !BOT_TOKEN_PATTERN.test(v.trim()))
      throw invalid('settings.botToken', 'must be a bot token as @BotFather gives it ("123456789:AA…")');
    return { botToken: v.trim() };
  },
  // The scheduler's poll does not wait on Telegram (timeout 0): it runs every channel in turn.
  poll: (ctx, channel) => pollOnce(ctx, channel, { timeoutSeconds: 0 }),
  pollEveryMs: (s) => (s.mode === 'polling' ? 5_000 : null),
  mediaRef: telegramFileRef,
  fetchMedia: fetchTelegramFile,
  check: checkTelegram,
};
