import type { App } from '../app.js';
import type { AvailabilityStatus } from '../store/schema.js';
import { effectiveAvailability, idleMsOf } from './availability.js';

export interface MemberAvailabilityView {
  userId: string;
  name: string;
  status: AvailabilityStatus;
  /** What they set by hand (null: never set; they are away until the app or the API says otherwise). */
  chosen: AvailabilityStatus | null;
  reason: 'manual' | 'idle' | 'closed' | 'returned';
  /** When the status last changed (ms), null when never set. */
  since: number | null;
}

/** Every member's availability as it holds now, by name (GET /availability; one member with userId). */
export async function listAvailability(app: App, workspaceId: string, userId?: string): Promise<MemberAvailabilityView[]> {
  let q = app.store.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('member_availability as a', (j) => j.onRef('a.workspace_id', '=', 'm.workspace_id').onRef('a.user_id', '=', 'm.user_id'))
    .select(['m.user_id', 'u.name', 'a.chosen', 'a.status', 'a.last_seen_at', 'a.last_active_at', 'a.changed_at', 'a.reason'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('u.name')
    .orderBy('m.user_id');
  if (userId) q = q.where('m.user_id', '=', userId);
  const rows = await q.execute();
  const now = app.now();
  const idleMs = idleMsOf(app.config.awayAfterIdleMinutes);
  return rows.map((r) => {
    const row = r.chosen ? { chosen: r.chosen, last_seen_at: r.last_seen_at, last_active_at: r.last_active_at } : undefined;
    const eff = effectiveAvailability(row, now, idleMs);
    // The stored reason says why the last change happened (e.g. "returned"); a newer lapse shows its own.
    const reason = eff.status === r.status && r.reason ? (r.reason as MemberAvailabilityView['reason']) : eff.reason;
    return {
      userId: r.user_id,
      name: r.name,
      status: eff.status,
      chosen: r.chosen ?? null,
      reason,
      since: r.changed_at === null ? null : Number(r.changed_at),
    };
  });
}
