/**
 * Moderating a public item on the network (README "Moderation"): what the team may do to a
 * customer's public comment or reply besides answering it. Each adapter that can moderate
 * declares which actions its network's API allows (`Capabilities.moderation`) and implements
 * `ChannelAdapter.moderate`; the outbox's moderation job (src/outbox/moderate.ts) calls it.
 */
export const MODERATION_ACTIONS = ['hide', 'unhide', 'delete', 'like', 'block'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** Which actions a channel's network allows, and why the others are not offered (shown beside them). */
export interface ModerationCapabilities {
  actions: ModerationAction[];
  /** An action the network has no API for, with the reason in words an agent reads. */
  unavailable: Partial<Record<ModerationAction, string>>;
  /** The network's name in "Hidden on Facebook" (a Page's comments are Facebook's even when the channel is Messenger's). */
  networkName: string;
}

/** What is moderated: the customer's item on the network, and its author for `block`. */
export interface ModerationTarget {
  /** The network's id of the comment, reply or post. */
  externalId: string;
  /** The author's id on the network (the identity's external id); null when unknown. */
  authorExternalId: string | null;
  /** The item the comment lives under (post, media, tweet), when known. */
  publicItemId: string | null;
  /** Stable across retries of one action: lets a receiver that deduplicates drop a repeat. */
  idempotencyKey: string;
}

/** The network's answer. `permanent`: retrying cannot help; `error` is the network's own words. */
export type ModerationResult = { ok: true } | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };
