import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { prepared } from '../store/prepared.js';
import { affectsMetrics, markStale } from '../metrics/rollup/mark-stale.js';

export interface NewEvent {
  workspaceId: string;
  type: string;
  conversationId?: string | null;
  actorUserId?: string | null;
  data?: Record<string, unknown>;
  at: number;
}

/**
 * Appends to the event log, inside the caller's transaction, so an event exists exactly when
 * the change it describes does. Event types are documented in README "Events".
 */
export async function appendEvent(db: Kysely<DB>, e: NewEvent): Promise<void> {
  await insertEvent(db, e.workspaceId, e.type, e.conversationId ?? null, e.actorUserId ?? null, JSON.stringify(e.data ?? {}), e.at);
  // The metric rollups follow the event log: whatever changes a conversation's timeline marks it.
  if (e.conversationId && affectsMetrics(e.type)) await markStale(db, e.workspaceId, e.conversationId, e.at);
}

// Every change writes one: compiled once (see store/prepared.ts).
const insertEvent = prepared((db, workspaceId: string, type: string, conversationId: string | null, actorUserId: string | null, data: string, at: number) =>
  db.insertInto('events').values({ workspace_id: workspaceId, type, conversation_id: conversationId, actor_user_id: actorUserId, data, created_at: at }),
);
