import type { Kysely, Selectable } from 'kysely';
import type { DB, EventTable } from '../store/schema.js';

export type LogEvent = Selectable<EventTable>;

export interface LogRange {
  /** Exclusive lower bound: the reader's cursor. */
  after: number;
  /** The safe horizon (events/horizon.ts): nothing at or below it can still commit. */
  safe: number;
  limit: number;
  /** One workspace's log (a stream, a poller) or every workspace's (a reactor). */
  workspaceId?: string;
  types?: readonly string[];
}

export interface LogPage {
  events: LogEvent[];
  /**
   * Where the reader's cursor may move once it has handled `events`: past the last one when the
   * page is full, else to the horizon, so a filtered or quiet reader does not rescan the same
   * range. Never past an id that could still commit, never backwards.
   */
  upTo: number;
}

/**
 * The one way the event log is followed — by reactors (events/reactors.ts), SSE streams and
 * polling clients (realtime/): the events after a cursor, up to the safe horizon, in id order.
 * Per workspace the (workspace_id, id) index serves it; across workspaces the primary key does.
 */
export async function readLogPage(db: Kysely<DB>, r: LogRange): Promise<LogPage> {
  if (r.safe <= r.after) return { events: [], upTo: r.after };
  let q = db.selectFrom('events').selectAll().where('id', '>', r.after).where('id', '<=', r.safe);
  if (r.workspaceId !== undefined) q = q.where('workspace_id', '=', r.workspaceId);
  if (r.types?.length) q = q.where('type', 'in', [...r.types]);
  const events = await q.orderBy('id').limit(r.limit).execute();
  const upTo = events.length === r.limit ? Number(events[events.length - 1].id) : r.safe;
  return { events, upTo };
}
