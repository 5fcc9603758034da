import { z } from 'zod';
import type { ChannelAdapter } from '../contract/adapter.js';
import type { Capabilities } from '../contract/capabilities.js';
import { AppError, invalid } from '../../lib/errors.js';
import { zodToAppError } from '../../lib/zod-error.js';
import { DEFAULT_IMAP_PORT, DEFAULT_SMTP_PORT, MAX_REPLY_LENGTH } from './constants.js';
import { checkEmail } from './check.js';
import { parseEmailDelivery } from './parse.js';
import { pollOnce } from './poll.js';
import { emailSender } from './send.js';

export const emailCapabilities: Capabilities = {
  publicReply: false,
  privateReplyToPublic: false,
  directMessages: true,
  kinds: ['email'],
  messageWindowHours: null,
  maxLength: MAX_REPLY_LENGTH,
  lengthCounting: 'codepoints',
  attachments: true,
  // 25 MB per file is what the large mail providers accept for a whole message; servers differ.
  outboundAttachments: { maxFiles: 10, maxBytes: 25 * 1024 * 1024, privateOnly: true },
  editDelete: false,
  // SMTP cannot tell whether a message whose DATA went out before a failure was accepted: a human decides.
  safeRetry: false,
};

const host = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$/, 'must be a host name or address');
const port = z.number().int().min(1).max(65_535);
/** tls: TLS from the first byte (IMAP 993, SMTP 465); starttls: upgrade required (SMTP 587); none: local test servers only. */
const security = z.enum(['tls', 'starttls', 'none']);
const settingsSchema = z.object({
  /** The mailbox's address: replies are sent from it; mail from it is recorded as sent from outside Hearken. */
  address: z.email(),
  fromName: z.string().max(100).optional(),
  /** Login for both servers (defaults to the address). The password is pasted and sealed (takeSecrets). */
  username: z.string().min(1).max(320).optional(),
  imapHost: host,
  imapPort: port.default(DEFAULT_IMAP_PORT),
  imapSecurity: security.default('tls'),
  mailbox: z.string().min(1).max(200).default('INBOX'),
  smtpHost: host,
  smtpPort: port.default(DEFAULT_SMTP_PORT),
  smtpSecurity: security.default('starttls'),
  pollIntervalSeconds: z.number().int().min(10).max(86_400).optional(),
  /** Maintained by the poller: the mailbox's UIDVALIDITY and the last UID journaled under it. */
  imapUidValidity: z.string().regex(/^\d+$/).optional(),
  imapLastUid: z.number().int().nonnegative().optional(),
});

/** A mailbox: IMAP in (polled), SMTP out (docs/channels-email.md). */
export const emailAdapter: ChannelAdapter = {
  type: 'email',
  network: 'email',
  displayName: 'Email',
  capabilities: emailCapabilities,
  verify() {
    // Mail arrives by IMAP polling, never as a webhook: nothing may post into this channel.
    throw new AppError('invalid_signature', 'email channels receive mail by IMAP, not by webhook');
  },
  parse: (delivery) => parseEmailDelivery(delivery.body, Date.now()),
  sender: emailSender,
  newSecrets: () => ({}),
  parseSettings(input) {
    const r = settingsSchema.safeParse(input ?? {});
    if (!r.success) throw zodToAppError(r.error, 'settings.');
    return { ...r.data, address: r.data.address.toLowerCase() };
  },
  takeSecrets(input, existing): Record<string, string> {
    const v = (input && typeof input === 'object' ? (input as Record<string, unknown>) : {}).password;
    if (v === undefined) {
      if (!existing?.password) throw invalid('settings.password', 'is required: the mailbox password or app password (stored encrypted, never shown again)');
      return {};
    }
    if (typeof v !== 'string' || !v || v.length > 1000) throw invalid('settings.password', 'must be a non-empty string');
    return { password: v };
  },
  poll: pollOnce,
  pollEveryMs: (s) => Number(s.pollIntervalSeconds ?? 60) * 1000,
  check: checkEmail,
};
