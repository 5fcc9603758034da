import type { Capabilities } from '../contract/capabilities.js';

/** The generic API channel: whatever the custom source supports; replies carry an idempotency key. */
export const apiCapabilities: Capabilities = {
  publicReply: true,
  privateReplyToPublic: true,
  directMessages: true,
  kinds: ['dm', 'comment', 'mention', 'review', 'email', 'chat'],
  messageWindowHours: null,
  maxLength: 10_000,
  lengthCounting: 'codepoints',
  attachments: true,
  editDelete: true,
  safeRetry: true,
};
