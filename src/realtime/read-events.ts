import type { Kysely, Selectable } from 'kysely';
import { parseJson } from '../lib/json.js';
import type { DB, EventTable } from '../store/schema.js';

/** An event as clients see it (stream data and GET /api/v1/events); a public contract. */
export interface EventView {
  id: number;
  type: string;
  conversationId: string | null;
  actorUserId: string | null;
  data: Record<string, unknown>;
  createdAt: number;
}

export function presentEvent(row: Selectable<EventTable>): EventView {
  return {
    id: Number(row.id),
    type: row.type,
    conversationId: row.conversation_id,
    actorUserId: row.actor_user_id,
    data: parseJson<Record<string, unknown>>(row.data, {}),
    createdAt: Number(row.created_at),
  };
}

export interface EventRange {
  workspaceId: string;
  /** Exclusive lower bound (the cursor). */
  after: number;
  /** Inclusive upper bound: the safe horizon, so nothing below a returned id can still appear. */
  upTo: number;
  limit: number;
  types?: string[];
}

/** One page of a workspace's log in id order; the (workspace_id, id) index serves it. */
export async function readEvents(db: Kysely<DB>, r: EventRange): Promise<EventView[]> {
  if (r.upTo <= r.after) return [];
  let q = db.selectFrom('events').selectAll().where('workspace_id', '=', r.workspaceId).where('id', '>', r.after).where('id', '<=', r.upTo);
  if (r.types?.length) q = q.where('type', 'in', r.types);
  const rows = await q.orderBy('id').limit(r.limit).execute();
  return rows.map(presentEvent);
}
