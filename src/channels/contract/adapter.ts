import type { Capabilities } from './capabilities.js';
import type { InboundEvent } from './inbound.js';
import type { Sender } from './send.js';
import type { AuthorKind, ConversationTable, Visibility } from '../../store/schema.js';

export interface RawDelivery {
  headers: Record<string, string>;
  body: string;
}

/** One network family: how to verify its deliveries, parse them, and send to it. */
export interface ChannelAdapter {
  type: string;
  /** Identity namespace for contacts (several channel types may share one, e.g. all Meta apps). */
  network: string;
  capabilities: Capabilities;
  /** A channel's own capabilities when its settings narrow the network's (absent: `capabilities`). */
  capabilitiesFor?(settings: Record<string, unknown>): Capabilities;
  /** Throws AppError('invalid_signature') when the delivery is not from the network. Must be constant-time. */
  verify(delivery: RawDelivery, secrets: Record<string, string>, now: number): void;
  /** Throws with a human-readable reason when the payload cannot be understood (kept for admins). */
  parse(delivery: RawDelivery): InboundEvent[];
  sender: Sender;
  /** Secrets generated when a channel of this type is created. */
  newSecrets(): Record<string, string>;
  /** Validates user-supplied settings (e.g. callback URL); returns the cleaned settings. */
  parseSettings(input: unknown): Record<string, unknown>;
  /**
   * GET on the webhook URL: the network's verification handshake (Meta hub.challenge, X CRC).
   * Returns the answer, or null for "not a handshake" (404). Must compare tokens in constant time.
   */
  handshake?(
    query: Record<string, string>,
    secrets: Record<string, string>,
    settings: Record<string, unknown>,
  ): { status: number; body: string; contentType?: string } | null;
  /**
   * Network rules a reply must meet beyond the generic capability checks (e.g. Messenger's
   * HUMAN_AGENT tag window for humans only, WhatsApp templates outside 24 h). Throw AppError.
   */
  checkReply?(
    conv: ConversationTable,
    reply: { text: string; visibility: Visibility; authorKind: AuthorKind; now: number },
    settings: Record<string, unknown>,
  ): void;
  /**
   * Secrets the admin pastes (e.g. Meta's app secret and access token) arrive inside the settings
   * input; this picks them out so they are sealed with the channel's secrets and never stored as
   * plain settings (parseSettings drops them). `existing` is the channel's current secrets on an
   * update (absent at creation): throw AppError('invalid_request') when a required one is in neither.
   */
  takeSecrets?(input: unknown, existing?: Record<string, string>): Record<string, string>;
}
