import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

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
  await db
    .insertInto('events')
    .values({
      workspace_id: e.workspaceId,
      type: e.type,
      conversation_id: e.conversationId ?? null,
      actor_user_id: e.actorUserId ?? null,
      data: JSON.stringify(e.data ?? {}),
      created_at: e.at,
    })
    .execute();
}
