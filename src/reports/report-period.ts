import { loadHoursRows } from '../hours/load-schedules.js';
import { addDays, dateKey, isoWeekday, localParts, zonedToUtc, type LocalDate } from '../hours/zoned-time.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

export type Frequency = 'weekly' | 'monthly';

/** Reports go out at this local hour of the first day after their period. */
export const SEND_HOUR = 7;

/** The zone reports are cut in: the workspace's default business hours in force now, else UTC. */
export async function workspaceZone(db: Kysely<DB>, workspaceId: string, now: number): Promise<string> {
  const rows = (await loadHoursRows(db, workspaceId)).filter((r) => r.channelId === null && r.hours);
  const current = rows.filter((r) => r.effectiveFrom <= now).at(-1) ?? rows[0];
  return current?.hours?.timeZone ?? 'UTC';
}

const today = (now: number, tz: string): LocalDate => {
  const p = localParts(now, tz);
  return { year: p.year, month: p.month, day: p.day };
};

/**
 * The last whole period before `now`, as dates in the zone (to is inclusive, as the metrics
 * API reads dates): weekly = the previous Monday–Sunday, monthly = the previous calendar month.
 */
export function previousPeriod(frequency: Frequency, now: number, tz: string): { from: string; to: string } {
  const d = today(now, tz);
  if (frequency === 'weekly') {
    const monday = addDays(d, -isoWeekday(d));
    return { from: dateKey(addDays(monday, -7)), to: dateKey(addDays(monday, -1)) };
  }
  const first: LocalDate = { year: d.year, month: d.month, day: 1 };
  const lastOfPrev = addDays(first, -1);
  return { from: dateKey({ ...lastOfPrev, day: 1 }), to: dateKey(lastOfPrev) };
}

/** The next sending time after `now`: Monday (weekly) or the 1st (monthly), SEND_HOUR local time. */
export function nextRunAt(frequency: Frequency, now: number, tz: string): number {
  const d = today(now, tz);
  let candidate: LocalDate;
  if (frequency === 'weekly') candidate = addDays(d, (7 - isoWeekday(d)) % 7);
  else candidate = d.day === 1 ? d : nextMonth(d);
  let at = zonedToUtc(candidate, SEND_HOUR * 60, tz);
  if (at <= now) {
    candidate = frequency === 'weekly' ? addDays(candidate, 7) : nextMonth(candidate);
    at = zonedToUtc(candidate, SEND_HOUR * 60, tz);
  }
  return at;
}

const nextMonth = (d: LocalDate): LocalDate => (d.month === 12 ? { year: d.year + 1, month: 1, day: 1 } : { year: d.year, month: d.month + 1, day: 1 });
