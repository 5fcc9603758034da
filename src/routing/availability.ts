import type { Kysely } from 'kysely';
import type { AvailabilityStatus, DB, MemberAvailabilityTable } from '../store/schema.js';

/**
 * Tabs send a heartbeat every 30 s (web/src/board/availability.ts); when none has been heard for
 * this long, every tab of theirs is closed (or the laptop asleep) and the member is away.
 */
export const TAB_GONE_MS = 90_000;

export type AvailabilityReason = 'manual' | 'idle' | 'closed' | 'returned';

export interface Availability {
  status: AvailabilityStatus;
  reason: AvailabilityReason;
}

type Row = Pick<MemberAvailabilityTable, 'chosen' | 'last_seen_at' | 'last_active_at'>;

/**
 * What holds now: away when chosen, when every tab has been closed, or when idle too long; else
 * what they chose. A member who never opened the app (API-only, a demo agent) keeps what was set;
 * one without any row is away (nobody said they are there).
 */
export function effectiveAvailability(row: Row | undefined, now: number, idleMs: number): Availability {
  if (!row) return { status: 'away', reason: 'closed' };
  if (row.chosen === 'away') return { status: 'away', reason: 'manual' };
  if (row.last_seen_at !== null && now - Number(row.last_seen_at) > TAB_GONE_MS) return { status: 'away', reason: 'closed' };
  if (row.last_active_at !== null && now - Number(row.last_active_at) > idleMs) return { status: 'away', reason: 'idle' };
  return { status: row.chosen, reason: 'manual' };
}

export const idleMsOf = (minutes: number) => minutes * 60_000;

/** The stored availability of some members (missing: never set). */
export async function loadAvailability(db: Kysely<DB>, workspaceId: string, userIds: readonly string[]) {
  if (!userIds.length) return new Map<string, MemberAvailabilityTable>();
  const rows = await db
    .selectFrom('member_availability')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('user_id', 'in', [...userIds])
    .execute();
  return new Map(rows.map((r) => [r.user_id, r]));
}
