import twitterText from 'twitter-text';
import type { ConversationKind } from '../store/schema.js';

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
  editDelete: boolean;
  /**
   * The network deduplicates retried sends (an idempotency key) or lets us look the first one up,
   * so a send whose outcome is unknown may be retried. When false it goes to a human instead.
   */
  safeRetry: boolean;
}

export function countLength(text: string, counting: Capabilities['lengthCounting']): number {
  if (counting === 'utf16') return text.length;
  if (counting === 'codepoints') return [...text].length;
  // X's own rules (twitter-text v3 config): URLs count 23, CJK and most non-Latin scripts and
  // emoji count 2, text is NFC-normalized first. Conformance cases: src/channels/x/x-parse.test.ts.
  return twitterText.parseTweet(text).weightedLength;
}
