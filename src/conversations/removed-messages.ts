import type { ExpressionBuilder } from 'kysely';
import type { EventType } from '../events/catalog.js';
import type { DB } from '../store/schema.js';

/**
 * The one rule for "this customer message no longer counts as awaiting an answer": it was
 * removed — deleted (by the customer on the network, or by the team: deleted_at) or hidden on the
 * network by the team (hidden_at; unhiding brings it back). Read by the queue's settling (settle-after-removal.ts), the SLA clocks (sla/evaluate.ts) and
 * triage's spam rule (spam/auto-mark.ts).
 */
export const REMOVED_COLUMNS = ['deleted_at', 'hidden_at'] as const;

export type RemovableMessage = { deleted_at: number | null; hidden_at?: number | null };

export function isRemoved(m: RemovableMessage): boolean {
  return m.deleted_at !== null || (m.hidden_at ?? null) !== null;
}

/** The same rule in SQL, for a query over `messages`: the message still counts. */
export function notRemoved(eb: ExpressionBuilder<DB, 'messages'>) {
  return eb.and([eb('messages.deleted_at', 'is', null), eb('messages.hidden_at', 'is', null)]);
}

/**
 * What can remove a message or bring it back: the removal reactor settles the conversation after
 * each (removal-reactor.ts), and the SLA reactor evaluates its clocks again.
 */
export const REMOVAL_EVENTS = ['message.deleted', 'message.hidden', 'message.unhidden'] as const satisfies readonly EventType[];
