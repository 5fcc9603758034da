import type { ChannelTable, MessageTable, ConversationTable } from '../../store/schema.js';
import type { OutboundFile } from './outbound-file.js';
import type { Outbound } from '../../net/outbound-http.js';

export interface SendRequest {
  channel: ChannelTable;
  secrets: Record<string, string>;
  settings: Record<string, unknown>;
  conversation: ConversationTable;
  message: MessageTable;
  /** The customer's identity on the network (recipient). */
  recipient: { externalId: string; handle: string | null };
  /** Stable across retries of the same message: lets the network deduplicate. */
  idempotencyKey: string;
  /** True when an earlier attempt may have reached the network (crash or timeout). */
  previousAttemptUnknown: boolean;
  timeoutMs: number;
  /** Files to send with the text (README "Attachments"); absent or empty for most replies. */
  files?: OutboundFile[];
  /** The one outbound HTTP client (src/net/outbound-http.ts): the send goes through it. */
  outbound: Outbound;
}

export type SendResult =
  | { ok: true; externalId: string | null }
  /** permanent: the network refused this message; retrying will not help. */
  | {
      ok: false;
      permanent: boolean;
      error: string;
      retryAfterMs?: number;
      /** The request may have reached the network (timeout, connection reset after sending). */
      outcomeUnknown?: boolean;
    };

/** One per channel type: delivers one message to the network and says what happened. */
export interface Sender {
  send(req: SendRequest): Promise<SendResult>;
}
