import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { prepared } from '../store/prepared.js';
import { type EventPayload, type EventType, payloadProblem } from './catalog.js';
import { ruleActor } from './rule-actor.js';

/** An event to append; `type` and `data` must agree with the catalog (events/catalog.ts). */
export type NewEvent = {
  [T in EventType]: {
    workspaceId: string;
    type: T;
    conversationId?: string | null;
    actorUserId?: string | null;
    data: EventPayload<T>;
    at: number;
  };
}[EventType];

// Checking payloads costs a parse per event: tests pay it (every event written by any test is
// checked against the catalog); production trusts the types, since intake appends thousands a second.
const CHECK_PAYLOADS = process.env.NODE_ENV === 'test' || !!process.env.VITEST;

/**
 * Appends to the event log, inside the caller's transaction, so an event exists exactly when
 * the change it describes does. Whatever reacts to it (SLA clocks, metric rollups, realtime…)
 * follows the log from its own cursor (events/reactors.ts); nothing runs here.
 */
export async function appendEvent(db: Kysely<DB>, e: NewEvent): Promise<void> {
  if (CHECK_PAYLOADS) {
    const problem = payloadProblem(e.type, e.data);
    if (problem) throw new Error(`event ${e.type} does not match the catalog: ${problem}`);
  }
  const rule = ruleActor();
  await insertEvent(
    db,
    e.workspaceId,
    e.type,
    e.conversationId ?? null,
    e.actorUserId ?? null,
    rule?.ruleId ?? null,
    rule?.depth ?? null,
    JSON.stringify(e.data),
    e.at,
  );
}

// Every change writes one: compiled once (see store/prepared.ts).
const insertEvent = prepared(
  (
    db,
    workspaceId: string,
    type: string,
    conversationId: string | null,
    actorUserId: string | null,
    actorRuleId: string | null,
    ruleDepth: number | null,
    data: string,
    at: number,
  ) =>
    db.insertInto('events').values({
      workspace_id: workspaceId,
      type,
      conversation_id: conversationId,
      actor_user_id: actorUserId,
      actor_rule_id: actorRuleId,
      rule_depth: ruleDepth,
      data,
      created_at: at,
    }),
);
