import twitterText from 'twitter-text';
import type { ConversationKind } from '../../store/schema.js';
import type { ModerationCapabilities } from './moderation.js';

/**
 * What a channel can do. The composer, the API and automations check a reply against this
 * before anything is queued, so a network never sees a request it would refuse.
 */
export interface Capabilities {
  publicReply: boolean;
  /** Reply privately to a public item (e.g. Messenger private reply to a comment). */
  privateReplyToPublic: boolean;
  directMessages: boolean;
  kinds: ConversationKind[];
  /** Hours after the customer's last message during which a free-form reply is allowed; null = no window. */
  messageWindowHours: number | null;
  maxLength: number;
  /** How the network counts length: plain code points, UTF-16 units, or X's weighted count. */
  lengthCounting: 'codepoints' | 'utf16' | 'twitter-weighted';
  attachments: boolean;
  /**
   * Files an agent may send (README "Attachments"); absent = none, whatever `attachments` says.
   * Checked before a reply is queued (conversations/check-attachments.ts) and shown by the composer.
   */
  outboundAttachments?: OutboundAttachmentLimits;
  editDelete: boolean;
  /**
   * The network deduplicates retried sends (an idempotency key) or lets us look the first one up,
   * so a send whose outcome is unknown may be retried. When false it goes to a human instead.
   */
  safeRetry: boolean;
  /**
   * Moderation of customers' public comments (hide, unhide, delete, like, block the author): the
   * actions the network's API allows. Absent = none (the channel's adapter has no `moderate`).
   */
  moderation?: ModerationCapabilities;
}

/** What a channel's network takes in one outbound message. */
export interface OutboundAttachmentLimits {
  /** Files per reply. */
  maxFiles: number;
  /** Bytes per file, the network's documented limit. */
  maxBytes: number;
  /** Only direct/private messages carry files (comments and public replies do not). */
  privateOnly: boolean;
  /** Text sent with a file as its caption is limited (Telegram: 1,024); longer text goes as its own message. */
  captionMax?: number;
}

export function countLength(text: string, counting: Capabilities['lengthCounting']): number {
  if (counting === 'utf16') return text.length;
  if (counting === 'codepoints') return [...text].length;
  // X's own rules (twitter-text v3 config): URLs count 23, CJK and most non-Latin scripts and
  // emoji count 2, text is NFC-normalized first. Conformance cases: src/channels/x/x-parse.test.ts.
  return twitterText.parseTweet(text).weightedLength;
}
