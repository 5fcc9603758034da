import type { Kysely, Selectable } from 'kysely';
import { parseJson } from '../lib/json.js';
import { priorityName } from '../lib/priority.js';
import type { DB, EventTable } from '../store/schema.js';
import { readLogPage } from '../events/read-log.js';

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
    data: presentData(row.type, parseJson<Record<string, unknown>>(row.data, {})),
    createdAt: Number(row.created_at),
  };
}

/** The log keeps a priority as its stored rank; clients read the name like everywhere else in the API (lib/priority.ts). */
function presentData(type: string, data: Record<string, unknown>): Record<string, unknown> {
  if (type === 'conversation.updated' && typeof data.priority === 'number') return { ...data, priority: priorityName(data.priority) };
  if (type === 'conversation.prioritized' && typeof data.priority === 'number' && typeof data.previous === 'number')
    return { ...data, priority: priorityName(data.priority), previous: priorityName(data.previous) };
  return data;
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

/** One page of a workspace's log in id order, presented, with where its reader's cursor may move. */
export async function readEventPage(db: Kysely<DB>, r: EventRange): Promise<{ events: EventView[]; upTo: number }> {
  const page = await readLogPage(db, { after: r.after, safe: r.upTo, limit: r.limit, workspaceId: r.workspaceId, types: r.types });
  return { events: page.events.map(presentEvent), upTo: page.upTo };
}
