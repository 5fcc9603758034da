import type { Capabilities } from '../contract/capabilities.js';
import { MESSENGER_MAX_LENGTH, WHATSAPP_MAX_LENGTH } from './constants.js';
import { facebookModeration, instagramModeration } from './moderate.js';

/**
 * messageWindowHours is null on purpose: Meta's windows are not one number (24 h, then 7 days
 * for a human with HUMAN_AGENT; 7 days for a private reply), so the adapters' checkReply
 * enforce them (meta/policy.ts) with errors that say which rule applies. safeRetry is false:
 * the Send API and the WhatsApp Cloud API take no idempotency key, so an uncertain send goes to a human.
 */
const meta = { messageWindowHours: null, attachments: false, editDelete: false, safeRetry: false } as const;

/** A Facebook Page: Messenger conversations and comments on the Page's posts. */
export const messengerCapabilities: Capabilities = {
  ...meta,
  publicReply: true,
  privateReplyToPublic: true,
  directMessages: true,
  kinds: ['dm', 'comment'],
  maxLength: MESSENGER_MAX_LENGTH,
  lengthCounting: 'codepoints',
  // Send API: one file per message, uploaded as multipart `filedata`, 25 MB; DMs only (not comments, not private replies).
  attachments: true,
  outboundAttachments: { maxFiles: 5, maxBytes: 25 * 1024 * 1024, privateOnly: true },
  moderation: facebookModeration,
};

/** An Instagram professional account: DMs and comments on its media. DMs are also limited to 1,000 UTF-8 bytes (checkReply). */
export const instagramCapabilities: Capabilities = {
  ...meta,
  publicReply: true,
  privateReplyToPublic: true,
  directMessages: true,
  kinds: ['dm', 'comment'],
  maxLength: 1000,
  lengthCounting: 'codepoints',
  moderation: instagramModeration,
};

export const whatsappCapabilities: Capabilities = {
  ...meta,
  publicReply: false,
  privateReplyToPublic: false,
  directMessages: true,
  kinds: ['dm'],
  maxLength: WHATSAPP_MAX_LENGTH,
  lengthCounting: 'codepoints',
  // Cloud API media: upload to /{phone-number-id}/media, send by id; images 5 MB (bigger go as documents), video and audio 16 MB.
  attachments: true,
  outboundAttachments: { maxFiles: 5, maxBytes: 16 * 1024 * 1024, privateOnly: true, captionMax: 1024 },
};
