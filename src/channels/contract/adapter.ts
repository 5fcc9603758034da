import type { Capabilities } from './capabilities.js';
import type { ChannelAccess, Finding, MediaContext, NetworkContext, JournalContext, PollOutcome } from './context.js';
import type { InboundEvent } from './inbound.js';
import type { MediaFetch } from './media.js';
import type { ModerationAction, ModerationResult, ModerationTarget } from './moderation.js';
import type { PostFetch } from './post.js';
import type { Sender } from './send.js';
import type { MessageTemplates } from './templates.js';
import type { AuthorKind, ConversationTable, Visibility } from '../../store/schema.js';

export interface RawDelivery {
  headers: Record<string, string>;
  body: string;
}

/**
 * One network family: how to verify its deliveries, parse them, and send to it. The required
 * members are what every channel type needs; the optional ones are what only some networks
 * have (polling, media sent by id, post lookup, a connection check). Consumers look an adapter
 * up in the registry (src/channels/registry.ts) and call what it has: none names a network.
 */
export interface ChannelAdapter {
  type: string;
  /** Identity namespace for contacts (several channel types may share one, e.g. all Meta apps). */
  network: string;
  /** The network's name as admins read it in messages ("WhatsApp", "Telegram"). */
  displayName: string;
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
  /**
   * Request headers the network signs or labels its deliveries with (lower-case names, or prefixes
   * ending in "-"), kept with the journaled delivery for `verify` and `parse`; every other header
   * is dropped. Content type, user agent, request id and Hearken's own `x-hearken-*` are always kept.
   */
  deliveryHeaders?: string[];
  /**
   * The network's own media hosts: the only places attachments of its deliveries are downloaded
   * from (a URL in a delivery is a stranger's input; anything else could point this server at an
   * internal address). `domains` match the domain and its subdomains, `hosts` match exactly.
   */
  mediaHosts?: { domains: string[]; hosts: string[] };

  /**
   * Pulls what is new from the network (for networks, or modes, without webhooks). Called by the
   * scheduler (src/processes/pollers.ts) for each active channel of this type whenever
   * `pollEveryMs` says it is due, one channel at a time. Must write each fetch with `ctx.journal`
   * in the SAME transaction that stores its cursor in the channel's settings, so a crash neither
   * loses nor repeats anything (a second fetch of the same items is harmless: intake dedupes),
   * then call `ctx.wakeIntake()`. Reports a network's Retry-After as `retryAfterMs`. May throw:
   * the scheduler logs it and polls again at the next interval.
   */
  poll?(ctx: JournalContext, channel: ChannelAccess): Promise<PollOutcome>;
  /** How often a channel with these settings is polled (ms), or null when it is not (webhook mode). Set together with `poll`. */
  pollEveryMs?(settings: Record<string, unknown>): number | null;
  /**
   * The id of an attachment this network sends by id rather than by URL, as this adapter's own
   * parser wrote it on the attachment; null for any other attachment. Pure and cheap: called for
   * every attachment of every inbound message of this network (src/media/fetch-media-job.ts).
   * Set together with `fetchMedia`.
   */
  mediaRef?(attachment: { url?: string; name?: string }): string | null;
  /**
   * Downloads one attachment by the id `mediaRef` gave, with the receiving channel's credentials,
   * inside the media job. Called only with a channel of this adapter's type (an API channel
   * speaking for the network holds no token; the job refuses those itself). Must not throw, must
   * download through `ctx.download` (media host rules, size limit, redirects) and must keep tokens
   * out of every error text. A `final` failure is recorded on the attachment and never retried.
   */
  fetchMedia?(ctx: MediaContext, channel: ChannelAccess, ref: string): Promise<MediaFetch>;
  /**
   * Looks up the public item (post, media, tweet) a comment or mention lives under, for the
   * conversation's original post. Called by the post-context job (src/posts/fetch-post-job.ts),
   * once per item an agent opens, never on intake's path. Must not throw: a refusal comes back
   * in the network's own words, `permanent` when retrying cannot help.
   */
  fetchPost?(ctx: NetworkContext, channel: ChannelAccess, itemId: string): Promise<PostFetch>;
  /**
   * Connection check (`hearken channels check`, POST /api/v1/channels/{id}/check): asks the network
   * whether the channel's stored credentials and settings work — whose token it is, whether the
   * webhook is subscribed, whether the mailbox accepts the login. Read-only: never posts
   * anything. A throw is reported as a failed check with its message.
   */
  check?(ctx: NetworkContext, channel: ChannelAccess): Promise<Finding>;
  /**
   * Message templates, for networks that have them (WhatsApp): listing them at the network,
   * their variables, and how a queued template message tells this adapter's sender what to send.
   * Used by the template sync (channel-admin/sync-templates.ts) and send (conversations/send-template.ts).
   */
  templates?: MessageTemplates;
  /**
   * Hides, unhides, deletes or likes a customer's public comment, or blocks its author, on the
   * network. Called only by the outbox's moderation job (src/outbox/moderate.ts), only with an
   * action the channel's `capabilities.moderation` lists. Must not throw; rate limits and the
   * network's temporary errors come back `permanent: false` (retried), every refusal with the
   * network's own words. Moderation is idempotent on the networks Hearken speaks to (hiding twice
   * hides once), so an uncertain attempt may be retried.
   */
  moderate?(ctx: NetworkContext, channel: ChannelAccess, action: ModerationAction, target: ModerationTarget): Promise<ModerationResult>;
}
