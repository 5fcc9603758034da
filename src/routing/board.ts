import type { App } from '../app.js';
import type { AvailabilityStatus, ConversationKind, RoutingMode } from '../store/schema.js';
import { effectiveAvailability, idleMsOf, loadAvailability } from './availability.js';
import { loadLoads } from './candidates.js';
import { type Capacity, loadTeamRouting } from './settings.js';

export interface BoardAgent {
  userId: string;
  name: string;
  status: AvailabilityStatus;
  /** Open conversations assigned to them (every team), by kind, and in all. */
  load: Partial<Record<ConversationKind, number>>;
  total: number;
  capacity: Capacity;
}

export interface BoardTeam {
  id: string;
  name: string;
  mode: RoutingMode;
  agents: BoardAgent[];
  waiting: {
    count: number;
    /** Since when the longest waiting one has waited (ms), null when the queue is empty. */
    oldestSince: number | null;
    /** The longest waiting, oldest first (up to 10). */
    items: Array<{ id: string; kind: ConversationKind; subject: string | null; since: number }>;
  };
}

/**
 * The lead's live board (GET /routing/board): per team, its agents with their status and load
 * against capacity, and its queue of waiting conversations (open, in the team, nobody assigned)
 * with the oldest wait. The web page reloads it as the event stream moves.
 */
export async function getBoard(app: App, workspaceId: string, teamId?: string): Promise<BoardTeam[]> {
  const db = app.store.db;
  let tq = db.selectFrom('teams').select(['id', 'name']).where('workspace_id', '=', workspaceId).orderBy('name').orderBy('id');
  if (teamId) tq = tq.where('id', '=', teamId);
  const teams = await tq.execute();
  const now = app.now();
  const idleMs = idleMsOf(app.config.awayAfterIdleMinutes);
  const out: BoardTeam[] = [];
  for (const t of teams) {
    const routing = await loadTeamRouting(db, workspaceId, t.id);
    const ids = routing.members.map((m) => m.userId);
    const [avail, loads, names, waiting] = await Promise.all([
      loadAvailability(db, workspaceId, ids),
      loadLoads(db, workspaceId, ids),
      ids.length ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute() : [],
      db
        .selectFrom('conversations')
        .select(['id', 'kind', 'subject', 'waiting_since', 'last_message_at'])
        .where('workspace_id', '=', workspaceId)
        .where('team_id', '=', t.id)
        .where('assignee_id', 'is', null)
        .where('status', '=', 'open')
        .where('spam_at', 'is', null)
        .where('removed_at', 'is', null)
        .execute(),
    ]);
    const name = new Map(names.map((n) => [n.id, n.name]));
    const items = waiting
      .map((w) => ({ id: w.id, kind: w.kind, subject: w.subject, since: Number(w.waiting_since ?? w.last_message_at) }))
      .sort((a, b) => a.since - b.since || a.id.localeCompare(b.id));
    out.push({
      id: t.id,
      name: t.name,
      mode: routing.mode,
      agents: routing.members
        .map((m) => {
          const load = loads.get(m.userId) ?? {};
          return {
            userId: m.userId,
            name: name.get(m.userId) ?? m.userId,
            status: effectiveAvailability(avail.get(m.userId), now, idleMs).status,
            load,
            total: Object.values(load).reduce((a, b) => a + (b ?? 0), 0),
            capacity: { ...routing.capacity, ...(m.capacity ?? {}) },
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
      waiting: { count: items.length, oldestSince: items[0]?.since ?? null, items: items.slice(0, 10) },
    });
  }
  return out;
}
