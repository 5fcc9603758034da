import type { AuthorKind, ConversationKind, DeliveryStatus, Direction } from '../store/schema.js';

/**
 * Everything the metric rules read about one conversation, as plain data: loaded from the
 * messages and the event log (load-timelines.ts), turned into facts by cycles.ts. Keeping the
 * rules pure makes each one testable without a database and the same on both dialects.
 */

export interface TimelineMessage {
  id: string;
  direction: Extract<Direction, 'in' | 'out'>;
  authorKind: AuthorKind;
  authorUserId: string | null;
  deliveryStatus: DeliveryStatus;
  /**
   * When it was written: the network's time for customer messages and echoes (capped by when
   * Hearken received it, against clocks running ahead); when the agent sent it for replies.
   */
  at: number;
  /** When Hearken learned of it, on Hearken's own clock: orders it against status events. */
  arrival: number;
  /** The triage engine's label for customer messages (null until analysed): the sentiment mix. */
  sentiment?: string | null;
  /** A customer message removed since (conversations/removed-messages.ts): it owes no SLA clock. */
  removed?: boolean;
}

/** A status change that opens or closes a cycle (conversation.status_changed / .reopened). */
export interface StatusChange {
  at: number;
  seq: number;
  from: string;
  to: string;
}

/** conversation.assigned, with what it replaced. */
export interface Assignment {
  at: number;
  seq: number;
  assigneeId: string | null;
  teamId: string | null;
  previousAssigneeId: string | null;
  previousTeamId: string | null;
}

export interface ConversationTimeline {
  id: string;
  channelId: string;
  kind: ConversationKind;
  /** Current values, used when no assignment event says otherwise. */
  assigneeId: string | null;
  teamId: string | null;
  tags: string[];
  messages: TimelineMessage[];
  statusChanges: StatusChange[];
  assignments: Assignment[];
}

/** Effective time of a stored message (see TimelineMessage.at). */
export function messageTime(m: { network_ts: number | null; received_at: number }): number {
  return m.network_ts === null ? m.received_at : Math.min(m.network_ts, m.received_at);
}
