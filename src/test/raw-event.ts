import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

/**
 * Writes an event whose type is not in the catalog (`test.*`), for tests of the log itself
 * (streams, cursors, paging) that need types no real reader reacts to. Real code appends through
 * events/append.ts, whose types and payloads the catalog checks.
 */
export async function appendTestEvent(
  db: Kysely<DB>,
  e: { workspaceId: string; type: `test.${string}`; conversationId?: string | null; data?: Record<string, unknown>; at: number },
): Promise<void> {
  await db
    .insertInto('events')
    .values({
      workspace_id: e.workspaceId,
      type: e.type,
      conversation_id: e.conversationId ?? null,
      actor_user_id: null,
      data: JSON.stringify(e.data ?? {}),
      created_at: e.at,
    })
    .execute();
}
