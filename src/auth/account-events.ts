import type { Kysely } from 'kysely';
import { appendEvent, type NewEvent } from '../events/append.js';
import type { EventPayload, EventType } from '../events/catalog.js';
import type { DB } from '../store/schema.js';

/**
 * An account's security change (two-factor, a password reset, sessions) concerns every workspace
 * the person belongs to: each one's audit log should show it. Written in the caller's transaction.
 */
export async function appendAccountEvent<T extends EventType>(tx: Kysely<DB>, userId: string, type: T, data: EventPayload<T>, now: number): Promise<string[]> {
  const rows = await tx.selectFrom('memberships').select('workspace_id').where('user_id', '=', userId).execute();
  // The generic T cannot be narrowed to NewEvent's union member by the compiler; the catalog still checks the payload at runtime in tests.
  for (const r of rows) await appendEvent(tx, { workspaceId: r.workspace_id, type, actorUserId: userId, data, at: now } as NewEvent);
  return rows.map((r) => r.workspace_id);
}
