import type { ExpressionBuilder } from 'kysely';
import type { EventType } from '../events/catalog.js';
import type { DB } from '../store/schema.js';

/**
 * The one rule for "this customer message no longer counts as awaiting an answer": it was
 * removed. Today that is a delete (by the customer on the network, or by the team: deleted_at).
 * Hiding a comment counts too once messages.hidden_at exists: add it to the three places below
 * (REMOVED_COLUMNS, isRemoved, notRemoved) and its events to REMOVAL_EVENTS; nothing else changes.
 * Read by the queue's settling (settle-after-removal.ts), the SLA clocks (sla/evaluate.ts) and
 * triage's spam rule (spam/auto-mark.ts).
 */
export const REMOVED_COLUMNS = ['deleted_at'] as const;

export type RemovableMessage = { deleted_at: number | null };

export function isRemoved(m: RemovableMessage): boolean {
  return m.deleted_at !== null;
}

/** The same rule in SQL, for a query over `messages`: the message still counts. */
export function notRemoved(eb: ExpressionBuilder<DB, 'messages'>) {
  return eb('messages.deleted_at', 'is', null);
}

/**
 * What can remove a message or bring it back: the removal reactor settles the conversation after
 * each (removal-reactor.ts), and the SLA reactor evaluates its clocks again.
 */
export const REMOVAL_EVENTS = ['message.deleted'] as const satisfies readonly EventType[];
