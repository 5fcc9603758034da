import type { Kysely } from 'kysely';
import { loadHoursRows } from '../hours/load-schedules.js';
import { addDays, isoWeekday, localParts, zonedToUtc } from '../hours/zoned-time.js';
import { invalid } from '../lib/errors.js';
import type { DB } from '../store/schema.js';

/** The composer's quick choices; resolved on the server in the workspace's business time zone. */
export type SendLaterPreset = 'tomorrow_morning' | 'next_monday';
export const SEND_LATER_PRESETS: readonly SendLaterPreset[] = ['tomorrow_morning', 'next_monday'];

/** The furthest ahead a reply may be scheduled: a year (a typo in the year should not park a reply forever). */
export const MAX_AHEAD_MS = 366 * 86_400_000;
const NINE = 9 * 60;

/** The workspace's business time zone: the default business hours' zone in force now, else UTC. */
export async function workspaceTimeZone(db: Kysely<DB>, workspaceId: string, now: number): Promise<string> {
  const rows = (await loadHoursRows(db, workspaceId)).filter((r) => r.channelId === null);
  let hit = rows[0];
  for (const r of rows) if (r.effectiveFrom <= now) hit = r;
  return hit?.hours?.timeZone ?? 'UTC';
}

/** "Tomorrow 9:00" and "Monday 9:00" (next Monday; a week on when today is Monday) in a zone. */
export function presetTimes(now: number, timeZone: string): Record<SendLaterPreset, number> {
  const today = localParts(now, timeZone);
  const untilMonday = (7 - isoWeekday(today)) % 7 || 7;
  return {
    tomorrow_morning: zonedToUtc(addDays(today, 1), NINE, timeZone),
    next_monday: zonedToUtc(addDays(today, untilMonday), NINE, timeZone),
  };
}

/** The instant a held reply is due: a preset or an explicit time, which must be ahead and within a year. */
export async function resolveSendAt(
  db: Kysely<DB>,
  workspaceId: string,
  o: { sendAt?: number | null; sendLater?: SendLaterPreset | null; now: number },
): Promise<number | null> {
  if (o.sendLater) return presetTimes(o.now, await workspaceTimeZone(db, workspaceId, o.now))[o.sendLater];
  if (o.sendAt === undefined || o.sendAt === null) return null;
  if (o.sendAt <= o.now) throw invalid('sendAt', 'must be in the future');
  if (o.sendAt > o.now + MAX_AHEAD_MS) throw invalid('sendAt', 'must be within a year');
  return o.sendAt;
}
