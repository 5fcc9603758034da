import type { Capabilities } from '../contract/capabilities.js';

/**
 * The site chat widget: one private chat per visitor, no window (the visitor's stream is ours),
 * no attachments (nothing is fetched from or uploaded by a browser we do not know), no edits.
 * safeRetry: the "network" is Hearken's own visitor stream, where a send is only a status change,
 * so repeating it can never show the reply twice.
 */
export const SITE_MAX_LENGTH = 5000;

export const siteCapabilities: Capabilities = {
  publicReply: false,
  privateReplyToPublic: false,
  directMessages: true,
  kinds: ['chat'],
  messageWindowHours: null,
  maxLength: SITE_MAX_LENGTH,
  lengthCounting: 'codepoints',
  attachments: false,
  editDelete: false,
  safeRetry: true,
};
